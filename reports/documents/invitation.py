"""The invitation letter (หนังสือเชิญประชุม) to a committee meeting: a หนังสือภายนอก
addressed to the committee, its members listed on a second page (ADR 0014). A final
letter, never marked ร่าง: it invites to consider the draft plan it encloses (ADR 0048)."""

from dataclasses import dataclass

from approvals.models import Meeting
from reports.documents import letters
from reports.documents.letters import MeetingFacts, Signer
from reports.documents.pipeline import MEETING, PDF, Document


@dataclass(frozen=True)
class Invitation:
    meeting: MeetingFacts
    signer: Signer
    enclosures: tuple[str, ...]


def build_invitation(meeting: Meeting) -> Invitation:
    """Signed by the committee's chair; by the executive when the committee has none."""
    facts = letters.build_meeting(meeting)
    if facts.chair is not None:
        signer = Signer(name=facts.chair.name, titles=(f"ประธาน{facts.committee}",))
    else:
        name = meeting.plan.organization.executive_name
        signer = Signer(name=name, titles=(facts.executive_position,))
    enclosures = (f"ร่าง{facts.plan_title}", "ระเบียบวาระการประชุม")
    return Invitation(meeting=facts, signer=signer, enclosures=enclosures)


DOCUMENT = Document(
    key="invitation",
    label="หนังสือเชิญประชุม",
    built_from=MEETING,
    build=build_invitation,
    context=letters.context,
    file_stem=letters.file_stem,
    template="reports/letters/invitation.html",
    stylesheets=("css/letters.css",),
    orientation="portrait",
    formats=(PDF,),
)
