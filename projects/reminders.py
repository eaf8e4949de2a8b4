"""Budget events that no edition answers yet: the dashboard's reminders.

Each budget event starts its own clock: the plan is due within
OPPLAN_PLAN_DEADLINE_DAYS of the event's announcement or notice (domain.md §2). A plan's
deadline counts from the events linked to it (Plan.deadline), so an event recorded before
any edition is linked to it would show no clock at all; these reminders show it, with what
to do next: create the year's plan, link the event to the edition being drafted, or start
a เพิ่มเติม/แก้ไข edition.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from budget.models import BudgetEvent, BudgetEventKind
from budget.permissions import visible_budget_events
from projects.models import Plan, PlanKind
from thai.format import fiscal_year_of

CREATE_PLAN = "create_plan"  # no plan of the year yet
LINK = "link"  # an edition of the year is being drafted: link the event to it
CREATE_EDITION = "create_edition"  # start เพิ่มเติม/แก้ไข (its page says when it cannot)


@dataclass(frozen=True)
class EventReminder:
    event: BudgetEvent
    deadline: date
    days: int  # negative when overdue
    action: str = ""  # CREATE_PLAN, LINK, CREATE_EDITION, or "" (nothing to do now)
    plan: Plan | None = None  # the edition to link to, or a plan of the year to start from

    @property
    def overdue_days(self):
        return max(-self.days, 0)

    @property
    def announced_label(self):
        """วันที่ประกาศ, or วันที่ได้รับแจ้ง for a notice."""
        notices = (BudgetEventKind.SPECIFIC_GRANT, BudgetEventKind.OTHER_AGENCY)
        return "ได้รับแจ้งเมื่อ" if self.event.kind in notices else "ประกาศเมื่อ"


def event_reminders(user, organization, plans, today: date) -> list[EventReminder]:
    """The organisation's budget events linked to no edition whose clock still matters
    (their fiscal year is this one or later, or their deadline has not passed), earliest
    deadline first. `plans` are all the organisation's editions (the dashboard's list,
    read already); one query."""
    running_since = today - timedelta(days=settings.OPPLAN_PLAN_DEADLINE_DAYS)
    events = (
        visible_budget_events(user)
        .filter(organization=organization, plans__isnull=True)
        .filter(Q(fiscal_year__gte=fiscal_year_of(today)) | Q(announced_on__gte=running_since))
        .order_by("announced_on", "pk")
    )
    reminders = []
    for event in events:
        year = [plan for plan in plans if plan.fiscal_year == event.fiscal_year]
        reminder = _reminder(event, year, today)
        if reminder is not None:
            reminders.append(reminder)
    return reminders


def _reminder(event, year, today) -> EventReminder | None:
    deadline = event.deadline
    days = (deadline - today).days
    if not year:
        return EventReminder(event, deadline, days, CREATE_PLAN)
    original = next((plan for plan in year if plan.kind == PlanKind.ORIGINAL), year[0])
    annual = event.kind == BudgetEventKind.ANNUAL
    if annual and original.is_announced:
        return None  # the annual budget's plan is out: no clock left to show
    drafting = next((plan for plan in year if plan.is_editable), None)
    if drafting is not None:
        return EventReminder(event, deadline, days, LINK, drafting)
    if annual:  # the original is being considered: linked if it comes back as a draft
        return EventReminder(event, deadline, days)
    return EventReminder(event, deadline, days, CREATE_EDITION, original)
