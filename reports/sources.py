"""Where a document's inputs come from: an announced edition's record, or the live tables.

An announced edition is the legal record (ADR 0018). Everything its documents print —
the organisation's name, type and the words derived from it, location, digits, logo,
the names of strategies, แผนงาน, departments and budget sources, the printed wording,
the signer — is stored with its snapshot at the announcement (`printed_part`, under
content["printed"]; the rows are content["projects"]) and read back from there. So a
rename changes drafts and later editions, never what an announced edition prints.

A draft is read from the live tables into the same JSON shapes by the same functions
the announcement uses, then through the same parser: the builders have one code path.
The consolidated scope (?scope=consolidated) reads live rows and live names.
"""

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count

from accounts.models import MUNICIPAL_TYPES, OrganizationType, Role
from approvals.models import Decision, Meeting, OfflineAnnouncement
from approvals.snapshots import (
    announced_content,
    digest,
    latest_snapshot,
    plan_content,
    project_entry,
)
from approvals.workflow import ANNOUNCING, action_label
from projects import editions
from projects.models import PlanKind, PlanStatus
from reports import book_texts
from reports.labels import DEFAULT_LABELS, labels_for
from reports.models import CapturedPrint
from reports.texts import DEFAULT_TEXTS, PURPOSES, TEXT_KEYS, approval_basis
from thai.format import format_money

PRINTED_VERSION = 1
LOGO_FOLDER = "snapshots/logos"
ANNOUNCED = (PlanStatus.ANNOUNCED, PlanStatus.POSTED)


class RecordBroken(Exception):
    """An announced edition's stored record cannot be printed as announced (Thai message)."""


@dataclass(frozen=True)
class Row:
    """One project as printed: names, not ids."""

    strategy_number: int
    strategy: str
    program: str
    name: str
    details: str
    budget: Decimal
    budget_source: str
    location: str
    department: str
    months: tuple  # fiscal month numbers, 1 = ต.ค. … 12 = ก.ย.
    is_equipment: bool
    equipment_type: str
    equipment_category: str
    target: str
    development_plan_ref: str

    @classmethod
    def from_entry(cls, entry) -> "Row":
        """From a snapshot's project entry (approvals.snapshots.project_entry)."""
        number, strategy = entry["strategy"]
        is_equipment, equipment_type, equipment_category, target = entry["equipment"]
        return cls(
            strategy_number=number,
            strategy=strategy,
            program=entry["program"],
            name=entry["name"],
            details=entry["details"],
            budget=Decimal(entry["budget"]),
            budget_source=entry["budget_source"],
            location=entry["location"],
            department=entry["department"],
            months=tuple(entry["months"]),
            is_equipment=is_equipment,
            equipment_type=equipment_type,
            equipment_category=equipment_category,
            target=target,
            development_plan_ref=entry["development_plan_ref"],
        )


@dataclass(frozen=True)
class Organization:
    """The organisation as printed, with the words its type decides."""

    name: str
    type: str
    type_label: str  # องค์การบริหารส่วนตำบล
    type_short: str  # อบต. (the drawn seal)
    place_name: str  # หนองบัว (the drawn seal)
    location: str  # อำเภอเมือง จังหวัดพะเยา
    thai_digits: bool
    executive_title: str  # นายกองค์การบริหารส่วนตำบล
    executive_position: str  # นายกองค์การบริหารส่วนตำบลหนองบัว (as signed)
    ordinance: str  # ข้อบัญญัติ / เทศบัญญัติ
    support_committee: str
    development_committee: str


@dataclass(frozen=True)
class LogoFile:
    """The logo's bytes in the default storage, named by their SHA-256 once announced."""

    sha256: str
    name: str
    content_type: str


@dataclass(frozen=True)
class ChangeRow:
    """One line of an amendment's changes against the plan in force before it (annex ค)."""

    project: str
    item: str
    before: str
    after: str


@dataclass(frozen=True)
class MeetingRow:
    """A committee's consideration of the edition, as the annex prints it."""

    committee: str
    number: str
    held_on: date
    place: str
    attendees: int
    resolution: str
    outcome: str = ""  # เห็นชอบ / เห็นชอบโดยมีข้อแก้ไข / …
    circulation: bool = False


@dataclass(frozen=True)
class OfflineRow:
    """An edition announced on paper before OpPlan (ประกาศนอกระบบ), as the annex prints it."""

    on: date
    signer: str
    position: str
    scan_sha256: str = ""


@dataclass(frozen=True)
class DecisionRow:
    """A step of the edition's record, dated by its event (the meeting, the announcement)."""

    on: date
    action: str
    from_status: str
    to_status: str
    actor: str
    note: str


