"""The write paths for committees and their meetings.

Recording a meeting's resolution performs the committee's transition: the support
committee sends the draft on to the development committee, which endorses it to
the executive; or either returns it for changes, the resolution being the reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Role
from accounts.permissions import PLANNERS_ONLY, roles_in
from approvals import workflow
from approvals.models import Committee, CommitteeKind, CommitteeMember, Meeting, MemberRole
from projects.models import PlanStatus

# Which committee considers the plan in which state, and what approving means.
APPROVE = {
    PlanStatus.SUPPORT_REVIEW: "send_to_development",
    PlanStatus.DEVELOPMENT_REVIEW: "endorse",
}
STAGES = {status: (kind, APPROVE[status]) for status, kind in workflow.REVIEWING_COMMITTEE.items()}


def _require_planner(by, organization):
    if Role.PLANNER not in roles_in(by, organization):
        raise PermissionDenied(PLANNERS_ONLY)


@transaction.atomic
def save_committee(committee: Committee, *, by) -> Committee:
    _require_planner(by, committee.organization)
    committee.name = committee.name.strip()
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def save_member(member: CommitteeMember, *, by) -> CommitteeMember:
    _require_planner(by, member.committee.organization)
    if member.user_id and not roles_in(member.user, member.committee.organization):
        raise ValidationError({"user": "บัญชีผู้ใช้นี้ไม่ได้อยู่ใน อปท. นี้"})
    member.name = member.name.strip()
    member.full_clean()
    member.save()
    return member


def can_record_meeting(user, plan, committee=None) -> bool:
    """Planning officers, or the considering committee's secretary when they have an account."""
    if plan.status not in STAGES:
        return False
    if Role.PLANNER in roles_in(user, plan.organization):
        return True
    if not getattr(user, "pk", None):
        return False
    if committee is None:
        committees = plan.organization.committees.filter(kind=STAGES[plan.status][0])
    else:
        committees = [committee]
    return CommitteeMember.objects.filter(
        committee__in=committees, user=user, role=MemberRole.SECRETARY
    ).exists()


@transaction.atomic
def record_meeting(plan, *, by, committee, number, held_on, resolution, approve,
                   place="", agenda="", attendees=(), letter_number="", invited_on=None,
                   starts_at=None, ends_at=None) -> Meeting:  # fmt: skip
    """Record a meeting and perform the transition its resolution decides.

    The letter number, invitation date and times are optional: they fill in the
    meeting's documents (approvals/letters.py). Raises PermissionDenied or
    ValidationError (Thai) and then saves nothing.
    """
    stage = STAGES.get(plan.status)
    if stage is None:
        raise PermissionDenied("แผนนี้ไม่ได้อยู่ระหว่างการพิจารณาของคณะกรรมการ")
    kind, approve_action = stage
    if committee.organization_id != plan.organization_id or committee.kind != kind:
        raise ValidationError({"committee": f"ขั้นนี้ต้องเป็นมติของ{CommitteeKind(kind).label}"})
    if not can_record_meeting(by, plan, committee):
        raise PermissionDenied("เฉพาะนักวิเคราะห์นโยบายและแผนหรือเลขานุการคณะกรรมการบันทึกมติได้")
    attendees = list(attendees)
    if any(member.committee_id != committee.pk for member in attendees):
        raise ValidationError({"attendees": "ผู้มาประชุมต้องเป็นกรรมการของคณะนี้"})
    meeting = Meeting(committee=committee, plan=plan, number=(number or "").strip(),
                      held_on=held_on, place=place.strip(), agenda=agenda.strip(),
                      resolution=(resolution or "").strip(),
                      letter_number=(letter_number or "").strip(), invited_on=invited_on,
                      starts_at=starts_at, ends_at=ends_at)  # fmt: skip
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    action = approve_action if approve else "return"
    note = f"มติ{committee.name} ครั้งที่ {meeting.number}: {meeting.resolution}"
    # The workflow checks roles in the organisation; a secretary without one acts as
    # the planner's delegate, so the transition is performed on the committee's behalf.
    meeting.decision = workflow.perform(plan, action, by=by, note=note, on_behalf_of_committee=True)
    meeting.save(update_fields=["decision"])
    return meeting
