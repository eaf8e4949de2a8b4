"""Editions of one fiscal year's plan: the original, เพิ่มเติม ครั้งที่ N and แก้ไข ครั้งที่ N.

A supplementary edition holds only its new rows. An amendment starts as a copy of
the consolidated plan (every announced row of the year), each copy remembering the
row it was copied from and the first row of its lineage; the officer then edits,
adds or deletes rows. The consolidated plan applies the announced editions in the
order they were announced: supplements add their rows; an amendment replaces the
rows it was copied from (its `baseline`) with its own. One edition is prepared at a
time, so each edition's baseline is exactly what was in force when it began.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import Organization
from accounts.permissions import PLANNERS_ONLY
from projects import permissions
from projects.editing import _check_events, author
from projects.models import Plan, PlanKind, PlanStatus, Project

IN_FORCE = (PlanStatus.ANNOUNCED, PlanStatus.POSTED)
ZERO = Decimal("0")

# What an amendment may change, in the order the diff page lists it.
DIFF_FIELDS = (
    "name",
    "strategy",
    "program",
    "details",
    "budget",
    "budget_source",
    "location",
    "department",
    "months",
    "is_equipment",
    "equipment_type",
    "equipment_category",
    "target",
    "development_plan_ref",
)
RELATED = ("plan", "strategy", "program", "department", "budget_source")


def editions(organization, fiscal_year):
    return Plan.objects.filter(organization=organization, fiscal_year=fiscal_year)


def in_force(organization, fiscal_year, *, through=None) -> list[Plan]:
    """The announced editions of the year in the order they took effect.

    One edition is prepared at a time and each starts after the previous one is in
    force, so creation order (pk) is the order they took effect; announcement dates
    are typed by people and may tie. `through` stops the list at that edition.
    """
    plans = list(editions(organization, fiscal_year).filter(status__in=IN_FORCE).order_by("pk"))
    if through is not None and through in plans:
        plans = plans[: plans.index(through) + 1]
    return plans


def apply_editions(plans, projects) -> list[Project]:
    """The consolidated rows after `plans` (in order), from all their `projects`."""
    by_plan = {}
    for project in projects:
        by_plan.setdefault(project.plan_id, []).append(project)
    rows: dict[int, Project] = {}
    for plan in plans:
        if plan.kind == PlanKind.AMENDMENT:
            replaced = set(plan.baseline)
            rows = {key: row for key, row in rows.items() if row.pk not in replaced}
        for project in by_plan.get(plan.pk, ()):
            rows[project.lineage] = project
    return sorted(rows.values(), key=_print_order)


def _print_order(project):
    return (
        project.strategy.number,
        project.program.order,
        project.plan_id,
        project.order,
        project.pk,
    )


def consolidated_projects(organization, fiscal_year, *, through=None, equipment=None):
    """Every row in force for the year: 2 queries whatever the number of editions."""
    plans = in_force(organization, fiscal_year, through=through)
    projects = Project.objects.filter(plan__in=plans).select_related(*RELATED)
    rows = apply_editions(plans, projects)
    if equipment is not None:
        rows = [row for row in rows if row.is_equipment == equipment]
    return rows


def in_progress(organization, fiscal_year):
    return editions(organization, fiscal_year).exclude(status__in=IN_FORCE)


def cannot_start(organization, fiscal_year) -> str | None:
    """Why no edition can be started for the year now (Thai), or None."""
    year = list(editions(organization, fiscal_year).order_by("pk"))
    if not any(p.kind == PlanKind.ORIGINAL and p.status in IN_FORCE for p in year):
        return (
            f"ต้องประกาศใช้แผนการดำเนินงานฉบับแรกของปีงบประมาณ พ.ศ. {fiscal_year} ก่อน "
            "จึงจะจัดทำฉบับเพิ่มเติมหรือฉบับแก้ไขได้"
        )
    pending = [p for p in year if p.status not in IN_FORCE]
    if pending:
        return (
            f"{pending[0].title} ยังไม่ได้ประกาศใช้ "
            "กรุณาดำเนินการฉบับนั้นให้เสร็จก่อนเริ่มฉบับใหม่ (จัดทำได้ครั้งละหนึ่งฉบับ)"
        )
    return None


@transaction.atomic
def create_edition(organization, fiscal_year, kind, *, by, budget_events=()) -> Plan:
    """Start เพิ่มเติม/แก้ไข ครั้งที่ N/ปี as a draft, numbered per fiscal year and kind."""
    if not permissions.can_create_plan(by, organization):
        raise PermissionDenied(PLANNERS_ONLY)
    if kind not in (PlanKind.SUPPLEMENTARY, PlanKind.AMENDMENT):
        raise ValidationError({"kind": "เลือกได้เฉพาะฉบับเพิ่มเติมหรือฉบับแก้ไข"})
    # Lock the organisation: two officers starting an edition at once are serialised,
    # so the second sees the first's edition (in progress) and is refused.
    Organization.objects.select_for_update().get(pk=organization.pk)
    reason = cannot_start(organization, fiscal_year)
    if reason:
        raise ValidationError(reason)
    number = (
        editions(organization, fiscal_year).filter(kind=kind).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    plan = Plan(
        organization=organization,
        fiscal_year=fiscal_year,
        kind=kind,
        number=number,
        created_by=author(by),
    )
    plan.full_clean()
    events = list(budget_events)
    _check_events(plan, events)
    if kind == PlanKind.AMENDMENT:
        current = consolidated_projects(organization, fiscal_year)
        if not current:
            raise ValidationError("แผนที่ประกาศใช้แล้วยังไม่มีโครงการให้แก้ไข")
        plan.baseline = [row.pk for row in current]
    plan.save()
    plan.budget_events.set(events)
    if kind == PlanKind.AMENDMENT:
        Project.objects.bulk_create(_amendment_copy(row, plan, by) for row in current)
    return plan


def _amendment_copy(row, plan, by) -> Project:
    copy = Project(
        plan=plan,
        copied_from=row,
        origin_id=row.lineage,
        order=row.order,
        updated_by=author(by),
        **{name: getattr(row, name) for name in DIFF_FIELDS},
    )
    return copy


# --- the diff page ------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: object
    after: object


@dataclass(frozen=True)
class ChangedRow:
    before: Project
    after: Project
    changes: tuple

    @property
    def budget_delta(self):
        return self.after.budget - self.before.budget


@dataclass(frozen=True)
class EditionDiff:
    plan: Plan
    previous_label: str
    added: tuple = ()
    removed: tuple = ()
    changed: tuple = ()
    unchanged: int = 0
    budget_before: Decimal = ZERO
    budget_after: Decimal = ZERO

    @property
    def budget_delta(self):
        return self.budget_after - self.budget_before

    @property
    def is_empty(self):
        return not (self.added or self.removed or self.changed)


def _value(project, name):
    if name == "months":
        return project.months_text
    if name == "is_equipment":
        return "ใช่" if project.is_equipment else "ไม่ใช่"
    value = getattr(project, name)
    return value if isinstance(value, Decimal) else str(value or "")


def _previous_rows(plan) -> list[Project]:
    """The consolidated rows in force just before `plan` took (or will take) effect."""
    plans = in_force(plan.organization, plan.fiscal_year)
    if plan in plans:
        plans = plans[: plans.index(plan)]
    projects = Project.objects.filter(plan__in=plans).select_related(*RELATED)
    return apply_editions(plans, projects)


def compare(before: Project, after: Project) -> tuple:
    changes = []
    for name in DIFF_FIELDS:
        old, new = getattr(before, f"{name}_id", None), getattr(after, f"{name}_id", None)
        if old is None and new is None:
            old, new = getattr(before, name), getattr(after, name)
        if old != new:
            label = Project._meta.get_field(name).verbose_name
            changes.append(FieldChange(name, label, _value(before, name), _value(after, name)))
    return tuple(changes)


def diff(plan: Plan) -> EditionDiff:
    """What `plan` changes in the consolidated plan in force before it.

    A supplementary edition only adds rows; an amendment's rows are compared with the
    rows they were copied from, field by field. 2 queries.
    """
    if plan.kind == PlanKind.ORIGINAL:
        rows = list(plan.projects.select_related(*RELATED))
        return EditionDiff(
            plan=plan,
            previous_label="แผนก่อนหน้า (ไม่มี เพราะเป็นฉบับแรกของปี)",
            added=tuple(sorted(rows, key=_print_order)),
            budget_after=sum((r.budget for r in rows), ZERO),
        )
    current = list(plan.projects.select_related(*RELATED))
    baseline = set(plan.baseline)
    before_rows = (
        list(Project.objects.filter(pk__in=baseline).select_related(*RELATED)) if baseline else []
    )
    before = {row.pk: row for row in before_rows}
    added, changed, kept = [], [], set()
    unchanged = 0
    for row in sorted(current, key=_print_order):
        source = before.get(row.copied_from_id)
        if source is None:
            added.append(row)
            continue
        kept.add(source.pk)
        changes = compare(source, row)
        if changes:
            changed.append(ChangedRow(source, row, changes))
        else:
            unchanged += 1
    removed = tuple(sorted((r for r in before_rows if r.pk not in kept), key=_print_order))
    budget_before = sum((r.budget for r in before_rows), ZERO)
    if plan.kind == PlanKind.SUPPLEMENTARY:
        # The previous edition is the whole plan in force before this one; this adds to it.
        budget_before = sum((r.budget for r in _previous_rows(plan)), ZERO)
        budget_after = budget_before + sum((r.budget for r in current), ZERO)
    else:
        budget_after = sum((r.budget for r in current), ZERO)
    return EditionDiff(
        plan=plan,
        previous_label="แผนรวมที่ประกาศใช้ก่อนฉบับนี้",
        added=tuple(added),
        removed=removed,
        changed=tuple(changed),
        unchanged=unchanged,
        budget_before=budget_before,
        budget_after=budget_after,
    )
