"""The write paths for committees and their meetings.

A meeting exists before it happens: the planner or the committee's secretary
schedules it (committee, number, date, time, place, agenda, invitees), and its
invitation letter and agenda print from then on. Afterwards the secretary records
the attendance (the quorum is shown and required), the resolution, the changes it
asks for and the minutes' text; a resolution by circulation (มติเวียน) is recorded
with each member's answer. Recording the resolution performs the committee's row of
the transition table (approvals/workflow.py) — the only way past a committee.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import PLANNERS_ONLY, roles_in
from approvals import workflow
from approvals.models import (
    Committee,
    CommitteeKind,
    CommitteeMember,
    Meeting,
    MemberAnswer,
    Outcome,
    quorum,
)
from thai.format import format_date_full

SCHEDULED_FIELDS = ("method", "number", "held_on", "starts_at", "ends_at", "place", "agenda",
                    "letter_number", "invited_on")  # fmt: skip


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


def considering_committee(plan) -> str | None:
    """The committee kind whose resolution the plan waits for now (None: none)."""
    return workflow.REVIEWING_COMMITTEE.get(plan.status)


def can_manage_meetings(user, plan, kind=None) -> bool:
    """Planning officers, or the considering committee's secretary, while it considers."""
    kind = kind or considering_committee(plan)
    if kind is None or kind != considering_committee(plan):
        return False
    if Role.PLANNER in roles_in(user, plan.organization):
        return True
    return workflow.is_committee_secretary(user, plan.organization, kind)


def _check_stage(plan, committee, by):
    kind = considering_committee(plan)
    if kind is None:
        raise ValidationError("แผนนี้ไม่ได้อยู่ระหว่างการพิจารณาของคณะกรรมการ", code="invalid_state")
    if committee.organization_id != plan.organization_id or committee.kind != kind:
        raise ValidationError({"committee": f"ขั้นนี้ต้องเป็นการพิจารณาของ{CommitteeKind(kind).label}"})
    if not can_manage_meetings(by, plan, kind):
        raise PermissionDenied("เฉพาะนักวิเคราะห์นโยบายและแผนหรือเลขานุการคณะกรรมการดำเนินการได้")


def _members_of(committee, members, field):
    members = list(members)
    if any(member.committee_id != committee.pk for member in members):
        raise ValidationError({field: "ต้องเป็นกรรมการของคณะนี้"})
    return members


@transaction.atomic
def schedule_meeting(plan, *, by, committee, number, held_on, invitees=None, method="meeting",
                     place="", agenda="", letter_number="", invited_on=None, starts_at=None,
                     ends_at=None) -> Meeting:  # fmt: skip
    """Schedule the considering committee's meeting (or its resolution by circulation).

    `invitees` default to every member. Raises PermissionDenied or ValidationError
    (Thai, by field) and then saves nothing.
    """
    _check_stage(plan, committee, by)
    meeting = Meeting(committee=committee, plan=plan,
                      scheduled_by=by if getattr(by, "pk", None) else None)  # fmt: skip
    _fill(meeting, method=method, number=number, held_on=held_on, place=place, agenda=agenda,
          letter_number=letter_number, invited_on=invited_on, starts_at=starts_at,
          ends_at=ends_at)  # fmt: skip
    invitees = committee.members.all() if invitees is None else invitees
    invitees = _members_of(committee, invitees, "invitees")
    meeting.full_clean(exclude=["decision"])
    meeting.save()
    meeting.invitees.set(invitees)
    return meeting


@transaction.atomic
def update_meeting(meeting, *, by, invitees=None, **values) -> Meeting:
    """Change a scheduled meeting (date, place, agenda …) before its resolution is
    recorded; a recorded one is part of the record and never changes."""
    meeting = (
        Meeting.objects.select_for_update().select_related("committee", "plan").get(pk=meeting.pk)
    )
    if meeting.is_recorded:
        raise ValidationError("บันทึกมติของการประชุมนี้แล้ว จึงแก้ไขไม่ได้", code="invalid_state")
    _check_stage(meeting.plan, meeting.committee, by)
    unknown = set(values) - set(SCHEDULED_FIELDS)
    if unknown:
        raise TypeError(f"not a scheduled meeting's field: {sorted(unknown)}")
    _fill(meeting, **values)
    meeting.full_clean(exclude=["decision"])
    meeting.save()
    if invitees is not None:
        meeting.invitees.set(_members_of(meeting.committee, invitees, "invitees"))
    return meeting


def _fill(meeting, **values):
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(meeting, name, value)


@transaction.atomic
def cancel_meeting(meeting, *, by) -> None:
    """Drop a scheduled meeting that will not take place (never a recorded one)."""
    meeting = (
        Meeting.objects.select_for_update().select_related("committee", "plan").get(pk=meeting.pk)
    )
    if meeting.is_recorded:
        raise ValidationError("บันทึกมติของการประชุมนี้แล้ว จึงยกเลิกไม่ได้", code="invalid_state")
    _check_stage(meeting.plan, meeting.committee, by)
    meeting.invitees.clear()
    meeting.delete()


