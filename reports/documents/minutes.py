"""The minutes (รายงานการประชุม) of a recorded committee meeting: who came, the
resolution, or each member's answer for a resolution by circulation (ADR 0014, 0019).
Final, never marked ร่าง, like the invitation and the agenda (ADR 0048)."""

from dataclasses import dataclass
from datetime import date

from approvals.models import Meeting, MemberRole, Outcome
from reports.documents import letters
from reports.documents.letters import MeetingFacts, Person, Signer
from reports.documents.pipeline import MEETING, PDF, Document


@dataclass(frozen=True)
class Minutes:
    meeting: MeetingFacts
    present: tuple[Person, ...]
    absent: tuple[Person, ...]
    previous: tuple[str, date] | None  # the committee's previous meeting: (number, held_on)
    resolution: str
    outcome: str  # the resolution's kind, in Thai (เห็นชอบ / เห็นชอบโดยมีข้อแก้ไข / …)
    changes: tuple[str, ...]  # what an "approved with changes" asks for
    minutes: str  # the secretary's account of the meeting
    answers: tuple[tuple[str, str, str], ...]  # by circulation: (member, answer, note)
    approved: bool | None  # the decision the resolution made: on (True) or back (False)
    recorder: Signer
    checker: Signer


def build_minutes(meeting: Meeting) -> Minutes:
    facts = letters.build_meeting(meeting)
    present_ids = set(meeting.attendees.values_list("pk", flat=True))
    members = list(meeting.committee.members.all())
    previous = (
        Meeting.objects.filter(committee=meeting.committee, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-pk")
        .values_list("number", "held_on")
        .first()
    )
    return Minutes(
        meeting=facts,
        present=tuple(letters.person(m) for m in members if m.pk in present_ids),
        absent=tuple(letters.person(m) for m in members if m.pk not in present_ids),
        previous=tuple(previous) if previous else None,
        resolution=meeting.resolution,
        outcome=meeting.get_outcome_display(),
        changes=tuple(meeting.change_list),
        minutes=meeting.minutes,
        answers=tuple(
            (a.member.name, a.get_answer_display(), a.note)
            for a in meeting.answers.select_related("member")
        ),
        approved=None if not meeting.is_recorded else meeting.outcome != Outcome.REJECTED,
        recorder=letters.signer(facts.secretary, MemberRole.SECRETARY.label),
        checker=letters.signer(facts.chair, MemberRole.CHAIR.label),
    )


def unavailable(meeting: Meeting) -> str:
    """Minutes exist once the meeting's result is recorded."""
    if meeting.is_recorded:
        return ""
    return "ยังไม่ได้บันทึกมติของการประชุมนี้ จึงยังไม่มีรายงานการประชุม"


DOCUMENT = Document(
    key="minutes",
    label="รายงานการประชุม",
    built_from=MEETING,
    build=build_minutes,
    context=letters.context,
    file_stem=letters.file_stem,
    template="reports/letters/minutes.html",
    stylesheets=("css/letters.css",),
    orientation="portrait",
    formats=(PDF,),
    unavailable=unavailable,
)
