"""The plan's lifecycle (ระเบียบฯ ข้อ 26–27) as one transition table.

draft → support_review → development_review → endorsed → announced → posted, and
"return for changes" (a reason is required) from every review state back to draft.
The table drives the guards, the buttons a user sees, and an exhaustive test over
every (status, action) pair. `perform` is the only code that writes Plan.status:
it locks the row, checks the actor, writes one Decision, and queues e-mail to
whoever must act next once the transaction commits.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction

from accounts.models import Role
from accounts.permissions import roles_in
from approvals.models import Decision
from approvals.snapshots import take_snapshot
from projects.models import Plan, PlanStatus

S = PlanStatus
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    roles: frozenset  # roles (in the plan's organisation) allowed to act
    label: str  # the button
    done: str  # the message after it
    needs_reason: bool = False
    style: str = "primary"


def _t(action, source, target, roles, label, done, **kwargs):
    return Transition(action, source, target, frozenset(roles), label, done, **kwargs)


RETURN_LABEL = "ส่งกลับไปแก้ไข"
RETURN_DONE = "ส่งแผนกลับไปแก้ไขแล้ว"

TRANSITIONS = (
    _t("submit", S.DRAFT, S.SUPPORT_REVIEW, {Role.PLANNER},
       "ส่งคณะกรรมการสนับสนุนฯ", "ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว"),
    _t("send_to_development", S.SUPPORT_REVIEW, S.DEVELOPMENT_REVIEW,
       {Role.PLANNER, Role.SUPPORT_COMMITTEE},
       "เสนอคณะกรรมการพัฒนาท้องถิ่น", "เสนอร่างแผนต่อคณะกรรมการพัฒนาท้องถิ่นแล้ว"),
    _t("endorse", S.DEVELOPMENT_REVIEW, S.ENDORSED, {Role.PLANNER, Role.DEVELOPMENT_COMMITTEE},
       "เห็นชอบและเสนอผู้บริหาร", "คณะกรรมการเห็นชอบและเสนอผู้บริหารแล้ว"),
    _t("announce", S.ENDORSED, S.ANNOUNCED, {Role.EXECUTIVE},
       "อนุมัติและประกาศใช้", "ประกาศใช้แผนแล้ว"),
    _t("record_posting", S.ANNOUNCED, S.POSTED, {Role.PLANNER},
       "บันทึกการปิดประกาศ", "บันทึกการปิดประกาศแล้ว"),
    _t("return", S.SUPPORT_REVIEW, S.DRAFT, {Role.PLANNER, Role.SUPPORT_COMMITTEE},
       RETURN_LABEL, RETURN_DONE, needs_reason=True, style="outline-danger"),
    _t("return", S.DEVELOPMENT_REVIEW, S.DRAFT, {Role.PLANNER, Role.DEVELOPMENT_COMMITTEE},
       RETURN_LABEL, RETURN_DONE, needs_reason=True, style="outline-danger"),
    _t("return", S.ENDORSED, S.DRAFT, {Role.EXECUTIVE},
       RETURN_LABEL, RETURN_DONE, needs_reason=True, style="outline-danger"),
)  # fmt: skip
TABLE = {(t.source, t.action): t for t in TRANSITIONS}
ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))

# Who is told when a plan reaches a status (they must act next).
NEXT_ACTORS = {t.source: t.roles for t in TRANSITIONS if not t.needs_reason}
NEXT_ACTORS[S.DRAFT] = frozenset({Role.PLANNER})


def transition(plan, action) -> Transition | None:
    return TABLE.get((plan.status, action))


def can_perform(user, plan, action) -> bool:
    step = transition(plan, action)
    return step is not None and bool(roles_in(user, plan.organization) & step.roles)


def available_transitions(user, plan) -> list[Transition]:
    """The buttons to show `user` for `plan`, in table order."""
    roles = roles_in(user, plan.organization)
    return [t for t in TRANSITIONS if t.source == plan.status and roles & t.roles]


@transaction.atomic
def perform(
    plan,
    action,
    *,
    by,
    note="",
    announced_on=None,
    announced_by="",
    posted_on=None,
    on_behalf_of_committee=False,
):
    """Move `plan` along the table; returns the Decision written.

    Raises PermissionDenied (the action is not open to `by` here) or
    ValidationError (a missing reason or date; a concurrent change) with a Thai
    message, and then writes nothing.
    """
    # Lock the row: two approvers can press the same button at once.
    locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if locked.status != plan.status:
        raise ValidationError(
            f"สถานะของแผนเปลี่ยนเป็น “{locked.get_status_display()}” แล้วโดยผู้ใช้อื่น กรุณาโหลดหน้าใหม่"
        )
    step = transition(locked, action)
    if step is None:
        raise PermissionDenied(f"ทำรายการนี้ไม่ได้เมื่อแผนอยู่ในสถานะ “{locked.get_status_display()}”")
    # A recorded committee resolution (approvals/meetings.py, which checks who records
    # it) moves the plan for the committee, whatever the recorder's own roles.
    committee_step = on_behalf_of_committee and action in (
        "send_to_development",
        "endorse",
        "return",
    )
    if not committee_step and not roles_in(by, locked.organization) & step.roles:
        raise PermissionDenied("บทบาทของคุณทำรายการนี้ไม่ได้")
    note = (note or "").strip()
    if step.needs_reason and not note:
        raise ValidationError({"note": "กรุณาระบุเหตุผลที่ส่งกลับไปแก้ไข"})
    update = ["status"]
    if action == "announce":
        if not isinstance(announced_on, date) or not (announced_by or "").strip():
            raise ValidationError("การประกาศต้องระบุวันที่ประกาศและผู้ลงนาม")
        locked.announced_on, locked.announced_by = announced_on, announced_by.strip()
        update += ["announced_on", "announced_by"]
    if action == "record_posting":
        if not isinstance(posted_on, date):
            raise ValidationError("ต้องระบุวันที่เริ่มปิดประกาศ")
        if locked.announced_on and posted_on < locked.announced_on:
            raise ValidationError("วันที่ปิดประกาศต้องไม่ก่อนวันที่ประกาศ")
        locked.posting_started_on = posted_on
        update.append("posting_started_on")
    source = locked.status
    locked.status = step.target
    locked.save(update_fields=update)
    if action == "announce":
        take_snapshot(locked)
    decision = Decision.objects.create(
        plan=locked,
        action=action,
        from_status=source,
        to_status=step.target,
        actor=by if getattr(by, "pk", None) else None,
        actor_name=str(by),
        note=note,
    )
    transaction.on_commit(lambda: notify_next_actors(locked, decision))
    plan.status = locked.status
    return decision


def notify_next_actors(plan, decision) -> int:
    """E-mail the people who must act next; returns how many were written to."""
    roles = NEXT_ACTORS.get(plan.status, frozenset())
    recipients = sorted(
        {
            m.user.email
            for m in plan.organization.memberships.select_related("user")
            if m.role in roles and m.user.email and m.user.is_active
        }
    )
    if not recipients:
        return 0
    subject = f"[OpPlan] {plan.title}: {plan.get_status_display()}"
    body = (
        f"{plan.organization.name}\n{plan.title}\n\n"
        f"{decision.actor_name} ดำเนินการ: {decision.action} "
        f"({PlanStatus(decision.from_status).label} → {PlanStatus(decision.to_status).label})\n"
        + (f"เหตุผล/หมายเหตุ: {decision.note}\n" if decision.note else "")
        + "\nกรุณาเข้าสู่ระบบ OpPlan เพื่อดำเนินการขั้นต่อไป"
    )
    try:
        EmailMessage(subject, body, to=recipients).send()
    except OSError:  # smtplib errors are OSErrors: the decision stands, the mail is logged
        logger.exception("could not e-mail %s about plan %s", recipients, plan.pk)
        return 0
    return len(recipients)
