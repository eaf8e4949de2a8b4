"""Carrying unfinished projects into next year's plan (ยกไปปีถัดไป).

Once the annual round of a fiscal year is closed (or announced), the planner may copy
the projects whose result is unfinished (results.models.UNFINISHED: not started, in
progress, carried over; never done or cancelled) into next year's plan in preparation:
the edition of the next fiscal year being drafted, or a new original plan when the year
has none. Each copy remembers the row it came from (Project.carried_from), keeps the
row's printed fields, and takes the remaining budget (budget − disbursed, not below
zero) as its budget: the officer then fits it to next year's budget ordinance in the
draft (docs/adr/0034). `preview` shows what `carry_over` would do; `carry_over` is the
one write path, all or nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Organization
from accounts.permissions import PLANNERS_ONLY
from projects.editing import _next_order, author, create_plan
from projects.editions import DIFF_FIELDS, in_progress
from projects.models import Plan, PlanKind, Project
from results import permissions
from results.models import UNFINISHED, Round, RoundKind, RoundStatus
from results.rounds import rows as round_rows

ZERO = Decimal("0.00")
# The rounds whose unfinished rows may be carried: the year's own, once closed.
CARRIED_FROM_STATUSES = (RoundStatus.CLOSED, RoundStatus.ANNOUNCED)


@dataclass(frozen=True)
class Candidate:
    """A project in force whose annual result is unfinished."""

    project: Project
    status: str  # ResultStatus value
    status_label: str
    budget: Decimal
    disbursed: Decimal
    carried: bool  # already carried into the target plan

    @property
    def remaining(self) -> Decimal:
        """What the copy keeps as its budget: budget − disbursed, never below zero."""
        return max(self.budget - self.disbursed, ZERO)


@dataclass(frozen=True)
class Preview:
    round: Round
    next_year: int
    target: Plan | None  # the plan the rows go to (None: an original plan is created)
    blocked: str  # why nothing can be carried now ("" when it can)
    candidates: tuple  # Candidate, in print order
    not_reported: int  # rows in force without a result in the round (not offered)

    @property
    def target_title(self) -> str:
        if self.target is not None:
            return self.target.title
        return Plan(fiscal_year=self.next_year, kind=PlanKind.ORIGINAL).title

    @property
    def offered(self) -> tuple:
        return tuple(c for c in self.candidates if not c.carried)

    @property
    def remaining_total(self) -> Decimal:
        return sum((c.remaining for c in self.offered), ZERO)


def why_not(round_) -> str:
    """Why the round's rows cannot be carried (Thai), or ""."""
    if round_.kind != RoundKind.ANNUAL:
        return "ยกโครงการไปปีถัดไปได้จากรอบรายงานประจำปี (รอบ 12 เดือน) เท่านั้น"
    if round_.status not in CARRIED_FROM_STATUSES:
        return "ยกโครงการไปปีถัดไปได้เมื่อปิดรับรายงานรอบประจำปีแล้ว"
    return ""


def target_plan(organization, next_year) -> tuple[Plan | None, str]:
    """Next year's edition in preparation (None: none yet, an original will be created),
    and why the rows cannot go there now ("" when they can)."""
    preparing = list(in_progress(organization, next_year).order_by("pk"))
    if preparing:
        plan = preparing[0]
        if not plan.is_editable:
            return plan, (
                f"{plan.title} อยู่ระหว่างการพิจารณา ({plan.get_status_display()}) เพิ่มโครงการไม่ได้ในขณะนี้"
            )
        return plan, ""
    if Plan.objects.filter(organization=organization, fiscal_year=next_year).exists():
        return None, (
            f"แผนการดำเนินงานปีงบประมาณ พ.ศ. {next_year} ประกาศใช้แล้ว "
            "ให้เริ่มจัดทำฉบับเพิ่มเติมหรือฉบับแก้ไขก่อน แล้วจึงยกโครงการไป"
        )
    return None, ""


def _candidates(round_, target) -> tuple[tuple, int]:
    carried = _carried_lineages(target)
    candidates, not_reported = [], 0
    for row in round_rows(round_):
        if row.result is None:
            not_reported += 1
            continue
        if row.result.status not in UNFINISHED:
            continue
        candidates.append(
            Candidate(
                project=row.project,
                status=row.result.status,
                status_label=row.result.get_status_display(),
                budget=row.project.budget,
                disbursed=row.result.disbursed,
                carried=row.project.lineage in carried,
            )
        )
    return tuple(candidates), not_reported


