"""The announcement (ประกาศ) and the whole plan book (รูปเล่ม) as PDF.

Same shape as the forms (ADR 0010): builders query and return frozen dataclasses of
raw values; one template file holds the partials that the PDF shells and the in-app
preview share; `render_*` return bytes; `rendered_document` caches the bytes under a
digest of the built document and of the rendering sources.

A plan that is not yet announced still prints, as a draft: a large "ร่าง" across every
page, and dotted lines where the date and the signer will go.
"""

import base64
import functools
import hashlib
import mimetypes
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import MUNICIPAL_TYPES, OrganizationType, Role
from approvals.models import Decision, Meeting
from approvals.workflow import TRANSITIONS
from projects import editions
from projects.models import PlanKind, PlanStatus
from reports import book_texts
from reports.builders import build_pd01, build_pd02, build_pd021
from reports.rendering import Rendered, forms_css, render_pdf, rendering_version
from reports.texts import ANNOUNCEMENT, INTRO, PURPOSES, approval_basis, blocks, fill
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
ACTION_LABELS = {t.action: t.label for t in TRANSITIONS}


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
class MeetingRow:
    committee: str
    number: str
    held_on: date
    place: str
    attendees: int
    resolution: str


@dataclass(frozen=True)
class DecisionRow:
    at: date
    action: str
    from_status: str
    to_status: str
    actor: str
    note: str


@dataclass(frozen=True)
class ChangeRow:
    """One line of an edition's changes against the plan in force before it (annex ค)."""

    project: str
    item: str
    before: str
    after: str


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


def place_name(organization) -> str:
    return organization.place_name


def executive_position(organization) -> str:
    return organization.executive_position


def signer_name(plan, position) -> str:
    """The signer's name from plan.announced_by, without a position typed after it."""
    name = (plan.announced_by or "").strip()
    executive_title = plan.organization.executive_title
    for suffix in (position, executive_title):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)].strip()
            break
    return name


def approved_by_executive_alone(plan) -> bool:
    """An amendment the executive approved without the committees (its own trail says so;
    before it is proposed, the organisation's setting)."""
    if plan.kind != "amendment":
        return False
    actions = set(plan.decisions.values_list("action", flat=True))
    if "propose_to_executive" in actions:
        return True
    if "submit" in actions:
        return False
    return plan.organization.amendment_path == "executive"


def text_values(plan, *, count, total) -> dict:
    organization = plan.organization
    municipal = organization.type in MUNICIPAL_TYPES
    development_committee = "คณะ" + organization.role_label(Role.DEVELOPMENT_COMMITTEE)
    return {
        "organization": organization.name,
        "organization_type": OrganizationType(organization.type).label,
        "location": organization.location,
        "fiscal_year": plan.fiscal_year,
        "plan_title": plan.title,
        "executive_title": executive_position(organization),
        "ordinance": "เทศบัญญัติ" if municipal else "ข้อบัญญัติ",
        "support_committee": "คณะ" + organization.role_label(Role.SUPPORT_COMMITTEE),
        "development_committee": development_committee,
        "project_count": f"{count:,}",
        "budget_total": format_money(total),
        "budget_words": baht_text(total),
        "purpose": PURPOSES.get(plan.kind, PURPOSES["original"]),
        "approval_basis": approval_basis(
            development_committee, by_executive_alone=approved_by_executive_alone(plan)
        ),
    }


def _totals(plan):
    totals = plan.projects.aggregate(count=Count("pk"), total=Sum("budget"))
    return totals["count"], totals["total"] or 0


def _logo(organization) -> Logo | None:
    """The uploaded logo as a data URI (through the storage API), or None to draw a seal."""
    if not organization.logo:
        return None
    try:
        with organization.logo.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return None
    kind = mimetypes.guess_type(organization.logo.name)[0] or "image/png"
    encoded = base64.b64encode(content).decode()
    return Logo(hashlib.sha256(content).hexdigest(), f"data:{kind};base64,{encoded}")


# --- builders ----------------------------------------------------------------------


