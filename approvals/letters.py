"""A recorded meeting's committee documents as PDF: invitation, agenda and minutes.

Builders read the meeting (a handful of queries) and return frozen dataclasses of
raw values (dates, times, Decimal); the wording and the formatting (Thai dates,
the organisation's digits) live in templates/approvals/letters/. `rendered()`
returns bytes, cached under a digest of the built document and the rendering
sources, so any change to the meeting, the committee or the organisation renders
afresh. Views only choose the document (style.md §7).
"""

import base64
import functools
import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db.models import Count, Sum
from django.template.loader import render_to_string

from approvals.models import Meeting, MemberRole, Outcome
from thai.pdf import render_pdf, sarabun_fonts

CONTENT_TYPE = "application/pdf"
CACHE_SECONDS = 60 * 60 * 24
# Everything besides the document itself that decides how it looks.
RENDERING_SOURCES = (
    "approvals/letters.py",
    "templates/approvals/letters/base.html",
    "templates/approvals/letters/invitation.html",
    "templates/approvals/letters/agenda.html",
    "templates/approvals/letters/minutes.html",
    "templates/approvals/letters/people.html",
    "templates/approvals/letters/signature.html",
    "static/css/letters.css",
    "thai/pdf.py",
)


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


@dataclass(frozen=True)
class Invitation:
    meeting: MeetingFacts
    signer: Signer
    enclosures: tuple[str, ...]


@dataclass(frozen=True)
class Agenda:
    meeting: MeetingFacts


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


def _person(member) -> Person:
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
        members=tuple(_person(m) for m in members),
        chair=_person(chair) if chair else None,
        secretary=_person(secretary) if secretary else None,
        is_draft=not plan.is_announced,
    )


def _signer(person: Person | None, title: str) -> Signer:
    if person is None:
        return Signer(name="", titles=(title,))
    return Signer(name=person.name, titles=(title,))


def build_invitation(meeting: Meeting) -> Invitation:
    """Signed by the committee's chair; by the executive when the committee has none."""
    facts = build_meeting(meeting)
    if facts.chair is not None:
        signer = Signer(name=facts.chair.name, titles=(f"ประธาน{facts.committee}",))
    else:
        organization = meeting.plan.organization
        signer = Signer(
            name=organization.executive_name, titles=(executive_signature_title(organization),)
        )
    enclosures = (f"ร่าง{facts.plan_title}", "ระเบียบวาระการประชุม")
    return Invitation(meeting=facts, signer=signer, enclosures=enclosures)


def build_agenda(meeting: Meeting) -> Agenda:
    return Agenda(meeting=build_meeting(meeting))


def build_minutes(meeting: Meeting) -> Minutes:
    facts = build_meeting(meeting)
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
        present=tuple(_person(m) for m in members if m.pk in present_ids),
        absent=tuple(_person(m) for m in members if m.pk not in present_ids),
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
        recorder=_signer(facts.secretary, MemberRole.SECRETARY.label),
        checker=_signer(facts.chair, MemberRole.CHAIR.label),
    )


# Public document keys (URLs, file names) → (builder, template, Thai name).
DOCUMENTS = {
    "invitation": (build_invitation, "approvals/letters/invitation.html", "หนังสือเชิญประชุม"),
    "agenda": (build_agenda, "approvals/letters/agenda.html", "ระเบียบวาระการประชุม"),
    "minutes": (build_minutes, "approvals/letters/minutes.html", "รายงานการประชุม"),
}


@dataclass(frozen=True)
class Document:
    filename: str
    content_type: str
    content: bytes


@functools.cache
def rendering_version() -> str:
    """A digest of the rendering sources and WeasyPrint's version (once per process)."""
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path in RENDERING_SOURCES:
        digest.update((settings.BASE_DIR / path).read_bytes())
    return digest.hexdigest()


def letters_css() -> str:
    with open(finders.find("css/letters.css"), encoding="utf-8") as handle:
        return handle.read()


def render_html(document, kind: str) -> str:
    """The standalone HTML the PDF is made from (print CSS and the Sarabun faces inline)."""
    _, template, title = DOCUMENTS[kind]
    context = {
        "doc": document,
        "m": document.meeting,
        "title": title,
        "css": letters_css(),
        "fonts": sarabun_fonts(),
        "counter_style": "thai" if document.meeting.thai_digits else "decimal",
    }
    return render_to_string(template, context)


def rendered(meeting: Meeting, kind: str) -> Document:
    """The document `kind` of `meeting` as PDF bytes, from the cache when nothing changed.

    Raises KeyError for an unknown kind.
    """
    builder, _, _ = DOCUMENTS[kind]
    document = builder(meeting)
    digest = hashlib.sha256(f"{rendering_version()}|{kind}|{document!r}".encode()).hexdigest()
    key = f"opplan:letter:{kind}:{digest}"
    content = cache.get(key)
    if content is None:
        content = render_pdf(render_html(document, kind))
        cache.set(key, content, CACHE_SECONDS)
    filename = f"{kind}-{document.meeting.organization_slug}-{meeting.pk}.pdf"
    return Document(filename=filename, content_type=CONTENT_TYPE, content=content)
