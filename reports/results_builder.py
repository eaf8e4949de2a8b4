"""The results report of a round (รายงานผลการดำเนินงานตามแผนการดำเนินงาน), built once.

`results_content(round_)` reads what the report prints from the live tables as JSON:
the organisation's printed words, the editions in force, the share basis, and each row
in force with its result. An announced round stores that JSON in `Round.record` at the
announcement (reports/apps.py registers it with results.rounds.record_with), and prints
from it forever after: an amendment announced later changes the plan in force, never a
published report (ADR 0030). A round not yet announced reads the live tables into the
same JSON and goes through the same parser: one code path, marked "ร่าง".

`build_results` returns frozen dataclasses of raw values (Decimal, int, date); shares are
percentages to 2 places, ROUND_HALF_UP (reports.builders._share), never adjusted to add
up to 100.00. Three queries for a draft whatever its size (the rows of
results.rounds.rows and the organisation), none for an announced round beyond the round.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from approvals.snapshots import project_entry
from projects.editions import in_force
from reports import sources
from reports.builders import DRAFT_MARK, _share
from results import rounds
from results.models import (
    AS_OF,
    REPORT_NAMES,
    ResultStatus,
    RoundKind,
    ShareBasis,
    followed_plan,
    report_title,
)

RECORD_VERSION = 1
ZERO = Decimal("0.00")
NOT_REPORTED = "not_reported"  # a row in force without a result in the round (yet)
NOT_REPORTED_LABEL = "ยังไม่ได้รายงานผล"
NO_PROBLEMS = "ไม่มีปัญหา อุปสรรค และข้อเสนอแนะ"
REPORT_LABEL = "รายงานผลการดำเนินงาน"

# What the denominator of a count share is, as the report says it (ADR 0030).
BASIS_TEXT = {
    ShareBasis.STRATEGY: "ร้อยละของจำนวนโครงการ คิดจากจำนวนโครงการของยุทธศาสตร์หรือแผนงานนั้น",
    ShareBasis.PLAN: "ร้อยละของจำนวนโครงการ คิดจากจำนวนโครงการทั้งแผน",
}
ROUNDING_NOTE = (
    "ร้อยละปัดเศษทศนิยม 2 ตำแหน่ง (ปัดครึ่งขึ้น) ผลรวมของร้อยละจึงอาจไม่เท่ากับ 100.00 พอดี "
    "· ร้อยละการเบิกจ่ายคิดจากงบประมาณของแถวนั้น · คงเหลือ = งบประมาณ − เบิกจ่าย"
)

# Headings of the report's tables: the column definitions (reports/documents/results.py)
# name them by key; the workbook prints the same words.
LABELS = {
    "page": "หน้า",
    "status": "สถานะการดำเนินงาน",
    "count": "จำนวนโครงการ",
    "share": "ร้อยละ",
    "budget": "งบประมาณ (บาท)",
    "disbursed": "เบิกจ่าย (บาท)",
    "remaining": "คงเหลือ (บาท)",
    "disbursed_share": "ร้อยละการเบิกจ่าย",
    "number": "ที่",
    "project": "โครงการ",
    "department": "หน่วยงานรับผิดชอบ",
    "progress": "ความก้าวหน้า (ร้อยละ)",
    "problems": "ปัญหา อุปสรรค",
    "suggestions": "ข้อเสนอแนะ",
    "total": "รวม",
    "grand_total": "รวมทั้งสิ้น",
    "empty": "ไม่มีโครงการในแผนที่ใช้บังคับของรอบนี้",
}


# --- the record --------------------------------------------------------------------------


def _result_entry(result) -> dict | None:
    if result is None:
        return None
    return {
        "status": result.status,
        "disbursed": str(result.disbursed),
        "progress": result.progress,
        "problems": result.problems,
        "suggestions": result.suggestions,
    }


def results_content(round_, *, logo=False, keep_logo=False) -> dict:
    """Everything the round's report and announcement print, from the live tables (JSON).

    `logo` adds the organisation's logo (the announcement); `keep_logo` stores its bytes
    content-addressed (at the announcement: the logo may be replaced later)."""
    organization = round_.organization
    content = {
        "version": RECORD_VERSION,
        "organization": sources.organization_words(organization),
        "organization_slug": organization.slug,
        "fiscal_year": round_.fiscal_year,
        "kind": round_.kind,
        "share_basis": round_.share_basis,
        "plans": [plan.title for plan in in_force(organization, round_.fiscal_year)],
        "announced_on": round_.announced_on.isoformat() if round_.announced_on else None,
        "signer": round_.announced_by,
        "position": round_.announced_position,
        "projects": [
            project_entry(row.project)
            | {"lineage": row.project.lineage, "result": _result_entry(row.result)}
            for row in rounds.rows(round_)
        ],
    }
    if logo or keep_logo:
        content["logo"] = sources._logo_content(organization, keep=keep_logo)
    return content


def record(round_) -> dict:
    """The JSON stored in Round.record at the announcement (results.rounds.record_with)."""
    return results_content(round_, keep_logo=True)


def content_of(round_, *, logo=False) -> tuple[dict, bool]:
    """(content, is_draft): an announced round's record, or the live tables."""
    if round_.is_announced and round_.record:
        return round_.record, False
    return results_content(round_, logo=logo), not round_.is_announced


