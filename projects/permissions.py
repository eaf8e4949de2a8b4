"""Who may see and change plans, strategies and projects (see accounts/permissions.py).

Reading: every member of an organisation reads its plans and projects (the
committees review them; viewers read). Changing: only while the plan is a
draft; planning officers change everything, department staff only the rows
of their own departments; committee members, the executive and viewers read.
"""

from accounts.permissions import (
    can_manage_organization,
    can_view_organization,
    staff_department_ids,
    visible_organizations,
)
from projects.models import Plan, Project, Strategy


def visible_plans(user):
    """Every edition of every plan of the organisations the user belongs to."""
    return Plan.objects.filter(organization__in=visible_organizations(user))


def visible_projects(user):
    return Project.objects.filter(plan__organization__in=visible_organizations(user))


def visible_strategies(user):
    return Strategy.objects.filter(organization__in=visible_organizations(user))


def can_view_plan(user, plan) -> bool:
    return can_view_organization(user, plan.organization)


def can_create_plan(user, organization) -> bool:
    return can_manage_organization(user, organization)


def can_manage_plan(user, plan) -> bool:
    """Plan-wide changes (linked budget events, copying, importing): planners, drafts only."""
    return plan.is_editable and can_manage_organization(user, plan.organization)


def can_manage_strategies(user, organization) -> bool:
    return can_manage_organization(user, organization)


def editable_department_ids(user, plan):
    """Departments whose rows the user may add or change in `plan`: None means all."""
    if not plan.is_editable:
        return frozenset()
    if can_manage_organization(user, plan.organization):
        return None
    return staff_department_ids(user, plan.organization)


def can_add_project(user, plan) -> bool:
    return editable_department_ids(user, plan) != frozenset()


def can_edit_project(user, project) -> bool:
    allowed = editable_department_ids(user, project.plan)
    return allowed is None or project.department_id in allowed


# The rule of each named URL (rules: accounts/permissions.py; "editor": the planner, or
# department staff for their own department's rows, while the plan is editable).
URL_RULES = {
    "projects:dashboard": "signed_in",
    "projects:plan_create": "planner",
    "projects:plan": "member",
    "projects:plan_events": "planner",
    "projects:edition_create": "planner",
    "projects:plan_changes": "member",
    "projects:plan_copy": "planner",
    "projects:budget_check": "member",
    "projects:plan_import": "planner",
    "projects:plan_export": "member",
    "projects:project_create": "editor",
    "projects:project_edit": "editor",
    "projects:project_duplicate": "editor",
    "projects:project_delete": "editor",
    "projects:strategies": "member",
    "projects:strategy_create": "planner",
    "projects:strategy_edit": "planner",
    "projects:strategy_delete": "planner",
}
