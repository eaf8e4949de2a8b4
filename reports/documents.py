"""The announcement (ประกาศ) and the whole plan book (รูปเล่ม) as PDF.

Same shape as the forms (ADR 0010): builders return frozen dataclasses of raw values;
one template file holds the partials that the PDF shells and the in-app preview share;
`render_*` return bytes; `rendered_document` caches the bytes under a digest of the
built document and of the rendering sources. The builders' inputs come from
reports.sources: an announced edition prints from its record, names, wording, logo and
signer as they were at the announcement (ADR 0018).

A plan that is not yet announced still prints, as a draft: a large "ร่าง" across every
page, and dotted lines where the date and the signer will go.
"""

import base64
import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string

from projects.models import PlanKind
from reports import sources
from reports.builders import build_pd01, build_pd02, build_pd021
from reports.rendering import Rendered, forms_css, render_pdf, rendering_version
from reports.texts import ANNOUNCEMENT, INTRO, blocks, fill
from thai.format import FISCAL_MONTHS, baht_text, format_money

KINDS = {"announcement": "ประกาศ", "book": "รูปเล่มแผนการดำเนินงาน"}
DOCUMENT_SOURCES = (
    "templates/reports/documents.html",
    "templates/reports/document_pdf.html",
    "static/css/documents.css",
    "reports/texts.py",
    "reports/documents.py",
)
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Logo:
    sha256: str
    data_uri: str = field(repr=False)


@dataclass(frozen=True)
class Announcement:
    organization: str
    organization_slug: str
    seal_short: str  # the fallback seal's text when there is no logo: "อบต." …
    seal_name: str  # … over "หนองบัว"
    location: str
    fiscal_year: int
    kind: str
    kind_label: str
    number: int
    plan_title: str
    file_suffix: str
    thai_digits: bool
    subject: str
    body: tuple
    announced_on: date | None
    signer: str
    position: str
    is_draft: bool
    logo: Logo | None

    @property
    def edition_line(self):
        """ "เพิ่มเติม ครั้งที่ 1/2570" style line for the cover; "" for the original plan."""
        return "" if self.kind == PlanKind.ORIGINAL else f"ครั้งที่ {self.number}/{self.fiscal_year}"


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

    @property
    def thai_digits(self):
        return self.announcement.thai_digits

    @property
    def forms(self):
        """The forms printed in ส่วนที่ 2 (ผด.02/1 only when the plan buys equipment)."""
        return (self.pd01, self.pd02) + (() if self.pd021.is_empty else (self.pd021,))


# --- values the texts may use ----------------------------------------------------------


def text_values(source) -> dict:
    """The {placeholders} of the book texts, from the edition's inputs (reports.sources)."""
    organization = source.organization
    total = source.total
    return {
        "organization": organization.name,
        "organization_type": organization.type_label,
        "location": organization.location,
        "fiscal_year": source.fiscal_year,
        "plan_title": source.title,
        "executive_title": organization.executive_position,
        "ordinance": organization.ordinance,
        "support_committee": organization.support_committee,
        "development_committee": organization.development_committee,
        "project_count": f"{source.count:,}",
        "budget_total": format_money(total),
        "budget_words": baht_text(total),
        "purpose": source.purpose,
        "approval_basis": source.approval_basis,
    }


def _logo(source) -> Logo | None:
    """The logo as a data URI, or None to draw a seal (reports.sources keeps the bytes)."""
    content = sources.logo_bytes(source)
    if content is None:
        return None
    encoded = base64.b64encode(content).decode()
    return Logo(source.logo.sha256, f"data:{source.logo.content_type};base64,{encoded}")


# --- builders ----------------------------------------------------------------------


def build_announcement(plan, *, body=None, values=None, source=None) -> Announcement:
    """The announcement of `plan`; `body` replaces the saved wording (editor preview).

    An announced edition prints from its record (reports.sources): names, wording,
    logo and signer as they were at the announcement.
    """
    source = source or sources.edition(plan, book=True)
    organization = source.organization
    if values is None:
        values = text_values(source)
    if body is None:
        body = source.text(ANNOUNCEMENT)
    is_draft = source.is_draft
    return Announcement(
        organization=organization.name,
        organization_slug=source.organization_slug,
        seal_short=organization.type_short,
        seal_name=organization.place_name,
        location=organization.location,
        fiscal_year=source.fiscal_year,
        kind=source.kind,
        kind_label=PlanKind(source.kind).label,
        number=source.number,
        plan_title=source.title,
        file_suffix="" if source.kind == PlanKind.ORIGINAL else f"-{source.kind}-{source.number}",
        thai_digits=organization.thai_digits,
        subject=f"ประกาศใช้{source.title}",
        body=blocks(fill(body, values)),
        announced_on=None if is_draft else source.announced_on,
        signer="" if is_draft else source.signer,
        position=organization.executive_position,
        is_draft=is_draft,
        logo=_logo(source),
    )


def build_intro(plan, *, text=None, values=None, source=None) -> tuple:
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
    )


BUILDERS = {"announcement": build_announcement, "book": build_book}


# --- renderers -----------------------------------------------------------------------


def documents_css() -> str:
    with open(finders.find("css/documents.css"), encoding="utf-8") as handle:
        return handle.read()


def render_html(document, kind) -> str:
    """The standalone HTML the PDF is made from (print CSS, embedded Sarabun)."""
    announcement = document if kind == "announcement" else document.announcement
    context = {
        "kind": kind,
        "doc": announcement,
        "book": document if kind == "book" else None,
        "css": documents_css(),
        "forms_css": forms_css() if kind == "book" else "",
        "fonts": {
            "regular": (settings.SARABUN_DIR / "Sarabun-Regular.ttf").as_uri(),
            "bold": (settings.SARABUN_DIR / "Sarabun-Bold.ttf").as_uri(),
        },
        "counter_style": "thai" if announcement.thai_digits else "decimal",
    }
    if kind == "book":
        context["months"] = FISCAL_MONTHS
    return render_to_string("reports/document_pdf.html", context)


def filename(document, kind) -> str:
    a = document if kind == "announcement" else document.announcement
    return f"{kind}-{a.organization_slug}-{a.fiscal_year}{a.file_suffix}.pdf"


@functools.cache
def document_version() -> str:
    digest = hashlib.sha256(rendering_version().encode())
    for path in DOCUMENT_SOURCES:
        digest.update((settings.BASE_DIR / path).read_bytes())
    return digest.hexdigest()


def rendered_document(plan, kind, *, cached=True) -> Rendered:
    """The announcement ("announcement") or the plan book ("book") of `plan` as a PDF.

    From the cache when nothing printed has changed: the key is a digest of the built
    document (texts, every form value, logo, organisation settings, draft or not) and
    of the rendering sources; `cached=False` renders afresh (verify_publications).
    Raises ValueError for an unknown kind, reports.sources.RecordBroken when an
    announced edition's record cannot be printed.
    """
    if kind not in BUILDERS:
        raise ValueError(f"unknown document {kind!r}")
    document = BUILDERS[kind](plan)
    digest = hashlib.sha256(f"{document_version()}|{document!r}".encode()).hexdigest()
    key = f"opplan:document:{kind}:{digest}"
    content = cache.get(key) if cached else None
    if content is None:
        content = render_pdf(render_html(document, kind))
        cache.set(key, content, CACHE_SECONDS)
    return Rendered(filename(document, kind), "application/pdf", content)