def build_announcement(plan, *, body=None, values=None) -> Announcement:
    """The announcement of `plan`; `body` replaces the saved wording (editor preview)."""
    organization = plan.organization
    if values is None:
        count, total = _totals(plan)
        values = text_values(plan, count=count, total=total)
    if body is None:
        body, _ = book_texts.text_for(plan, ANNOUNCEMENT)
    position = executive_position(organization)
    is_draft = not book_texts.is_announced(plan)
    return Announcement(
        organization=organization.name,
        organization_slug=organization.slug,
        seal_short=organization.type_short,
        seal_name=place_name(organization),
        location=organization.location,
        fiscal_year=plan.fiscal_year,
        kind=plan.kind,
        kind_label=PlanKind(plan.kind).label,
        number=plan.number,
        plan_title=plan.title,
        file_suffix="" if plan.kind == PlanKind.ORIGINAL else f"-{plan.kind}-{plan.number}",
        thai_digits=organization.thai_digits,
        subject=f"ประกาศใช้{plan.title}",
        body=blocks(fill(body, values)),
        announced_on=None if is_draft else plan.announced_on,
        signer="" if is_draft else signer_name(plan, position),
        position=position,
        is_draft=is_draft,
        logo=_logo(organization),
    )


def build_intro(plan, *, text=None, values=None) -> tuple:
    if values is None:
        count, total = _totals(plan)
        values = text_values(plan, count=count, total=total)
    if text is None:
        text, _ = book_texts.text_for(plan, INTRO)
    return blocks(fill(text, values))


def build_book(plan) -> Book:
    """Cover, announcement, contents, ส่วนที่ 1 บทนำ, ส่วนที่ 2 (the three forms), annexes.

    The annexes list the plan's committee meetings and the decisions up to the
    announcement (what the executive announced; later postings are not part of it).
    """
    count, total = _totals(plan)
    values = text_values(plan, count=count, total=total)
    meetings = tuple(
        MeetingRow(
            committee=m.committee.name,
            number=m.number,
            held_on=m.held_on,
            place=m.place,
            attendees=m.attendee_count,
            resolution=m.resolution,
        )
        for m in Meeting.objects.filter(plan=plan)
        .select_related("committee")
        .annotate(attendee_count=Count("attendees"))
        .order_by("held_on", "pk")
    )
    decisions = []
    for d in Decision.objects.filter(plan=plan).order_by("at", "pk"):
        decisions.append(
            DecisionRow(
                at=timezone.localtime(d.at).date(),
                action=ACTION_LABELS.get(d.action, d.action),
                from_status=PlanStatus(d.from_status).label,
                to_status=PlanStatus(d.to_status).label,
                actor=d.actor_name,
                note=d.note,
            )
        )
        if d.action == "announce":
            break
    changes, budget_before, budget_after = _changes(plan)
    return Book(
        announcement=build_announcement(plan, values=values),
        intro=build_intro(plan, values=values),
        pd01=build_pd01(plan),
        pd02=build_pd02(plan),
        pd021=build_pd021(plan),
        meetings=meetings,
        decisions=tuple(decisions),
        changes=changes,
        budget_before=budget_before,
        budget_after=budget_after,
        by_executive_alone=approved_by_executive_alone(plan),
    )


def _shown(value) -> str:
    return format_money(value) if isinstance(value, Decimal) else str(value or "-")


def _changes(plan):
    """An amendment's changes, field by field, with the budgets before and after."""
    if plan.kind != "amendment":
        return (), "", ""
    diff = editions.diff(plan)
    rows = [ChangeRow(p.name, "เพิ่มโครงการ", "-", format_money(p.budget)) for p in diff.added]
    rows += [ChangeRow(p.name, "ยกเลิกโครงการ", format_money(p.budget), "-") for p in diff.removed]
    for changed in diff.changed:
        for change in changed.changes:
            rows.append(
                ChangeRow(
                    changed.after.name,
                    str(change.label),
                    _shown(change.before),
                    _shown(change.after),
                )
            )
    return tuple(rows), format_money(diff.budget_before), format_money(diff.budget_after)


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


def rendered_document(plan, kind) -> Rendered:
    """The announcement ("announcement") or the plan book ("book") of `plan` as a PDF.

    From the cache when nothing printed has changed: the key is a digest of the built
    document (texts, every form value, logo, organisation settings, draft or not) and
    of the rendering sources. Raises ValueError for an unknown kind.
    """
    if kind not in BUILDERS:
        raise ValueError(f"unknown document {kind!r}")
    document = BUILDERS[kind](plan)
    digest = hashlib.sha256(f"{document_version()}|{document!r}".encode()).hexdigest()
    key = f"opplan:document:{kind}:{digest}"
    content = cache.get(key)
    if content is None:
        content = render_pdf(render_html(document, kind))
        cache.set(key, content, CACHE_SECONDS)
    return Rendered(filename(document, kind), "application/pdf", content)
