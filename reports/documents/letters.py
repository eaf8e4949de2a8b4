"""What a committee meeting's letters share: the meeting's facts, people and signers.

The invitation, the agenda and the minutes (invitation.py, agenda.py, minutes.py) are
generated from the recorded or scheduled meeting (ADR 0014): builders read the meeting
(a handful of queries) and return frozen dataclasses of raw values (dates, times,
Decimal); the wording and the formatting (Thai dates, the organisation's digits) live in
templates/reports/letters/. The letters are final documents even while the plan is a
draft: they are what the officer sends about a meeting that considers the draft plan, and
they name it ("ร่างแผนการดำเนินงาน…"); the draft enclosed carries "ร่าง" (ADR 0048).

What they print of the organisation and the plan — name, type, digits, logo, the
executive's position, the plan's title and totals — comes from reports.sources like the
other documents: an announced edition's letters print it as it was announced (ADR 0018).
The committee, its members and the meeting are the meeting's own record; the address is
not part of the announced record and is read as it is now.
"""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from approvals.models import Meeting, MemberRole
from reports import sources
from reports.documents.announcement import Logo, logo_image
from reports.documents.pipeline import counter_style


@dataclass(frozen=True)
class Person:
    name: str
    position: str  # ตำแหน่ง, e.g. ผู้ใหญ่บ้านหมู่ที่ 3 (may be empty)
    role: str  # ในคณะกรรมการ: ประธานกรรมการ / กรรมการ / กรรมการและเลขานุการ


@dataclass(frozen=True)
class Signer:
    name: str  # empty: a blank line to sign on
    titles: tuple[str, ...]  # the lines under the name


@dataclass(frozen=True)
class MeetingFacts:
    """What every document of one meeting prints (raw values)."""

    organization: str
    organization_slug: str
    address_lines: tuple[str, ...]
    logo: Logo | None  # None: the plain fallback
    type_short: str
    thai_digits: bool
    executive_position: str  # นายกองค์การบริหารส่วนตำบลหนองบัว (signs when there is no chair)
    meeting_id: int
    committee: str
    number: str
    held_on: date
    starts_at: time | None
    ends_at: time | None
    place: str
    letter_number: str
    invited_on: date | None
    plan_title: str
    project_count: int
    total_budget: Decimal
    considered: tuple[str, ...]  # ระเบียบวาระที่ 3: the draft plan, then Meeting.agenda's lines
    members: tuple[Person, ...]  # the invitees (all members when none were chosen)
    chair: Person | None
    secretary: Person | None


def person(member) -> Person:
    return Person(name=member.name, position=member.position, role=member.get_role_display())


def _address_lines(organization, location) -> tuple[str, ...]:
    lines = [line.strip() for line in organization.address.splitlines() if line.strip()]
    return tuple(lines) or (location,)


def build_meeting(meeting: Meeting) -> MeetingFacts:
    """Raises reports.sources.RecordBroken when an announced edition's stored logo is lost."""
    plan = meeting.plan
    source = sources.edition(plan, book=True)
    words = source.organization
    committee = meeting.committee
    everyone = list(committee.members.all())
    invited = set(meeting.invitees.values_list("pk", flat=True))
    members = [m for m in everyone if m.pk in invited] or everyone
    chair = next((m for m in everyone if m.role == MemberRole.CHAIR), None)
    secretary = next((m for m in everyone if m.role == MemberRole.SECRETARY), None)
    lines = tuple(line.strip() for line in meeting.agenda.splitlines() if line.strip())
    return MeetingFacts(
        organization=words.name,
        organization_slug=source.organization_slug,
        address_lines=_address_lines(plan.organization, words.location),
        logo=logo_image(source),
        type_short=words.type_short,
        thai_digits=words.thai_digits,
        executive_position=words.executive_position,
        meeting_id=meeting.pk,
        committee=committee.name,
        number=meeting.number,
        held_on=meeting.held_on,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        letter_number=meeting.letter_number,
        invited_on=meeting.invited_on,
        plan_title=source.title,
        project_count=source.count,
        total_budget=source.total,
        considered=(f"ร่าง{source.title}", *lines),
        members=tuple(person(m) for m in members),
        chair=person(chair) if chair else None,
        secretary=person(secretary) if secretary else None,
    )


def signer(someone: Person | None, title: str) -> Signer:
    """`someone` signs as `title`; nobody: a blank line to sign on."""
    return Signer(name=someone.name if someone else "", titles=(title,))


def context(letter) -> dict:
    return {
        "doc": letter,
        "m": letter.meeting,
        "counter_style": counter_style(letter.meeting.thai_digits),
    }


def file_stem(letter) -> str:
    """nongbua-12: the organisation and the meeting."""
    return f"{letter.meeting.organization_slug}-{letter.meeting.meeting_id}"