@dataclass(frozen=True)
class Edition:
    """Everything one edition's documents print, from one place."""

    plan_id: int
    organization_slug: str
    fiscal_year: int
    kind: str
    number: int
    title: str
    is_draft: bool
    announced_on: date | None
    organization: Organization
    labels: tuple  # (key, text), sorted
    rows: tuple
    # Only when read for the announcement or the book (`book=True`):
    texts: tuple = ()  # (key, text) with {placeholders}
    purpose: str = ""
    approval_basis: str = ""
    by_executive_alone: bool = False
    signer: str = ""
    logo: LogoFile | None = None
    changes: tuple = ()
    budget_before: str = ""
    budget_after: str = ""
    meetings: tuple = ()  # annex ก: MeetingRow
    decisions: tuple = ()  # annex ข: DecisionRow, dated by their events
    offline: OfflineRow | None = None  # announced on paper, recorded later
    # The printed values of an edition announced before they were recorded, captured
    # from the live tables at the first need after the upgrade (CapturedPrint).
    captured_late: bool = False

    def text(self, key) -> str:
        return dict(self.texts).get(key, DEFAULT_TEXTS[key])

    @property
    def count(self):
        return len(self.rows)

    @property
    def total(self) -> Decimal:
        return sum((row.budget for row in self.rows), Decimal("0.00"))


# --- what an announcement stores -----------------------------------------------------


def organization_words(organization) -> dict:
    o = organization
    municipal = o.type in MUNICIPAL_TYPES
    return {
        "name": o.name,
        "type": o.type,
        "type_label": OrganizationType(o.type).label,
        "type_short": o.type_short,
        "place_name": o.place_name,
        "location": o.location,
        "thai_digits": o.thai_digits,
        "executive_title": o.executive_title,
        "executive_position": o.executive_position,
        "ordinance": "เทศบัญญัติ" if municipal else "ข้อบัญญัติ",
        "support_committee": "คณะ" + o.role_label(Role.SUPPORT_COMMITTEE),
        "development_committee": "คณะ" + o.role_label(Role.DEVELOPMENT_COMMITTEE),
    }


def signer_name(announced_by, position, executive_title) -> str:
    """The signer's name from plan.announced_by, without a position typed after it."""
    name = (announced_by or "").strip()
    for suffix in (position, executive_title):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)].strip()
            break
    return name


def approved_by_executive_alone(plan) -> bool:
    """An amendment the executive approved without the committees (its own trail says so;
    before it is proposed, the organisation's setting)."""
    if plan.kind != PlanKind.AMENDMENT:
        return False
    actions = set(plan.decisions.values_list("action", flat=True))
    if "propose_to_executive" in actions:
        return True
    if "submit" in actions:
        return False
    return plan.organization.amendment_path == "executive"


def _shown(value) -> str:
    return format_money(value) if isinstance(value, Decimal) else str(value or "-")


def changes_content(plan) -> dict | None:
    """An amendment's changes, field by field, with the budgets before and after."""
    if plan.kind != PlanKind.AMENDMENT:
        return None
    diff = editions.diff(plan)
    rows = [[p.name, "เพิ่มโครงการ", "-", format_money(p.budget)] for p in diff.added]
    rows += [[p.name, "ยกเลิกโครงการ", format_money(p.budget), "-"] for p in diff.removed]
    for changed in diff.changed:
        for change in changed.changes:
            rows.append(
                [changed.after.name, str(change.label), _shown(change.before), _shown(change.after)]
            )
    return {
        "rows": rows,
        "budget_before": format_money(diff.budget_before),
        "budget_after": format_money(diff.budget_after),
    }


def _logo_content(organization, *, keep) -> dict | None:
    """The uploaded logo's digest and name; with `keep`, its bytes are stored under their
    SHA-256 (the organisation may replace or delete its logo later)."""
    if not organization.logo:
        return None
    try:
        with organization.logo.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    content_type = mimetypes.guess_type(organization.logo.name)[0] or "image/png"
    name = organization.logo.name
    if keep:
        extension = mimetypes.guess_extension(content_type) or ".img"
        name = f"{LOGO_FOLDER}/{sha256}{extension}"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(data))
    return {"sha256": sha256, "name": name, "content_type": content_type}


def printed_content(plan, *, book=True, keep_logo=False) -> dict:
    """What the documents of `plan` print besides its rows, read from the live tables.

    `book=False` gives only what the forms need (one query); `keep_logo` stores the
    logo's bytes content-addressed (at the announcement).
    """
    organization = plan.organization
    words = organization_words(organization)
    content = {
        "version": PRINTED_VERSION,
        "organization": words,
        "labels": labels_for(organization),
    }
    if book:
        alone = approved_by_executive_alone(plan)
        content |= {
            "texts": {key: book_texts.text_for(plan, key)[0] for key in TEXT_KEYS},
            "purpose": PURPOSES.get(plan.kind, PURPOSES["original"]),
            "approval_basis": approval_basis(
                words["development_committee"], by_executive_alone=alone
            ),
            "by_executive_alone": alone,
            "signer": signer_name(
                plan.announced_by, words["executive_position"], words["executive_title"]
            ),
            "logo": _logo_content(organization, keep=keep_logo),
            "changes": changes_content(plan),
            "annex": annex_content(plan),
        }
    return content


