"""Who may see and report results (see accounts/permissions.py).

Every member of an organisation reads its rounds. Department staff report the rows of
their own departments while a round is open, the planning officer every row; the
planner opens, closes and reopens rounds; the executive announces the results.
"""

from accounts.models import Role
from accounts.permissions import (
    can_manage_organization,
    has_role,
    staff_department_ids,
    visible_organizations,
)
from results.models import Round


def visible_rounds(user):
    return Round.objects.filter(organization__in=visible_organizations(user))


def can_open_round(user, organization) -> bool:
    return can_manage_organization(user, organization)


def reporting_department_ids(user, round_):
    """Departments whose rows the user may report in `round_`: None means all of them."""
    if not round_.is_open:
        return frozenset()
    if can_manage_organization(user, round_.organization):
        return None
    return staff_department_ids(user, round_.organization)


def can_report(user, round_, department_id=None) -> bool:
    """May report in the round at all (department_id None), or that department's rows."""
    allowed = reporting_department_ids(user, round_)
    if allowed is None:
        return True
    return bool(allowed) if department_id is None else department_id in allowed


def can_carry_over(user, round_) -> bool:
    """The planner copies the year's unfinished projects into next year's plan."""
    return can_manage_organization(user, round_.organization)


def can_announce_round(user, round_) -> bool:
    return has_role(user, round_.organization, Role.EXECUTIVE)


# The rule of each named URL (rules: accounts/permissions.py; "reporter": the planner, or
# department staff for their own department's rows, while the round is open;
# "executive": the organisation's executive).
URL_RULES = {
    "results:round_import": "reporter",
    "results:round_export": "member",
    "results:carry_over": "planner",
    "results:rounds": "member",
    "results:round": "member",
    "results:step": "planner",
    "results:announce": "executive",
    "results:posting": "planner",
    "results:grid": "member",
    "results:row_save": "reporter",
    "results:row_photos": "member",
    "results:submit": "reporter",
    "results:photo": "member",
    "results:photo_delete": "reporter",
}
