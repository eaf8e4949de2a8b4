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
from django.db.models import Max
from django.utils import timezone

from accounts.models import AmendmentPath, Role
from accounts.permissions import roles_in
from approvals.models import CommitteeKind, CommitteeMember, Decision, Notification
from approvals.snapshots import take_snapshot
from projects.models import Plan, PlanKind, PlanStatus
from thai.format import format_date_full

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
    applies: str = "always"  # a key of CONDITIONS: which plans this row is for

    def applies_to(self, plan) -> bool:
        return CONDITIONS[self.applies](plan)


def executive_amendment(plan) -> bool:
    """An amendment the executive approves directly (the regulation's default path)."""
    return plan.kind == PlanKind.AMENDMENT and (
        plan.organization.amendment_path == AmendmentPath.EXECUTIVE
    )


CONDITIONS = {
    "always": lambda plan: True,
    "via_committees": lambda plan: not executive_amendment(plan),
    "executive_amendment": executive_amendment,
}


def _t(action, source, target, roles, label, done, **kwargs):
    return Transition(action, source, target, frozenset(roles), label, done, **kwargs)


RETURN_LABEL = "ส่งกลับไปแก้ไข"
RETURN_DONE = "ส่งแผนกลับไปแก้ไขแล้ว"

TRANSITIONS = (
    _t("submit", S.DRAFT, S.SUPPORT_REVIEW, {Role.PLANNER},
       "ส่งคณะกรรมการสนับสนุนฯ", "ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว",
       applies="via_committees"),
    _t("propose_to_executive", S.DRAFT, S.ENDORSED, {Role.PLANNER},
       "เสนอผู้บริหารอนุมัติการแก้ไข", "เสนอร่างฉบับแก้ไขต่อผู้บริหารแล้ว",
       applies="executive_amendment"),
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
ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))

# Who is told when a plan reaches a status (they must act next).
NEXT_ACTORS = {t.source: t.roles for t in TRANSITIONS if not t.needs_reason}
NEXT_ACTORS[S.DRAFT] = frozenset({Role.PLANNER})
# Which committee considers the plan in a review status.
REVIEWING_COMMITTEE = {
    S.SUPPORT_REVIEW: CommitteeKind.SUPPORT,
    S.DEVELOPMENT_REVIEW: CommitteeKind.DEVELOPMENT,
}
# What must happen next, in words, per status (the dashboard, the inbox, the e-mail).
NEXT_STEP_TEXT = {
    S.DRAFT: "เจ้าหน้าที่จัดทำร่างและส่งพิจารณา",
    S.SUPPORT_REVIEW: "คณะกรรมการสนับสนุนฯ พิจารณาร่างแผน",
    S.DEVELOPMENT_REVIEW: "คณะกรรมการพัฒนาท้องถิ่นพิจารณาร่างแผน",
    S.ENDORSED: "ผู้บริหารอนุมัติและประกาศใช้",
    S.ANNOUNCED: "เจ้าหน้าที่ปิดประกาศให้ประชาชนทราบ",
    S.POSTED: "",
}
ACTION_LABELS = {t.action: t.label for t in TRANSITIONS} | {
    "extend_deadline": "ขยายกำหนดส่งแผน",
}


def transition(plan, action) -> Transition | None:
    for step in TRANSITIONS:
        if step.source == plan.status and step.action == action and step.applies_to(plan):
            return step
    return None


def can_perform(user, plan, action) -> bool:
    step = transition(plan, action)
    return step is not None and bool(roles_in(user, plan.organization) & step.roles)


def available_transitions(user, plan) -> list[Transition]:
    """The buttons to show `user` for `plan`, in table order."""
    roles = roles_in(user, plan.organization)
    return [
        t for t in TRANSITIONS if t.source == plan.status and roles & t.roles and t.applies_to(plan)
    ]


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
        previous = (
            Plan.objects.filter(
                organization=locked.organization_id,
                fiscal_year=locked.fiscal_year,
                status__in=(S.ANNOUNCED, S.POSTED),
            )
            .exclude(pk=locked.pk)
            .aggregate(latest=Max("announced_on"))["latest"]
        )
        if previous and announced_on < previous:
            raise ValidationError(
                f"วันที่ประกาศต้องไม่ก่อนวันประกาศฉบับก่อนหน้าของปีนี้ ({format_date_full(previous)})"
            )
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
    notify_in_app(locked, decision)
    transaction.on_commit(lambda: notify_next_actors(locked, decision))
    plan.status = locked.status
    return decision


