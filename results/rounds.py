"""The one write path of results: open a round, report a project, a department's
"ส่งรายงานแล้ว", close/reopen, announce and record the posting.

A round's rows are the plan in force for its fiscal year (the original edition with the
supplements and amendments announced so far: projects.editions.consolidated_projects).
Results are keyed by a row's lineage, so an amendment announced during the round keeps
what was reported for the rows it changed. The round's states move only by TRANSITIONS.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Department, Role
from accounts.permissions import PLANNERS_ONLY, has_role
from projects.editions import RELATED, apply_editions, consolidated_projects, in_force
from projects.models import Project
from results import permissions
from results.models import (
    ROUND_ORDER,
    DepartmentReport,
    Result,
    ResultPhoto,
    ResultStatus,
    Round,
    RoundKind,
    RoundStatus,
)
from thai.format import format_date_full, format_money
from thai.glyphs import undrawable_message
from uploads import images

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Transition:
    action: str
    source: RoundStatus
    target: RoundStatus
    roles: frozenset
    label: str


TRANSITIONS = (
    Transition(
        "close", RoundStatus.OPEN, RoundStatus.CLOSED, frozenset({Role.PLANNER}), "ปิดรับรายงาน"
    ),
    Transition(
        "reopen",
        RoundStatus.CLOSED,
        RoundStatus.OPEN,
        frozenset({Role.PLANNER}),
        "เปิดรับรายงานอีกครั้ง",
    ),
    Transition(
        "announce",
        RoundStatus.CLOSED,
        RoundStatus.ANNOUNCED,
        frozenset({Role.EXECUTIVE}),
        "ประกาศผลการดำเนินงาน",
    ),
)


def transition(round_, action) -> Transition | None:
    return next((t for t in TRANSITIONS if t.action == action and t.source == round_.status), None)


def available_transitions(user, round_) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS
        if t.source == round_.status and has_role(user, round_.organization, *t.roles)
    ]


def _move(round_, action, *, by) -> Round:
    """Lock the round and check the step; returns the locked round (inside a transaction)."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    step = transition(locked, action)
    if step is None:
        raise ValidationError(f'ทำรายการ "{action}" ไม่ได้ในสถานะ {locked.get_status_display()}')
    if not has_role(by, locked.organization, *step.roles):
        raise PermissionDenied(f"{step.label}: ไม่มีสิทธิ์ทำรายการนี้")
    locked.status = step.target
    return locked


# --- rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One project in force with its result in the round (None: not reported yet)."""

    project: object
    result: Result | None

    @property
    def lineage(self):
        return self.project.lineage


def rows(round_, *, department_ids=None) -> list[Row]:
    """The round's rows in print order, with their results: 3 queries at any size.

    `department_ids` (a set) keeps only those departments' rows; None keeps all.
    """
    projects = consolidated_projects(round_.organization, round_.fiscal_year)
    if department_ids is not None:
        projects = [p for p in projects if p.department_id in department_ids]
    results = {r.lineage: r for r in round_.results.all()}
    return [Row(p, results.get(p.lineage)) for p in projects]


def row_in_force(round_, lineage):
    """The project in force for `lineage` in the round's plan, or None: a few queries
    whatever the plan's size (saving one row of a 1,000-row round stays quick)."""
    plans = in_force(round_.organization, round_.fiscal_year)
    candidates = (
        Project.objects.filter(plan__in=plans)
        .filter(Q(origin_id=lineage) | Q(pk=lineage, origin__isnull=True))
        .select_related(*RELATED)
    )
    found = apply_editions(plans, candidates)
    return found[0] if found else None


def missing_departments(round_, all_rows=None) -> list[tuple[Department, int]]:
    """Departments with rows in the round that have not said "ส่งรายงานแล้ว", with the
    number of their rows still without a result."""
    all_rows = rows(round_) if all_rows is None else all_rows
    submitted = set(round_.department_reports.values_list("department_id", flat=True))
    missing: dict[int, list] = {}
    for row in all_rows:
        department = row.project.department
        if department.pk in submitted:
            continue
        entry = missing.setdefault(department.pk, [department, 0])
        entry[1] += row.result is None
    return [(department, count) for department, count in missing.values()]


# --- opening --------------------------------------------------------------------------