# The steps annex ข lists: the way to the announcement, and corrections of it (postings
# and their corrections are the posting page's record, not the announced book's).
ANNEX_AFTER_ANNOUNCEMENT = {"correct_announcement"}


def annex_content(plan) -> dict:
    """Annexes ก and ข from the record: the recorded meetings, and the decisions up to the
    announcement with its corrections. Stored at the announcement, so a committee renamed
    later prints as it was."""
    meetings = [
        {
            "committee": m.committee.name,
            "number": m.number,
            "held_on": m.held_on.isoformat(),
            "place": m.place,
            "attendees": m.attendee_count,
            "resolution": m.resolution,
            "outcome": m.get_outcome_display(),
            "circulation": m.is_circulation,
        }
        for m in Meeting.objects.filter(plan=plan)
        .exclude(outcome="")
        .select_related("committee")
        .annotate(attendee_count=Count("attendees"))
        .order_by("held_on", "pk")
    ]
    return {
        "meetings": meetings,
        "decisions": decisions_content(plan),
        "offline": offline_content(plan),
    }


def offline_content(plan) -> dict | None:
    """The announcement made on paper, when the edition was announced that way."""
    paper = OfflineAnnouncement.objects.filter(plan=plan).first()
    if paper is None:
        return None
    return {
        "on": paper.announced_on.isoformat(),
        "signer": paper.signer,
        "position": paper.position,
        "scan_sha256": paper.scan_sha256,
    }


def decisions_content(plan) -> list:
    rows, announced = [], False
    for d in Decision.objects.filter(plan=plan).order_by("at", "pk"):
        if announced and d.action not in ANNEX_AFTER_ANNOUNCEMENT:
            continue
        rows.append(
            {
                "on": d.occurred_on.isoformat(),
                "action": action_label(d.action, d.from_status),
                "from_status": PlanStatus(d.from_status).label,
                "to_status": PlanStatus(d.to_status).label,
                "actor": d.actor_name,
                "note": d.note,
            }
        )
        announced = announced or d.action in ANNOUNCING
    return rows


def printed_part(plan) -> dict:
    """content["printed"] of the snapshot taken at the announcement (approvals.snapshots)."""
    return printed_content(plan, book=True, keep_logo=True)


def revise_printed(plan, content) -> None:
    """The executive corrected the announcement: the signer printed follows it, in the
    words stored at the announcement (nothing else is read again)."""
    printed = content.get("printed")
    if printed and "signer" in printed:
        words = printed["organization"]
        printed["signer"] = signer_name(
            plan.announced_by, words["executive_position"], words["executive_title"]
        )
    if printed and "annex" in printed:
        # Decisions are never changed: the list read again only gains the correction.
        printed["annex"]["decisions"] = decisions_content(plan)
        if printed["annex"].get("offline"):  # the paper's date and signer as corrected
            printed["annex"]["offline"] |= {
                "on": plan.announced_on.isoformat(),
                "signer": plan.announced_by,
                "position": "",
            }


# --- reading it back ------------------------------------------------------------------


def is_announced(plan) -> bool:
    return plan.status in ANNOUNCED


def edition(plan, *, book=False) -> Edition:
    """What `plan` prints: as announced once it is announced, else from the live tables.

    An announced edition costs one query (its snapshot); a draft one for the rows and one
    for the wording, plus the book texts, the decisions and an amendment's diff with `book`.
    Raises RecordBroken when an announced edition's stored logo is lost or altered.
    """
    if is_announced(plan):
        return _announced(plan)
    content = plan_content(plan)
    content["printed"] = printed_content(plan, book=book)
    return _from_content(plan, content, is_draft=True, book=book)


def consolidated(plan) -> Edition:
    """The rows in force for the plan's fiscal year (all announced editions applied), with
    the organisation's live names and wording: a working view, never published."""
    projects = editions.consolidated_projects(plan.organization, plan.fiscal_year)
    content = {
        "projects": [project_entry(p) for p in projects],
        "printed": printed_content(plan, book=False),
    }
    every_announced = all(is_announced(p.plan) for p in projects)
    return _from_content(plan, content, is_draft=not every_announced, book=False)


def _announced(plan) -> Edition:
    snapshot = latest_snapshot(plan)
    content = dict(snapshot.content) if snapshot else {}
    late = "printed" not in content or "projects" not in content
    if late:
        # The snapshot wins wherever it has the part: its rows are the announced rows.
        content = captured(plan).content | content
    return _from_content(plan, content, is_draft=False, book=True, captured_late=late)


