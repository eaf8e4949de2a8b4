"""Who may see and record budget events (see accounts/permissions.py)."""

from accounts.permissions import can_manage_organization, visible_organizations
from budget.models import BudgetEvent


def visible_budget_events(user):
    return BudgetEvent.objects.filter(organization__in=visible_organizations(user))


def can_manage_budget_events(user, organization) -> bool:
    return can_manage_organization(user, organization)


# The rule of each named URL (rules: accounts/permissions.py).
URL_RULES = {
    "budget:events": "member",
    "budget:event_create": "planner",
    "budget:event_edit": "planner",
    "budget:source_create": "planner",
}
