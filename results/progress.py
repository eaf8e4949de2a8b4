"""Where the open rounds stand for one person: "ถึงขั้นของคุณ" on the dashboard and in
the inbox. Department staff see the rounds their departments have not reported; the
planning officer sees every open round with the departments still missing.

A few queries per open round (results.rounds.rows), none per project.
"""

from dataclasses import dataclass
from datetime import date

from accounts.permissions import can_manage_organization, staff_department_ids
from results import permissions, rounds
from results.models import RoundStatus


@dataclass(frozen=True)
class RoundDue:
    round: object
    days: int  # to the due date; negative once overdue
    mine: tuple  # the viewer's departments that have not reported (names)
    missing: tuple  # (department, rows still without a result) of every late department
    is_planner: bool

    @property
    def overdue(self):
        return self.days < 0

    @property
    def overdue_days(self):
        return max(0, -self.days)


def open_rounds_due(user, organization, today: date) -> list[RoundDue]:
    """The open rounds of `organization` that wait for `user`, soonest due first."""
    if organization is None:
        return []
    planner = can_manage_organization(user, organization)
    own = staff_department_ids(user, organization)
    if not planner and not own:
        return []
    open_rounds = permissions.visible_rounds(user).filter(
        organization=organization, status=RoundStatus.OPEN
    )
    due = []
    for round_ in open_rounds.select_related("organization").order_by("due_on", "pk"):
        missing = rounds.missing_departments(round_)
        mine = tuple(department.name for department, _ in missing if department.pk in own)
        if mine or planner:
            days = (round_.due_on - today).days
            due.append(RoundDue(round_, days, mine, tuple(missing), planner))
    return due
