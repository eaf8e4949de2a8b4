"""Who may see and manage plans: scopes and predicates (see accounts/permissions.py)."""

from accounts.permissions import (
    can_manage_organization,
    can_view_organization,
    visible_organizations,
)
from projects.models import Plan


def visible_plans(user):
    """Every edition of every plan of the organisations the user belongs to."""
    return Plan.objects.filter(organization__in=visible_organizations(user))


def can_view_plan(user, plan) -> bool:
    return can_view_organization(user, plan.organization)


def can_create_plan(user, organization) -> bool:
    return can_manage_organization(user, organization)