@transaction.atomic
def open_round(organization, fiscal_year, kind, *, due_on, by, share_basis=None) -> Round:
    """Open a reporting round. A later round starts from the latest earlier round's values.

    Raises PermissionDenied (not the planner) or ValidationError (no plan in force, the
    round exists, a due date before the period ends)."""
    if not permissions.can_open_round(by, organization):
        raise PermissionDenied(PLANNERS_ONLY)
    kind = RoundKind(kind)
    if not in_force(organization, fiscal_year):
        raise ValidationError(
            f"ยังไม่มีแผนการดำเนินงานประจำปีงบประมาณ พ.ศ. {fiscal_year} ที่ประกาศใช้แล้ว "
            "จึงยังเปิดรอบรายงานผลไม่ได้ (แผนที่ประกาศใช้นอกระบบให้นำเข้าโครงการแล้วบันทึกการประกาศก่อน)"
        )
    round_ = Round(organization=organization, fiscal_year=fiscal_year, kind=kind, due_on=due_on)
    if share_basis:
        round_.share_basis = share_basis
    if due_on < round_.as_of:
        raise ValidationError(
            {"due_on": f"กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ ({format_date_full(round_.as_of)})"}
        )
    round_.opened_by = author(by)
    try:
        with transaction.atomic():
            round_.save()
    except IntegrityError:
        raise ValidationError(f"ปีงบประมาณ พ.ศ. {fiscal_year} มี{kind.label} แล้ว") from None
    earlier = sorted(
        Round.objects.filter(organization=organization, fiscal_year=fiscal_year).exclude(
            pk=round_.pk
        ),
        key=lambda r: ROUND_ORDER.index(r.kind),
    )
    earlier = [r for r in earlier if ROUND_ORDER.index(r.kind) < ROUND_ORDER.index(kind)]
    previous = earlier[-1] if earlier else None
    if previous is not None:
        Result.objects.bulk_create(
            Result(
                round=round_,
                lineage=r.lineage,
                project_id=r.project_id,
                status=r.status,
                disbursed=r.disbursed,
                contract_amount=r.contract_amount,
                progress=r.progress,
                problems=r.problems,
                suggestions=r.suggestions,
                over_budget_confirmed=r.over_budget_confirmed,
                updated_by=r.updated_by,
            )
            for r in previous.results.all()
        )
    return round_


def author(by):
    return None if getattr(by, "is_operator", False) else by


# --- reporting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What a reporter typed for one project (already parsed: Decimals, an int)."""

    status: str
    disbursed: Decimal = ZERO
    contract_amount: Decimal | None = None
    progress: int | None = None
    problems: str = ""
    suggestions: str = ""
    confirm_over_budget: bool = False


def needs_confirmation(project, entry: Entry) -> bool:
    """The disbursement is above the project's budget and nobody confirmed it yet."""
    return (
        entry.disbursed is not None
        and entry.disbursed > project.budget
        and not entry.confirm_over_budget
    )


def check_entry(project, entry: Entry) -> dict[str, str]:
    """The Thai problems of `entry` for `project` by field ({} when it can be saved)."""
    errors = {}
    if entry.status not in ResultStatus.values:
        errors["status"] = "สถานะไม่ถูกต้อง เลือกจาก: " + " · ".join(ResultStatus.labels)
    if entry.disbursed is None or entry.disbursed < 0:
        errors["disbursed"] = "เบิกจ่ายต้องเป็นจำนวนเงินที่ไม่ติดลบ"
    elif needs_confirmation(project, entry):
        errors["disbursed"] = (
            f"เบิกจ่าย {format_money(entry.disbursed)} บาท เกินงบประมาณของโครงการ "
            f"({format_money(project.budget)} บาท) — ตรวจสอบอีกครั้ง "
            "หากถูกต้องให้ยืนยันการเบิกจ่ายเกินงบประมาณ"
        )
    if entry.contract_amount is not None and entry.contract_amount < 0:
        errors["contract_amount"] = "วงเงินตามสัญญาต้องไม่ติดลบ"
    if entry.progress is not None and not 0 <= entry.progress <= 100:
        errors["progress"] = "ความก้าวหน้าต้องเป็นร้อยละ 0–100"
    for field_name in ("problems", "suggestions"):  # printed in the results report
        message = undrawable_message(getattr(entry, field_name))
        if message:
            errors[field_name] = message
    return errors


def _check_can_report(by, round_, project):
    if not round_.is_open:
        raise ValidationError(f"{round_.label} {round_.get_status_display()} แก้ไขผลไม่ได้")
    if not permissions.can_report(by, round_, project.department_id):
        raise PermissionDenied("รายงานผลได้เฉพาะโครงการของหน่วยงานของท่าน")


def _apply(result, entry, project, by):
    result.project = project
    result.status = entry.status
    result.disbursed = entry.disbursed
    result.contract_amount = entry.contract_amount
    result.progress = entry.progress
    result.problems = entry.problems.strip()
    result.suggestions = entry.suggestions.strip()
    result.over_budget_confirmed = entry.disbursed > project.budget
    result.updated_by = author(by)


