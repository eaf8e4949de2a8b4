"""Every printed document of OpPlan, in one registry (ADR 0022).

Each document is one module here declaring a `pipeline.Document`: its key, Thai label,
what it is built from (a plan, a meeting or a results round), builder, templates, page
orientation and style sheets, formats, and for a form its workbook writer. `pipeline`
builds, digests, caches and renders them all the same way. Views, commands, the public page and the
benchmarks choose a document from `DOCUMENTS` and a format; nothing else lists documents.

    from reports.documents import DOCUMENTS, pipeline
    built = pipeline.build(DOCUMENTS["pd02"], plan)
    pipeline.render(built, "pdf").content  # bytes, cached under pipeline.digest(built, "pdf")
"""

from reports.documents import (
    agenda,
    announcement,
    book,
    invitation,
    minutes,
    pd01,
    pd02,
    pd021,
    results,
    results_announcement,
)
from reports.documents.pipeline import HTML, PLAN, ROUND, Document

__all__ = ["DOCUMENTS", "HTML", "PLAN", "ROUND", "Document", "of", "pages", "published"]

# In the order the public page lists an edition's files.
DOCUMENTS = {
    document.key: document
    for document in (
        book.DOCUMENT,
        announcement.DOCUMENT,
        pd01.DOCUMENT,
        pd02.DOCUMENT,
        pd021.DOCUMENT,
        # A round's results (design.md, "what a user can do" 9): its announcement first,
        # as the public page lists them.
        results_announcement.DOCUMENT,
        results.DOCUMENT,
        invitation.DOCUMENT,
        agenda.DOCUMENT,
        minutes.DOCUMENT,
    )
}


def of(built_from: str) -> list[Document]:
    """The documents built from a plan (PLAN), a meeting (MEETING) or a round (ROUND)."""
    return [d for d in DOCUMENTS.values() if d.built_from == built_from]


def pages() -> list[Document]:
    """The forms: a plan's documents the app also shows as pages (and offers as HTML)."""
    return [d for d in of(PLAN) if HTML in d.formats]


def published(built_from: str = PLAN) -> list[tuple[Document, str]]:
    """(document, format) of every file the public page offers for an announced edition
    (PLAN) or an announced round's results (ROUND)."""
    return [(d, fmt) for d in of(built_from) for fmt in d.published]
