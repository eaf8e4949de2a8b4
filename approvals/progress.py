"""Where a plan stands: its next step, who must act, and the days left or overdue.

Reads `plan.budget_events`, `plan.postings` (prefetch both when listing plans) and, for
an announced plan, `plan.offline_announcement` (select_related) so that the dashboard's
queries do not grow with the number of plans.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from accounts.models import Role
from approvals import workflow
from approvals.posting import announced_on_paper, posting_state
from projects.models import PlanStatus

S = PlanStatus


@dataclass(frozen=True)
class NextStep:
    text: str
    who: str
    due: date | None = None
    due_label: str = ""
    days: int | None = None  # negative when overdue
    extended: bool = False
    warning: str = ""
    note: str = ""  # what to know, not a warning
    roles: frozenset = frozenset()  # who may take the step

    @property
    def overdue(self):
        return self.days is not None and self.days < 0

    @property
    def overdue_days(self):
        return -self.days if self.overdue else 0

    @property
    def done(self):
        return not self.text


def _who(plan, roles) -> str:
    labels = [plan.organization.role_label(role) for role in Role if role in roles]
    return " หรือ ".join(labels)


def _days(due, today):
    return None if due is None else (due - today).days


def next_step(plan, today: date) -> NextStep:
    if plan.status in (S.ANNOUNCED, S.POSTED):
        return _posting_step(plan, today)
    steps = [
        t
        for t in workflow.TRANSITIONS
        if t.source == plan.status and t.moves and not t.needs_reason and t.applies_to(plan)
    ]
    text = workflow.NEXT_STEP_TEXT[plan.status]
    if plan.status == S.DRAFT and steps:
        text = f"เจ้าหน้าที่จัดทำร่างแล้ว{steps[0].label}"
    roles = frozenset().union(*(t.roles for t in steps))
    if plan.status in workflow.REVIEWING_COMMITTEE:
        roles |= {workflow.COMMITTEE_ROLE[workflow.REVIEWING_COMMITTEE[plan.status]]}
    due = plan.deadline()
    return NextStep(
        text=text,
        who=_who(plan, roles),
        due=due,
        due_label="กำหนดประกาศใช้",
        days=_days(due, today),
        extended=bool(plan.deadline_extended_to),
        roles=roles,
    )


def _posting_step(plan, today) -> NextStep:
    state = posting_state(plan, list(plan.postings.all()), today, on_paper=announced_on_paper(plan))
    who = plan.organization.role_label(Role.PLANNER)
    late = "เริ่มปิดประกาศช้ากว่ากำหนด" if state.late_start else ""
    if state.to_record:
        return NextStep(
            text="บันทึกการปิดประกาศแผนที่ประกาศนอกระบบ",
            who=who,
            due=state.due,
            due_label="ต้องเริ่มปิดประกาศภายใน",
            roles=frozenset({Role.PLANNER}),
            note="บันทึกวันที่เริ่มปิดประกาศจริง ระบบจะแสดงว่าเริ่มทันกำหนดหรือไม่",
        )
    if state.started_on is None:
        return NextStep(
            text="ปิดประกาศแผนให้ประชาชนทราบและบันทึกหลักฐาน",
            who=who,
            due=state.due,
            due_label="ต้องเริ่มปิดประกาศภายใน",
            days=state.days_left,
            roles=frozenset({Role.PLANNER}),
        )
    if not state.complete:
        return NextStep(
            text=f"ปิดประกาศต่อให้ครบ {settings.OPPLAN_POSTING_MIN_DAYS} วัน",
            who=who,
            due=state.complete_on,
            due_label="ปิดประกาศครบเมื่อ",
            days=state.days_left,
            warning=" · ".join(
                part
                for part in (f"ยังปิดประกาศไม่ครบ {settings.OPPLAN_POSTING_MIN_DAYS} วัน", late)
                if part
            ),
        )
    return NextStep(text="", who="", warning=late)
