"""The agenda (ระเบียบวาระการประชุม) of a committee meeting: the standard items, then the
draft plan and the meeting's own items under ระเบียบวาระที่ 3 (ADR 0014). Final, never marked
ร่าง: the draft is the plan it names (ADR 0048)."""

from dataclasses import dataclass

from approvals.models import Meeting
from reports.documents import letters
from reports.documents.letters import MeetingFacts
from reports.documents.pipeline import MEETING, PDF, Document


@dataclass(frozen=True)
class Agenda:
    meeting: MeetingFacts


def build_agenda(meeting: Meeting) -> Agenda:
    return Agenda(meeting=letters.build_meeting(meeting))


DOCUMENT = Document(
    key="agenda",
    label="ระเบียบวาระการประชุม",
    built_from=MEETING,
    build=build_agenda,
    context=letters.context,
    file_stem=letters.file_stem,
    template="reports/letters/agenda.html",
    stylesheets=("css/letters.css",),
    orientation="portrait",
    formats=(PDF,),
)