@transaction.atomic
def save_result(round_, project, entry: Entry, *, by) -> Result:
    """Record `entry` as `project`'s result in `round_` (a row in force of the round).

    Raises PermissionDenied (not this reporter's row) or ValidationError by field."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _check_can_report(by, round_, project)
    current = row_in_force(round_, project.lineage)
    if current is None or current.pk != project.pk:
        raise ValidationError("โครงการนี้ไม่อยู่ในแผนที่ใช้บังคับของรอบนี้")
    errors = check_entry(project, entry)
    if errors:
        raise ValidationError(errors)
    result = Result.objects.filter(round=round_, lineage=project.lineage).first() or Result(
        round=round_, lineage=project.lineage
    )
    _apply(result, entry, project, by)
    result.save()
    return result


@transaction.atomic
def save_results(round_, entries: dict, *, by) -> int:
    """Record many results at once (the spreadsheet): {project: Entry}. All or nothing;
    the caller has checked every entry. Returns the number of rows written."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    in_round = {p.pk for p in consolidated_projects(round_.organization, round_.fiscal_year)}
    existing = {r.lineage: r for r in round_.results.all()}
    created, updated = [], []
    for project, entry in entries.items():
        _check_can_report(by, round_, project)
        if project.pk not in in_round:
            raise ValidationError(f"{project.name}: ไม่อยู่ในแผนที่ใช้บังคับของรอบนี้")
        errors = check_entry(project, entry)
        if errors:
            raise ValidationError(f"{project.name}: " + " ".join(errors.values()))
        result = existing.get(project.lineage)
        if result is None:
            result = Result(round=round_, lineage=project.lineage)
            created.append(result)
        else:
            updated.append(result)
        _apply(result, entry, project, by)
    Result.objects.bulk_create(created)
    Result.objects.bulk_update(
        updated,
        [
            "project",
            "status",
            "disbursed",
            "contract_amount",
            "progress",
            "problems",
            "suggestions",
            "over_budget_confirmed",
            "updated_by",
            "updated_at",
        ],
    )
    return len(created) + len(updated)


@transaction.atomic
def submit_department(round_, department, *, by) -> DepartmentReport:
    """The department says its rows are reported. Every row of it needs a result."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError(f"{round_.label} {round_.get_status_display()}")
    if not permissions.can_report(by, round_, department.pk):
        raise PermissionDenied("ส่งรายงานได้เฉพาะหน่วยงานของท่าน")
    own = rows(round_, department_ids={department.pk})
    if not own:
        raise ValidationError(f"{department.name} ไม่มีโครงการในแผนของรอบนี้")
    missing = [row.project.name for row in own if row.result is None]
    if missing:
        raise ValidationError(
            f"ยังไม่ได้รายงานผล {len(missing)} โครงการ เช่น {missing[0]} — "
            "บันทึกสถานะของทุกโครงการก่อนส่งรายงาน"
        )
    report, _ = DepartmentReport.objects.get_or_create(
        round=round_, department=department, defaults={"submitted_by": author(by)}
    )
    return report


# --- the round's steps -------------------------------------------------------------------


@transaction.atomic
def close_round(round_, *, by) -> Round:
    locked = _move(round_, "close", by=by)
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    return locked


@transaction.atomic
def reopen_round(round_, *, by) -> Round:
    locked = _move(round_, "reopen", by=by)
    locked.closed_at = None
    locked.save(update_fields=["status", "closed_at"])
    return locked


ANNOUNCED_HOOKS = []


def after_announcement(callback) -> None:
    """Register callback(round_) to run after a round's announcement commits (publishing)."""
    ANNOUNCED_HOOKS.append(callback)


RECORDERS = []


def record_with(recorder) -> None:
    """Register recorder(round_) → JSON, the report's record stored at announcement."""
    RECORDERS.append(recorder)


@transaction.atomic
def announce_round(round_, *, by, announced_on: date, signer: str, position: str = "") -> Round:
    """The executive announces the round's results (domain.md §5). The date may be neither
    before the round's last day nor after today; the results are frozen from then on."""
    today = timezone.localdate()
    errors = {}
    if announced_on > today:
        errors["announced_on"] = "วันที่ประกาศต้องไม่เลยวันนี้"
    elif announced_on <= round_.as_of:
        errors["announced_on"] = f"วันที่ประกาศต้องหลังวันสิ้นสุดรอบ ({format_date_full(round_.as_of)})"
    if not signer.strip():
        errors["signer"] = "ต้องระบุผู้ลงนามประกาศ"
    if errors:
        raise ValidationError(errors)
    locked = _move(round_, "announce", by=by)
    locked.announced_on = announced_on
    locked.announced_by = signer.strip()
    locked.announced_position = position.strip()
    for recorder in RECORDERS:
        locked.record = recorder(locked)
    locked.save()
    for hook in ANNOUNCED_HOOKS:
        transaction.on_commit(lambda hook=hook: hook(locked))
    return locked