# --- the built report ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsHeader:
    """What the report prints above its tables, and how it prints numbers."""

    organization: str
    organization_slug: str
    location: str
    fiscal_year: int
    kind: str
    round_label: str
    report_name: str  # the first printed line: "รายงานผลการดำเนินงาน ไตรมาสที่ 1"
    report_title: str  # on one line, with what it follows (pages, the announcement)
    as_of: date
    plans: tuple
    thai_digits: bool
    is_draft: bool
    share_basis: str
    announced_on: date | None
    signer: str
    position: str

    form = "results"

    @property
    def label(self):
        return REPORT_LABEL

    @property
    def title(self):
        return self.report_title

    @property
    def marked_title(self):
        """The first printed line of the workbook, over plan_line."""
        return f"{DRAFT_MARK} — {self.report_name}" if self.is_draft else self.report_name

    @property
    def plan_line(self):
        return followed_plan(self.fiscal_year)

    @property
    def organization_line(self):
        return f"{self.organization} {self.location}"

    @property
    def period_line(self):
        """ "รอบ 6 เดือน (ต.ค.–มี.ค.) ข้อมูล ณ วันที่ 31 มีนาคม 2569" """
        from thai.format import format_date_full

        return f"{self.round_label} ข้อมูล ณ วันที่ {format_date_full(self.as_of)}"

    @property
    def basis_text(self):
        return BASIS_TEXT[ShareBasis(self.share_basis)]

    @property
    def t(self):
        return LABELS

    def text(self, key, **values):
        return LABELS[key].format(**values)


@dataclass(frozen=True)
class StatusRow:
    """One status (or the total) of a group: count, its share, and the money."""

    status: str
    label: str
    count: int
    share: Decimal  # of the table's denominator
    budget: Decimal
    disbursed: Decimal
    remaining: Decimal
    disbursed_share: Decimal  # disbursed of budget


@dataclass(frozen=True)
class StatusTable:
    rows: tuple  # StatusRow per status, in the report's order of statuses
    total: StatusRow
    denominator: int  # the project count its shares are of


@dataclass(frozen=True)
class ProjectRow:
    number: int  # restarts in each แผนงาน (as ผด.02)
    name: str
    department: str
    budget: Decimal
    disbursed: Decimal
    remaining: Decimal
    status: str
    status_label: str
    progress: int | None
    problems: str
    suggestions: str


@dataclass(frozen=True)
class ProgramGroup:
    number: str  # "1.2"
    name: str
    table: StatusTable
    projects: tuple


@dataclass(frozen=True)
class StrategyGroup:
    number: int
    name: str
    table: StatusTable
    programs: tuple

    @property
    def projects(self):
        return tuple(p for program in self.programs for p in program.projects)


@dataclass(frozen=True)
class ProblemRow:
    number: int
    project: str
    department: str
    problems: str
    suggestions: str


@dataclass(frozen=True)
class Results:
    header: ResultsHeader
    statuses: tuple  # (key, label) in print order
    summary: StatusTable
    strategies: tuple
    problems: tuple

    @property
    def count(self) -> int:
        return self.summary.total.count

    @property
    def budget(self) -> Decimal:
        return self.summary.total.budget

    @property
    def disbursed(self) -> Decimal:
        return self.summary.total.disbursed

    @property
    def remaining(self) -> Decimal:
        return self.summary.total.remaining

    @property
    def is_empty(self):
        return not self.strategies

    @property
    def projects(self):
        return tuple(p for s in self.strategies for p in s.projects)

    def status_count(self, status) -> int:
        return next(r.count for r in self.summary.rows if r.status == status)


