"""The announcement (ประกาศ) of an edition: one A4 portrait page, also the book's second.

The builder returns a frozen dataclass of raw values from reports.sources: an announced
edition prints from its record — names, wording, logo and signer as they were at the
announcement (ADR 0018). A plan not yet announced prints as a draft: a large "ร่าง"
across the page, and dotted lines where the date and the signer will go (ADR 0012).
"""

import base64
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from projects.models import PlanKind
from reports import sources
from reports.documents.pipeline import PDF, PLAN, Document, counter_style
from reports.texts import ANNOUNCEMENT, blocks, fill
from thai.format import baht_text, format_money


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
        "equipment_note": equipment_note(source),
        "approval_basis": source.approval_basis,
    }


def equipment_note(source) -> str:
    """Where the book gives its grand total: that ผด.01 does not count the equipment of
    ผด.02/1 ("" when the edition buys none)."""
    equipment = [row for row in source.rows if row.is_equipment]
    if not equipment:
        return ""
    total = format_money(sum((row.budget for row in equipment), Decimal("0.00")))
    return (
        f" ในจำนวนนี้เป็นครุภัณฑ์ที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่นตามแบบ ผด.02/1 "
        f"{len(equipment):,} รายการ งบประมาณ {total} บาท ซึ่งบัญชีสรุปตามแบบ ผด.01 ไม่นับรวม"
    )


def logo_image(source) -> Logo | None:
    """The logo as a data URI, or None to draw a seal (reports.sources keeps the bytes)."""
    content = sources.logo_bytes(source)
    if content is None:
        return None
    encoded = base64.b64encode(content).decode()
    return Logo(source.logo.sha256, f"data:{source.logo.content_type};base64,{encoded}")


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
        logo=logo_image(source),
    )


def context(announcement) -> dict:
    return {
        "doc": announcement,
        "book": None,
        "counter_style": counter_style(announcement.thai_digits),
    }


def file_stem(announcement) -> str:
    a = announcement
    return f"{a.organization_slug}-{a.fiscal_year}{a.file_suffix}"


DOCUMENT = Document(
    key="announcement",
    label="ประกาศ",
    built_from=PLAN,
    build=build_announcement,
    context=context,
    file_stem=file_stem,
    template="reports/document_pdf.html",
    partial="reports/documents.html#announcement",
    stylesheets=("css/documents.css",),
    orientation="portrait",
    formats=(PDF,),
    published=(PDF,),
)
