"""The whole plan book (รูปเล่มแผนการดำเนินงาน) as one PDF (ADR 0012).

Cover, announcement, contents, ส่วนที่ 1 บทนำ, ส่วนที่ 2 (ผด.01, ผด.02 and ผด.02/1 on
landscape pages, from the forms' own partials), annexes. One HTML document: named pages
switch orientation, one page counter runs through it, and the contents take their page
numbers from layout (`target-counter`). Every part comes from one reports.sources.Edition,
so an announced edition prints as it was announced (ADR 0018).
A long book is laid out section by section in separate processes and joined, page for
page the same (thai.pdf_sections, ADR 0045).
"""

from dataclasses import dataclass

from reports import sources
from reports.builders import build_pd01, build_pd02, build_pd021
from reports.documents import pd01, pd02, pd021
from reports.documents.announcement import Announcement, build_announcement, text_values
from reports.documents.pipeline import PDF, PLAN, Document, counter_style
from reports.texts import INTRO, blocks, fill
from thai.format import FISCAL_MONTHS


@dataclass(frozen=True)
class Book:
    announcement: Announcement
    intro: tuple
    pd01: object
    pd02: object
    pd021: object
    meetings: tuple
    decisions: tuple
    changes: tuple = ()  # an amendment's rows added, removed and changed
    budget_before: str = ""  # formatted money
    budget_after: str = ""
    by_executive_alone: bool = False
    offline: object = None  # sources.OfflineRow: announced on paper (ประกาศนอกระบบ)

    @property
    def thai_digits(self):
        return self.announcement.thai_digits

    @property
    def forms(self):
        """The forms printed in ส่วนที่ 2 (ผด.02/1 only when the plan buys equipment)."""
        return (self.pd01, self.pd02) + (() if self.pd021.is_empty else (self.pd021,))


def build_intro(plan, *, text=None, values=None, source=None) -> tuple:
    """ส่วนที่ 1 บทนำ as blocks; `text` replaces the saved wording (editor preview)."""
    source = source or sources.edition(plan, book=True)
    if values is None:
        values = text_values(source)
    if text is None:
        text = source.text(INTRO)
    return blocks(fill(text, values))


def build_book(plan) -> Book:
    """Cover, announcement, contents, ส่วนที่ 1 บทนำ, ส่วนที่ 2 (the three forms), annexes."""
    source = sources.edition(plan, book=True)
    values = text_values(source)
    return Book(
        announcement=build_announcement(plan, values=values, source=source),
        intro=build_intro(plan, values=values, source=source),
        pd01=build_pd01(plan, source=source),
        pd02=build_pd02(plan, source=source),
        pd021=build_pd021(plan, source=source),
        meetings=source.meetings,
        decisions=source.decisions,
        changes=source.changes,
        budget_before=source.budget_before,
        budget_after=source.budget_after,
        by_executive_alone=source.by_executive_alone,
        offline=source.offline,
    )


def context(book) -> dict:
    return {
        "doc": book.announcement,
        "book": book,
        "months": FISCAL_MONTHS,
        "tables": {"pd01": pd01.COLUMNS, "pd02": pd02.COLUMNS, "pd021": pd021.COLUMNS},
        "counter_style": counter_style(book.thai_digits),
    }


def file_stem(book) -> str:
    a = book.announcement
    return f"{a.organization_slug}-{a.fiscal_year}{a.file_suffix}"


DOCUMENT = Document(
    key="book",
    label="รูปเล่มแผนการดำเนินงาน",
    built_from=PLAN,
    build=build_book,
    context=context,
    file_stem=file_stem,
    template="reports/document_pdf.html",
    partial="reports/documents.html#book",
    stylesheets=("css/forms.css", "css/documents.css"),
    orientation="portrait",  # the forms' pages are landscape (named pages in the template)
    formats=(PDF,),
    published=(PDF,),
)