@dataclass(frozen=True)
class Tally:
    """How many members a resolution rests on."""

    members: int
    quorum: int
    present: int  # attended, or answered (circulation)
    answers: dict  # Outcome → count (circulation only)

    @property
    def has_quorum(self) -> bool:
        return self.present >= self.quorum


def tally(meeting, attendees=(), answers=None) -> Tally:
    members = meeting.committee.members.count()
    if meeting.is_circulation:
        counts = {outcome: 0 for outcome in Outcome.values}
        for answer in (answers or {}).values():
            counts[answer] += 1
        return Tally(members, quorum(members), sum(counts.values()), counts)
    return Tally(members, quorum(members), len(list(attendees)), {})


@transaction.atomic
def record_resolution(meeting, *, by, outcome, resolution, changes="", minutes="",
                      attendees=(), answers=None, notes=None, held_on=None) -> Meeting:  # fmt: skip
    """Record what the committee resolved, and take the plan where it decides.

    `attendees` (members present) for a meeting; `answers` {member: Outcome} for a
    resolution by circulation, with optional `notes` {member: text}. `held_on`
    corrects the date when the meeting moved. Refused (Thai, by field), and nothing
    saved, when the meeting is in the future, without quorum, the changes of an
    "approved with changes" are not listed, or a circulation's majority does not
    support the outcome.
    """
    meeting = (
        Meeting.objects.select_for_update().select_related("committee", "plan").get(pk=meeting.pk)
    )
    plan = meeting.plan
    if meeting.is_recorded:
        raise ValidationError("บันทึกมติของการประชุมนี้แล้ว", code="invalid_state")
    _check_stage(plan, meeting.committee, by)
    errors = {}
    if held_on is not None:
        meeting.held_on = held_on
    today = timezone.localdate()
    if meeting.held_on > today:
        errors["held_on"] = (
            f"ยังไม่ถึงวันประชุม ({format_date_full(meeting.held_on)}) "
            "บันทึกมติได้เมื่อประชุมแล้ว หรือแก้วันที่ประชุมให้ตรงกับวันที่ประชุมจริง"
        )
    if outcome not in Outcome.values:
        errors["outcome"] = "กรุณาเลือกผลการพิจารณา"
    resolution = (resolution or "").strip()
    changes = (changes or "").strip()
    if not resolution:
        errors["resolution"] = "กรุณาพิมพ์มติที่ประชุม"
    if outcome == Outcome.APPROVED_WITH_CHANGES and not changes:
        errors["changes"] = "มติเห็นชอบโดยมีข้อแก้ไข ต้องระบุรายการที่ต้องแก้ไข (ข้อละบรรทัด)"
    attendees = _members_of(meeting.committee, attendees, "attendees")
    answers = dict(answers or {})
    _members_of(meeting.committee, answers, "answers")
    if any(answer not in Outcome.values for answer in answers.values()):
        errors["answers"] = "ความเห็นของกรรมการไม่ถูกต้อง"
    counted = tally(meeting, attendees, answers)
    if not errors and not counted.has_quorum:
        who = "ตอบมติเวียน" if meeting.is_circulation else "มาประชุม"
        errors["attendees" if not meeting.is_circulation else "answers"] = (
            f"ไม่ครบองค์ประชุม: กรรมการ{who} {counted.present} คน "
            f"ต้องไม่น้อยกว่ากึ่งหนึ่งของกรรมการทั้งหมด ({counted.quorum} จาก {counted.members} คน)"
        )
    if not errors and meeting.is_circulation:
        support = counted.answers[Outcome.APPROVED] + counted.answers[Outcome.APPROVED_WITH_CHANGES]
        against = counted.answers[Outcome.REJECTED]
        if outcome == Outcome.REJECTED and against <= support:
            errors["outcome"] = f"เสียงส่วนใหญ่เห็นชอบ ({support} ต่อ {against}) มติจึงเป็นไม่เห็นชอบไม่ได้"
        elif outcome != Outcome.REJECTED and support <= against:
            errors["outcome"] = f"เสียงเห็นชอบ ({support}) ไม่มากกว่าไม่เห็นชอบ ({against})"
    if errors:
        raise ValidationError(errors)
    step = workflow.resolution_transition(plan, outcome)
    if step is None:
        raise workflow.invalid_state(plan, "record_resolution")
    meeting.outcome = outcome
    meeting.resolution = resolution
    meeting.changes = changes
    meeting.minutes = (minutes or "").strip()
    meeting.recorded_by = by if getattr(by, "pk", None) else None
    meeting.recorded_at = timezone.now()
    how = (
        "มติเวียน" if meeting.is_circulation else f"มติ{meeting.committee.name} ครั้งที่ {meeting.number}"
    )
    note = f"{how}: {resolution}"
    if changes:
        note += f" — ข้อแก้ไข: {'; '.join(meeting.change_list)}"
    meeting.decision = workflow.perform(plan, step.action, by=by, note=note, meeting=meeting)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    notes = notes or {}
    MemberAnswer.objects.bulk_create(
        MemberAnswer(meeting=meeting, member=member, answer=answer,
                     note=(notes.get(member) or "").strip()[:500])
        for member, answer in answers.items()
    )  # fmt: skip
    return meeting