def captured(plan) -> CapturedPrint:
    """The printed values of an edition announced before snapshots held them: captured
    from the live tables at the first need, once, never again (ADR 0018)."""
    record = CapturedPrint.objects.filter(plan=plan).first()
    if record is not None:
        return record
    content = announced_content(plan)
    try:
        with transaction.atomic():
            return CapturedPrint.objects.create(plan=plan, content=content, sha256=digest(content))
    except IntegrityError:  # another request captured it first: theirs stands
        return CapturedPrint.objects.get(plan=plan)


def _from_content(plan, content, *, is_draft, book, captured_late=False) -> Edition:
    printed = content["printed"]
    edition_info = content.get("edition") or {}
    announced_on = content.get("announced_on")
    labels = DEFAULT_LABELS | printed["labels"]  # a wording added to OpPlan later: its default
    fields = {
        "plan_id": plan.pk,
        # (a consolidated view has no edition of its own: the plan it is opened from names it)
        "organization_slug": content.get("organization_slug") or plan.organization.slug,
        "fiscal_year": content.get("fiscal_year", plan.fiscal_year),
        "kind": edition_info.get("kind", plan.kind),
        "number": edition_info.get("number", plan.number),
        "title": edition_info.get("title", plan.title),
        "is_draft": is_draft,
        "announced_on": date.fromisoformat(announced_on) if announced_on else None,
        "organization": Organization(**printed["organization"]),
        "labels": tuple(sorted(labels.items())),
        "rows": tuple(Row.from_entry(entry) for entry in content["projects"]),
        "captured_late": captured_late,
    }
    if book:
        changes = printed["changes"] or {}
        fields |= {
            "texts": tuple(sorted(printed["texts"].items())),
            "purpose": printed["purpose"],
            "approval_basis": printed["approval_basis"],
            "by_executive_alone": printed["by_executive_alone"],
            "signer": printed["signer"],
            "logo": LogoFile(**printed["logo"]) if printed["logo"] else None,
            "changes": tuple(ChangeRow(*row) for row in changes.get("rows", ())),
            "budget_before": changes.get("budget_before", ""),
            "budget_after": changes.get("budget_after", ""),
        }
        annex = printed.get("annex") or annex_content(plan)
        fields |= {
            "meetings": tuple(
                MeetingRow(**(m | {"held_on": date.fromisoformat(m["held_on"])}))
                for m in annex["meetings"]
            ),
            "decisions": tuple(
                DecisionRow(**(d | {"on": date.fromisoformat(d["on"])})) for d in annex["decisions"]
            ),
        }
        offline = annex.get("offline")  # (records stored before it existed have no key)
        if offline:
            fields["offline"] = OfflineRow(**(offline | {"on": date.fromisoformat(offline["on"])}))
    return Edition(**fields)


def logo_bytes(source: Edition) -> bytes | None:
    """The logo's bytes. A draft whose file is lost draws the seal instead; an announced
    edition's stored logo must be there and match its digest, else RecordBroken."""
    logo = source.logo
    if logo is None:
        return None
    try:
        with default_storage.open(logo.name, "rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        data = None
    if source.is_draft:
        return data
    if data is None or hashlib.sha256(data).hexdigest() != logo.sha256:
        raise RecordBroken(f"ไม่พบตราสัญลักษณ์ที่บันทึกไว้เมื่อประกาศ หรือไฟล์ถูกแก้ไข ({logo.name})")
    return data


# --- an announced edition's rows with their lineage (the public pages and the API) ---

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnnouncedRow:
    """A row as announced, with the plan that announced it and its lineage (None when the
    live row could not be matched to the record: then no result is joined to it)."""

    plan_id: int
    lineage: int | None
    row: "Row"


def live_rows(plan):
    """An edition's own rows in the order its record prints them (frozen once announced)."""
    return plan.projects.select_related(*editions.RELATED).order_by(
        "strategy__number", "program__order", "order", "pk"
    )


def _matches(project, row) -> bool:
    return project.name == row.name and project.budget == row.budget


def announced_rows(plan, live=None) -> list[AnnouncedRow]:
    """The edition's rows from its announced record, in the order it prints them; each
    with its lineage, which keys the results reported against the plan in force."""
    record = edition(plan).rows
    live = list(live_rows(plan)) if live is None else live
    if len(live) != len(record) or not all(map(_matches, live, record)):
        logger.error("plan %s: the live rows differ from the announced record", plan.pk)
        return [AnnouncedRow(plan.pk, None, row) for row in record]
    return [AnnouncedRow(plan.pk, p.lineage, row) for p, row in zip(live, record, strict=True)]