def _status_table(statuses, projects, denominator) -> StatusTable:
    def row(key, label, items):
        budget = sum((p.budget for p in items), ZERO)
        disbursed = sum((p.disbursed for p in items), ZERO)
        return StatusRow(
            status=key,
            label=label,
            count=len(items),
            share=_share(len(items), denominator),
            budget=budget,
            disbursed=disbursed,
            remaining=budget - disbursed,
            disbursed_share=_share(disbursed, budget),
        )

    by_status = {key: [] for key, _ in statuses}
    for p in projects:
        by_status[p.status].append(p)
    return StatusTable(
        rows=tuple(row(key, label, by_status[key]) for key, label in statuses),
        total=row("total", LABELS["total"], projects),
        denominator=denominator,
    )


def _project(number, entry) -> ProjectRow:
    result = entry["result"] or {}
    budget = Decimal(entry["budget"])
    disbursed = Decimal(result.get("disbursed", "0.00"))
    status = result.get("status", NOT_REPORTED)
    labels = dict(ResultStatus.choices) | {NOT_REPORTED: NOT_REPORTED_LABEL}
    return ProjectRow(
        number=number,
        name=entry["name"],
        department=entry["department"],
        budget=budget,
        disbursed=disbursed,
        remaining=budget - disbursed,
        status=status,
        status_label=labels.get(status, status),
        progress=result.get("progress"),
        problems=result.get("problems", ""),
        suggestions=result.get("suggestions", ""),
    )


def _header(content, is_draft) -> ResultsHeader:
    words = content["organization"]
    kind = RoundKind(content["kind"])
    month, day, back = AS_OF[kind]
    announced_on = content.get("announced_on")
    fiscal_year = content["fiscal_year"]
    return ResultsHeader(
        organization=words["name"],
        organization_slug=content["organization_slug"],
        location=words["location"],
        fiscal_year=fiscal_year,
        kind=kind.value,
        round_label=kind.label,
        report_name=REPORT_NAMES[kind],
        report_title=report_title(kind, fiscal_year),
        as_of=date(fiscal_year - 543 - back, month, day),
        plans=tuple(content["plans"]),
        thai_digits=words["thai_digits"],
        is_draft=is_draft,
        share_basis=content["share_basis"],
        announced_on=None if is_draft or not announced_on else date.fromisoformat(announced_on),
        signer="" if is_draft else content.get("signer", ""),
        position=content.get("position") or words["executive_position"],
    )


def parse(content, *, is_draft, share_basis=None) -> Results:
    """The report from its JSON content (a record or the live tables' reading)."""
    if share_basis is not None:
        content = content | {"share_basis": ShareBasis(share_basis).value}
    header = _header(content, is_draft)
    entries = content["projects"]
    statuses = tuple(ResultStatus.choices)
    if any(entry["result"] is None for entry in entries):
        statuses += ((NOT_REPORTED, NOT_REPORTED_LABEL),)
    plan_wide = header.share_basis == ShareBasis.PLAN
    total_count = len(entries)

    strategies = []
    problems = []
    all_projects = []
    for (number, name), in_strategy in groupby(entries, key=lambda e: tuple(e["strategy"])):
        programs = []
        strategy_projects = []
        for index, (program, items) in enumerate(
            groupby(in_strategy, key=lambda e: e["program"]), start=1
        ):
            projects = tuple(_project(n, e) for n, e in enumerate(items, start=1))
            denominator = total_count if plan_wide else len(projects)
            programs.append(
                ProgramGroup(
                    number=f"{number}.{index}",
                    name=program,
                    table=_status_table(statuses, projects, denominator),
                    projects=projects,
                )
            )
            strategy_projects.extend(projects)
        denominator = total_count if plan_wide else len(strategy_projects)
        strategies.append(
            StrategyGroup(
                number=number,
                name=name,
                table=_status_table(statuses, strategy_projects, denominator),
                programs=tuple(programs),
            )
        )
        all_projects.extend(strategy_projects)
    for project in all_projects:
        if project.problems or project.suggestions:
            problems.append(
                ProblemRow(
                    number=len(problems) + 1,
                    project=project.name,
                    department=project.department,
                    problems=project.problems,
                    suggestions=project.suggestions,
                )
            )
    return Results(
        header=header,
        statuses=statuses,
        summary=_status_table(statuses, all_projects, total_count),
        strategies=tuple(strategies),
        problems=tuple(problems),
    )


def build_results(round_, *, share_basis=None) -> Results:
    """The results report of `round_`: from its record once announced, else marked ร่าง.

    `share_basis` (a ShareBasis value) overrides the round's own for a preview; the
    pages and the published files use the round's."""
    content, is_draft = content_of(round_)
    return parse(content, is_draft=is_draft, share_basis=share_basis)