def next_actors(plan) -> list:
    """The active users who must act on `plan` now: by their role in the organisation,
    and, while a committee considers it, the committee's members who have an account."""
    roles = NEXT_ACTORS.get(plan.status, frozenset())
    users = {
        m.user
        for m in plan.organization.memberships.select_related("user")
        if m.role in roles and m.user.is_active
    }
    kind = REVIEWING_COMMITTEE.get(plan.status)
    if kind:
        seats = CommitteeMember.objects.filter(
            committee__organization=plan.organization_id, committee__kind=kind, user__isnull=False
        ).select_related("user")
        users |= {seat.user for seat in seats if seat.user.is_active}
    return sorted(users, key=lambda user: user.pk)


def notify_in_app(plan, decision) -> list[Notification]:
    """The "waiting for me" messages, written in the transition's own transaction.

    Earlier unread messages about the plan are done with (it has moved on): marked read.
    """
    Notification.objects.filter(plan=plan, read_at__isnull=True).update(read_at=timezone.now())
    text = f"{plan.title}: {plan.get_status_display()} — {NEXT_STEP_TEXT.get(plan.status, '')}"
    return Notification.objects.bulk_create(
        Notification(user=user, plan=plan, decision=decision, text=text.strip(" —")[:500])
        for user in next_actors(plan)
        if user.pk != decision.actor_id
    )


def notify_next_actors(plan, decision) -> int:
    """E-mail the people who must act next; returns how many were written to."""
    recipients = sorted(
        {user.email for user in next_actors(plan) if user.email and user.pk != decision.actor_id}
    )
    if not recipients:
        return 0
    subject = f"[OpPlan] {plan.title}: {plan.get_status_display()}"
    body = (
        f"{plan.organization.name}\n{plan.title}\n\n"
        f"{decision.actor_name} ดำเนินการ: {ACTION_LABELS.get(decision.action, decision.action)} "
        f"({PlanStatus(decision.from_status).label} → {PlanStatus(decision.to_status).label})\n"
        + (f"เหตุผล/หมายเหตุ: {decision.note}\n" if decision.note else "")
        + f"\nขั้นต่อไป: {NEXT_STEP_TEXT.get(plan.status, '-')}"
        + "\nกรุณาเข้าสู่ระบบ OpPlan เพื่อดำเนินการ"
    )
    try:
        EmailMessage(subject, body, to=recipients).send()
    except OSError:  # smtplib errors are OSErrors: the decision stands, the mail is logged
        logger.exception("could not e-mail %s about plan %s", recipients, plan.pk)
        return 0
    return len(recipients)


@transaction.atomic
def extend_deadline(plan, *, by, new_date, reason) -> Decision:
    """The executive extends the plan's deadline: a Decision with the reason and the date.

    Refused (Thai) unless `by` is the organisation's executive, the plan is not yet
    announced, the reason is given and the new date is later than the current one.
    """
    locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if Role.EXECUTIVE not in roles_in(by, locked.organization):
        raise PermissionDenied("การขยายกำหนดส่งแผนเป็นอำนาจของผู้บริหารท้องถิ่น")
    if locked.status in (S.ANNOUNCED, S.POSTED):
        raise ValidationError("แผนนี้ประกาศใช้แล้ว ไม่ต้องขยายกำหนด")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "กรุณาระบุเหตุผลที่ขยายกำหนด"
    current = locked.deadline()
    if not isinstance(new_date, date):
        errors["new_date"] = "กรุณาระบุวันที่กำหนดใหม่"
    elif new_date < timezone.localdate():
        errors["new_date"] = "วันที่กำหนดใหม่ต้องไม่ก่อนวันนี้"
    elif current and new_date <= current:
        errors["new_date"] = f"วันที่กำหนดใหม่ต้องหลังกำหนดเดิม ({format_date_full(current)})"
    if errors:
        raise ValidationError(errors)
    locked.deadline_extended_to = new_date
    locked.save(update_fields=["deadline_extended_to"])
    decision = Decision.objects.create(
        plan=locked,
        action="extend_deadline",
        from_status=locked.status,
        to_status=locked.status,
        actor=by if getattr(by, "pk", None) else None,
        actor_name=str(by),
        note=f"ขยายกำหนดส่งแผนถึง {format_date_full(new_date)}: {reason}",
    )
    plan.deadline_extended_to = new_date
    return decision
