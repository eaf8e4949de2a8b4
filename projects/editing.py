"""The write paths for plans, strategies and projects.

Views, the admin, management commands and imports call these; each checks
permission and the plan's state, validates, writes in one transaction and
returns the saved object. PermissionDenied and ValidationError carry Thai
messages for the user.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.permissions import PLANNERS_ONLY
from budget.models import BudgetEvent
from projects import permissions
from projects.models import (
    ANNOUNCED_STATUSES,
    EDITABLE_STATUSES,
    Plan,
    PlanKind,
    Project,
    Strategy,
)

NOT_A_DRAFT = "แผนนี้ไม่ได้อยู่ในสถานะร่าง จึงแก้ไขไม่ได้"
ANNOUNCED = (
    "แผนฉบับนี้ประกาศใช้แล้ว จึงแก้ไขไม่ได้ (เนื้อหาที่ประกาศต้องคงเดิม) "
    "ถ้าต้องเปลี่ยน ให้นักวิเคราะห์นโยบายและแผนจัดทำ “แผนการดำเนินงาน แก้ไข” "
    "(แก้โครงการที่ประกาศแล้ว) หรือ “แผนการดำเนินงาน เพิ่มเติม” (เพิ่มโครงการใหม่) "
    "จากปุ่ม “จัดทำฉบับเพิ่มเติม/แก้ไข” ในหน้าแผน"
)


def not_editable(plan) -> str:
    """Why nobody may change `plan` now, and what to do instead."""
    return ANNOUNCED if plan.status in ANNOUNCED_STATUSES else NOT_A_DRAFT


def author(by):
    """The User to record as author (None for the server operator)."""
    return by if getattr(by, "pk", None) else None


def _locked_plan(plan_id) -> Plan:
    # Lock the plan row: a project saved while the plan is being submitted must
    # see the plan's final status, not the one it read earlier.
    return Plan.objects.select_for_update().get(pk=plan_id)


@transaction.atomic
def create_plan(organization, *, fiscal_year, by, budget_events=()) -> Plan:
    """Create the original (draft) plan of a fiscal year, linked to its budget events."""
    if not permissions.can_create_plan(by, organization):
        raise PermissionDenied(PLANNERS_ONLY)
    plan = Plan(
        organization=organization,
        fiscal_year=fiscal_year,
        kind=PlanKind.ORIGINAL,
        number=0,
        created_by=author(by),
    )
    plan.full_clean()
    events = list(budget_events)
    _check_events(plan, events)
    plan.save()
    plan.budget_events.set(events)
    return plan


@transaction.atomic
def set_budget_events(plan, events, *, by) -> Plan:
    plan = _locked_plan(plan.pk)
    if not permissions.can_manage_plan(by, plan):
        raise PermissionDenied(not_editable(plan) if not plan.is_editable else PLANNERS_ONLY)
    events = list(events)
    _check_events(plan, events)
    plan.budget_events.set(events)
    return plan


def _check_events(plan, events):
    for event in events:
        if not isinstance(event, BudgetEvent) or event.organization_id != plan.organization_id:
            raise ValidationError({"budget_events": "เหตุการณ์งบประมาณต้องเป็นของ อปท. นี้"})
        if event.fiscal_year != plan.fiscal_year:
            raise ValidationError(
                {"budget_events": f"“{event}” เป็นของปีงบประมาณ {event.fiscal_year} ไม่ใช่ปีของแผนนี้"}
            )


def _check_strategy_not_under_review(strategy):
    """A strategy may be renamed (the 5-year plan is revised) while the plans using it are
    drafts, or announced (those print it as announced, from their snapshot); not while a
    committee or the executive considers one."""
    settled = EDITABLE_STATUSES | ANNOUNCED_STATUSES
    if strategy.pk and strategy.projects.exclude(plan__status__in=settled).exists():
        raise ValidationError("ยุทธศาสตร์นี้อยู่ในแผนที่กำลังเสนอคณะกรรมการหรือผู้บริหาร จึงแก้ไขหรือลบไม่ได้ในขณะนี้")


@transaction.atomic
def save_strategy(strategy: Strategy, *, by) -> Strategy:
    if not permissions.can_manage_strategies(by, strategy.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    _check_strategy_not_under_review(strategy)
    strategy.name = strategy.name.strip()
    strategy.full_clean()
    strategy.save()
    return strategy


@transaction.atomic
def delete_strategy(strategy: Strategy, *, by) -> None:
    if not permissions.can_manage_strategies(by, strategy.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    _check_strategy_not_under_review(strategy)
    if strategy.projects.exists():
        raise ValidationError("ยุทธศาสตร์นี้มีโครงการอยู่ จึงลบไม่ได้ ย้ายหรือลบโครงการก่อน")
    strategy.delete()


def _check_same_organization(project: Project, plan: Plan):
    errors = {}
    org_id = plan.organization_id
    if project.strategy_id and project.strategy.organization_id != org_id:
        errors["strategy"] = "ยุทธศาสตร์ต้องเป็นของ อปท. เดียวกับแผน"
    if project.department_id and project.department.organization_id != org_id:
        errors["department"] = "หน่วยงานต้องเป็นของ อปท. เดียวกับแผน"
    if project.budget_source_id and project.budget_source.organization_id not in (None, org_id):
        errors["budget_source"] = "แหล่งงบประมาณต้องเป็นประเภทมาตรฐานหรือของ อปท. นี้"
    if errors:
        raise ValidationError(errors)


def _check_department_allowed(by, plan, department_id):
    allowed = permissions.editable_department_ids(by, plan)
    if allowed is None:
        return
    if not allowed:
        raise PermissionDenied(not_editable(plan) if not plan.is_editable else "คุณไม่มีสิทธิ์แก้ไขแผนนี้")
    if department_id not in allowed:
        raise PermissionDenied("คุณแก้ไขได้เฉพาะโครงการของหน่วยงานของคุณ")


def _next_order(plan_id, strategy_id, program_id) -> int:
    last = Project.objects.filter(
        plan_id=plan_id, strategy_id=strategy_id, program_id=program_id
    ).aggregate(last=Max("order"))["last"]
    return (last or 0) + 1


@transaction.atomic
def save_project(project: Project, *, by) -> Project:
    """Add a project (no pk) or save changes to one.

    Department staff may only add or change rows of their own departments, and
    may not move a row to another department. Nothing changes unless the plan
    is a draft.
    """
    plan = _locked_plan(project.plan_id)
    if project.pk is not None:
        stored = Project.objects.select_for_update().get(pk=project.pk)
        if stored.plan_id != project.plan_id:
            raise ValidationError("ย้ายโครงการไปแผนอื่นไม่ได้")
        _check_department_allowed(by, plan, stored.department_id)
    _check_department_allowed(by, plan, project.department_id)
    project.plan = plan
    _check_same_organization(project, plan)
    project.name = project.name.strip()
    # Only equipment rows have a type: ผด.02/1 and the spreadsheet rely on it.
    project.equipment_type = project.equipment_type.strip() if project.is_equipment else ""
    if not project.order:
        project.order = _next_order(plan.pk, project.strategy_id, project.program_id)
    project.updated_by = author(by)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def delete_project(project: Project, *, by) -> None:
    plan = _locked_plan(project.plan_id)
    _check_department_allowed(by, plan, project.department_id)
    project.delete()


@transaction.atomic
def duplicate_project(project: Project, *, by) -> Project:
    """A copy of the row, named "(สำเนา)", placed last in its แผนงาน."""
    copy = Project.objects.get(pk=project.pk)
    copy.pk = None
    copy.name = f"{project.name} (สำเนา)"[:500]
    copy.order = 0
    copy.copied_from = copy.origin = None  # a new row, not an amended one
    return save_project(copy, by=by)


@transaction.atomic
def copy_projects(source: Plan, target: Plan, project_ids, *, by) -> list[Project]:
    """Copy the chosen rows of another plan of the same organisation into a draft plan."""
    target = _locked_plan(target.pk)
    if not permissions.can_manage_plan(by, target):
        raise PermissionDenied(not_editable(target) if not target.is_editable else PLANNERS_ONLY)
    if source.organization_id != target.organization_id or source.pk == target.pk:
        raise PermissionDenied("คัดลอกได้เฉพาะจากแผนอื่นของ อปท. เดียวกัน")
    rows = list(
        source.projects.filter(pk__in=project_ids).order_by(
            "strategy__number", "program__order", "order", "pk"
        )
    )
    if not rows:
        raise ValidationError("ยังไม่ได้เลือกโครงการที่จะคัดลอก")
    next_orders = {}
    copies = []
    for row in rows:
        key = (row.strategy_id, row.program_id)
        if key not in next_orders:
            next_orders[key] = _next_order(target.pk, *key)
        row.pk = None
        row.plan = target
        row.copied_from = row.origin = None
        row.order = next_orders[key]
        row.updated_by = author(by)
        next_orders[key] += 1
        row.full_clean()
        copies.append(row)
    return Project.objects.bulk_create(copies)