def _carried_lineages(target) -> set:
    """The lineages (this year's rows) already carried into `target`."""
    if target is None:
        return set()
    copies = Project.objects.filter(plan=target, carried_from__isnull=False).select_related(
        "carried_from"
    )
    return {copy.carried_from.lineage for copy in copies}


def preview(round_) -> Preview:
    """What carrying the round's unfinished rows would do (reads only)."""
    next_year = round_.fiscal_year + 1
    target, blocked = target_plan(round_.organization, next_year)
    candidates, not_reported = _candidates(round_, target)
    return Preview(
        round=round_,
        next_year=next_year,
        target=target,
        blocked=why_not(round_) or blocked,
        candidates=candidates,
        not_reported=not_reported,
    )


@dataclass(frozen=True)
class CarriedOver:
    plan: Plan
    created_plan: bool
    copies: tuple  # the new Project rows


@transaction.atomic
def carry_over(round_, project_ids, *, by) -> CarriedOver:
    """Copy the chosen unfinished rows of `round_` (ids of rows in force) into next year's
    plan in preparation, creating its original plan when the year has none.

    Raises PermissionDenied (not the planner) or ValidationError (Thai: the round is not
    the annual one or still open; next year's edition cannot take rows; nothing chosen; a
    row is done, cancelled, not in the round or already carried there), and then
    nothing is written.
    """
    round_ = Round.objects.select_for_update().select_related("organization").get(pk=round_.pk)
    organization = round_.organization
    if not permissions.can_carry_over(by, round_):
        raise PermissionDenied(PLANNERS_ONLY)
    reason = why_not(round_)
    if reason:
        raise ValidationError(reason, code="invalid_state")
    # Lock the organisation: two officers carrying at once would both create next
    # year's original plan; the second waits and then finds the first's.
    Organization.objects.select_for_update().get(pk=organization.pk)
    next_year = round_.fiscal_year + 1
    target, blocked = target_plan(organization, next_year)
    if blocked:
        raise ValidationError(blocked, code="invalid_state")
    if target is not None:
        target = Plan.objects.select_for_update().get(pk=target.pk)
    wanted = {int(pk) for pk in project_ids}
    if not wanted:
        raise ValidationError("ยังไม่ได้เลือกโครงการที่จะยกไปปีถัดไป", code="empty")
    candidates, _ = _candidates(round_, target)
    by_id = {c.project.pk: c for c in candidates}
    chosen = [c for c in candidates if c.project.pk in wanted]
    errors = [f"{c.project.name}: ยกไป{target.title} แล้ว" for c in chosen if c.carried and target]
    unknown = wanted - set(by_id)
    if unknown:
        names = dict(Project.objects.filter(pk__in=unknown).values_list("pk", "name"))
        errors += [
            f"{names.get(pk, f'โครงการรหัส {pk}')}: ไม่ใช่โครงการที่ยังดำเนินการไม่แล้วเสร็จของรอบนี้ "
            "(ยกไปได้เฉพาะสถานะยังไม่ได้ดำเนินการ อยู่ระหว่างดำเนินการ หรือกันเงิน/ขยายเวลา)"
            for pk in sorted(unknown)
        ]
    if errors:
        raise ValidationError(errors, code="refused")
    created_plan = target is None
    if created_plan:
        target = create_plan(organization, fiscal_year=next_year, by=by)
    next_orders = {}
    copies = []
    for candidate in chosen:
        row = candidate.project
        key = (row.strategy_id, row.program_id)
        if key not in next_orders:
            next_orders[key] = _next_order(target.pk, *key)
        copy = Project(
            plan=target,
            carried_from=row,
            order=next_orders[key],
            updated_by=author(by),
            **{name: getattr(row, name) for name in DIFF_FIELDS},
        )
        copy.budget = candidate.remaining
        next_orders[key] += 1
        copy.full_clean()
        copies.append(copy)
    return CarriedOver(
        plan=target, created_plan=created_plan, copies=tuple(Project.objects.bulk_create(copies))
    )
