"""What a committee meeting's letters share: the meeting's facts, people and signers.

The invitation, the agenda and the minutes (invitation.py, agenda.py, minutes.py) are
generated from the recorded or scheduled meeting (ADR 0014): builders read the meeting
(a handful of queries) and return frozen dataclasses of raw values (dates, times,
Decimal); the wording and the formatting (Thai dates, the organisation's digits) live in
templates/reports/letters/. Letters of a plan not yet announced say "ร่าง" on every page.
"""

import base64
import mimetypes
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.db.models import Count, Sum

from approvals.models import Meeting, MemberRole
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
    logo: str  # a data: URI of the organisation's logo, or "" for the plain fallback
    type_short: str
    thai_digits: bool
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
    is_draft: bool  # the plan is not announced: every page says "ร่าง"


def person(member) -> Person:
    return Person(name=member.name, position=member.position, role=member.get_role_display())


def _logo(organization) -> str:
    """The logo as a data: URI read through the storage API ("" when none or unreadable)."""
    if not organization.logo:
        return ""
    try:
        with organization.logo.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return ""
    kind = mimetypes.guess_type(organization.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def _address_lines(organization) -> tuple[str, ...]:
    lines = [line.strip() for line in organization.address.splitlines() if line.strip()]
    return tuple(lines) or (organization.location,)


def executive_signature_title(organization) -> str:
    """นายกองค์การบริหารส่วนตำบลหนองบัว / นายกเทศมนตรีตำบลดอกคำใต้ (as a letter is signed)."""
    name = organization.name
    if name.startswith("เทศบาล"):
        return f"นายกเทศมนตรี{name.removeprefix('เทศบาล')}"
    return f"นายก{name}"


def build_meeting(meeting: Meeting) -> MeetingFacts:
    plan = meeting.plan
    organization = plan.organization
    committee = meeting.committee
    everyone = list(committee.members.all())
    invited = set(meeting.invitees.values_list("pk", flat=True))
    members = [m for m in everyone if m.pk in invited] or everyone
    chair = next((m for m in everyone if m.role == MemberRole.CHAIR), None)
    secretary = next((m for m in everyone if m.role == MemberRole.SECRETARY), None)
    totals = plan.projects.aggregate(count=Count("pk"), total=Sum("budget"))
    lines = tuple(line.strip() for line in meeting.agenda.splitlines() if line.strip())
    return MeetingFacts(
        organization=organization.name,
        organization_slug=organization.slug,
        address_lines=_address_lines(organization),
        logo=_logo(organization),
        type_short=organization.type_short,
        thai_digits=organization.thai_digits,
        meeting_id=meeting.pk,
        committee=committee.name,
        number=meeting.number,
        held_on=meeting.held_on,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        letter_number=meeting.letter_number,
        invited_on=meeting.invited_on,
        plan_title=plan.title,
        project_count=totals["count"],
        total_budget=(totals["total"] or Decimal(0)).quantize(Decimal("0.01")),
        considered=(f"ร่าง{plan.title}", *lines),
        members=tuple(person(m) for m in members),
        chair=person(chair) if chair else None,
        secretary=person(secretary) if secretary else None,
        is_draft=not plan.is_announced,
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