@transaction.atomic
def record_posting(round_, *, by, posted_from: date, posted_until: date, where: str) -> Round:
    """Where and when the announced results were posted (≥ OPPLAN_POSTING_MIN_DAYS)."""
    from approvals.posting import earliest_end

    if not has_role(by, round_.organization, Role.PLANNER):
        raise PermissionDenied(PLANNERS_ONLY)
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if not locked.is_announced:
        raise ValidationError("ต้องประกาศผลการดำเนินงานก่อนบันทึกการปิดประกาศ")
    errors = {}
    if posted_from < locked.announced_on:
        errors["posted_from"] = "วันเริ่มปิดประกาศต้องไม่ก่อนวันประกาศ"
    elif posted_from > timezone.localdate():
        errors["posted_from"] = "ยังบันทึกการปิดประกาศที่ยังไม่เริ่มไม่ได้"
    if posted_until < earliest_end(posted_from):
        errors["posted_until"] = (
            f"ต้องปิดประกาศอย่างน้อยถึง {format_date_full(earliest_end(posted_from))}"
        )
    if not where.strip():
        errors["where"] = "ต้องระบุสถานที่หรือช่องทางที่ปิดประกาศ"
    if errors:
        raise ValidationError(errors)
    locked.posted_from, locked.posted_until = posted_from, posted_until
    locked.posted_where = where.strip()
    locked.save(update_fields=["posted_from", "posted_until", "posted_where"])
    return locked


# --- photo evidence ----------------------------------------------------------------------

MAX_PHOTO_BYTES = 10 * 1024 * 1024


@transaction.atomic
def add_photo(round_, project, image, *, by, caption="") -> ResultPhoto:
    """Keep a photo as evidence of `project`'s result in the open round (its row must be
    reported first). Stored normalised like every uploaded image (uploads.images):
    upright, at most 2,048 pixels a side, a JPEG without its EXIF. Thai errors by field."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _check_can_report(by, round_, project)
    result = Result.objects.filter(round=round_, lineage=project.lineage).first()
    if result is None:
        raise ValidationError({"image": "บันทึกสถานะของโครงการนี้ก่อน แล้วจึงแนบภาพถ่ายผลการดำเนินงาน"})
    if getattr(image, "size", 0) > MAX_PHOTO_BYTES:
        raise ValidationError({"image": "ภาพถ่ายต้องมีขนาดไม่เกิน 10 MB"})
    try:
        stored = images.normalise(image, images.PHOTO)
    except ValidationError as error:
        raise ValidationError({"image": error.messages[0]}) from None
    photo = ResultPhoto(
        result=result, image=stored, caption=caption.strip()[:300], uploaded_by=author(by)
    )
    photo.save()
    return photo


@transaction.atomic
def remove_photo(photo, *, by) -> None:
    """Take a photo off a row of an open round (the reporter of that row)."""
    round_ = Round.objects.select_for_update().get(pk=photo.result.round_id)
    _check_can_report(by, round_, photo.result.project)
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    # The file goes once the row is gone for good (a rolled-back delete keeps both).
    transaction.on_commit(lambda: storage.delete(name))


# --- reminders ------------------------------------------------------------------------------

# Days before the due date on which departments that have not reported are reminded;
# once the date has passed, every day.
REMIND_DAYS_BEFORE = (7, 1)


def reminder_due(round_, today: date) -> bool:
    """Whether the open round's late departments are reminded today (once a day)."""
    if not round_.is_open or round_.last_reminded_on == today:
        return False
    days = (round_.due_on - today).days
    return days in REMIND_DAYS_BEFORE or days < 0


@transaction.atomic
def claim_reminder(round_, today: date) -> Round | None:
    """Mark the round reminded today and return it (locked, fresh), or None when it is
    not due or another worker has just done it: at most one reminder a day a round."""
    locked = Round.objects.select_for_update().select_related("organization").get(pk=round_.pk)
    if not reminder_due(locked, today):
        return None
    locked.last_reminded_on = today
    locked.save(update_fields=["last_reminded_on"])
    return locked


def latest_announced(organization, fiscal_year) -> Round | None:
    """The round of the fiscal year whose results were announced last, or None.

    "Latest results when published": a round's results are frozen once announced, so what
    is read from it is what was announced (the public pages and the API).
    """
    announced = Round.objects.filter(
        organization=organization, fiscal_year=fiscal_year, status=RoundStatus.ANNOUNCED
    )
    return max(announced, key=lambda r: r.as_of, default=None)
