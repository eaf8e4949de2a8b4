"""What a ท้องถิ่นอำเภอ/ท้องถิ่นจังหวัด sees of the organisations of an area for a fiscal
year: each one's plan status (announced on time? posted? days late), results rounds,
totals by ด้าน/แผนงาน/strategy of the plans in force, and results progress.

Builders return frozen dataclasses of raw values (dates, Decimals, counts); the pages and
the XLSX renderers (oversight/xlsx.py) only format them. Each builder runs a fixed number
of queries whatever the number of organisations: it reads the area through subqueries
and joins the rows in Python (projects.editions.apply_editions per organisation).

Drafts: their status, dates and deadline are shown (who is late is the point), never
their rows or totals; totals and results come from the plans in force only (ADR 0041).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from approvals.posting import announced_on_paper, posting_due, posting_state
from budget.models import BudgetEvent, BudgetEventKind, usual_annual_deadline
from projects.editions import IN_FORCE, apply_editions
from projects.models import Plan, PlanKind, PlanStatus, Project
from results.models import ROUND_ORDER, Result, Round, RoundKind, RoundStatus
from thai.collation import thai_sort_key
from thai.format import fiscal_year_bounds, round_half_up

ZERO = Decimal("0.00")
ROUND_SHORT = {
    RoundKind.QUARTER_1: "ไตรมาส 1",
    RoundKind.SIX_MONTH: "6 เดือน",
    RoundKind.QUARTER_3: "ไตรมาส 3",
    RoundKind.ANNUAL: "12 เดือน",
}


def share(part, whole) -> Decimal | None:
    """part / whole in percent, 2 places, ROUND_HALF_UP; None when there is no whole."""
    if not whole:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole))


# --- plan status ----------------------------------------------------------------------


class Standing:
    """Where an organisation stands with the year's plan, worst first in the summary."""

    OVERDUE = "overdue"  # not announced, deadline passed (or the fiscal year is over)
    LATE = "late"  # announced after the deadline
    PENDING = "pending"  # not announced, still in time (or no deadline recorded)
    ON_TIME = "on_time"

    ORDER = (OVERDUE, LATE, PENDING, ON_TIME)
    LABELS = {
        OVERDUE: "เลยกำหนดแล้วยังไม่ประกาศ",
        LATE: "ประกาศช้ากว่ากำหนด",
        PENDING: "ยังไม่ประกาศ (ยังไม่เลยกำหนด)",
        ON_TIME: "ประกาศทันกำหนด",
    }


@dataclass(frozen=True)
class RoundState:
    kind: str
    label: str
    status: str
    status_label: str
    announced_on: date | None


@dataclass(frozen=True)
class PlanStatusRow:
    organization_id: int
    name: str
    amphoe: str
    status_label: str  # the original edition's status, or "ยังไม่เริ่มจัดทำ"
    deadline: date | None
    extended: bool
    # No deadline recorded and the year is over: budget.models.usual_annual_deadline.
    deadline_presumed: bool
    announced_on: date | None
    days_late: int  # announced after the deadline, or overdue today; 0 otherwise
    standing: str
    posting_due: date | None
    posting_started_on: date | None
    posting_days_late: int  # started after the due day, or not started and past it
    editions_in_force: int
    pending_edition: str  # an edition being prepared: its title and status, or ""
    rounds: tuple

    @property
    def standing_label(self):
        return Standing.LABELS[self.standing]

    @property
    def posted(self):
        return self.posting_started_on is not None


@dataclass(frozen=True)
class StatusReport:
    fiscal_year: int
    today: date
    rows: tuple
    counts: dict  # Standing → number of organisations

    @property
    def posted(self):
        return sum(1 for row in self.rows if row.posted)

    @property
    def posted_late(self):
        return sum(1 for row in self.rows if row.posting_days_late)

    @property
    def presumed(self):
        """Rows whose deadline is presumed (budget.models.usual_annual_deadline)."""
        return sum(1 for row in self.rows if row.deadline_presumed)

    @property
    def presumed_note(self):
        """What "(ประมาณ*)" beside a deadline means (the page and the workbook)."""
        return (
            "* ปีงบประมาณสิ้นสุดแล้วแต่ไม่ได้บันทึกวันประกาศข้อบัญญัติงบประมาณรายจ่ายประจำปี "
            f"จึงนับกำหนดประกาศแผนตามปกติ คือ {settings.OPPLAN_PLAN_DEADLINE_DAYS} วันนับจาก "
            "1 ต.ค. ที่งบประมาณมีผลใช้บังคับ แผนที่ประกาศนอกระบบ ให้นักวิเคราะห์นโยบายและแผน"
            "ของ อปท. บันทึกการประกาศไว้ในระบบ"
        )


def _standing(deadline, announced_on, today) -> tuple[str, int]:
    if announced_on is not None:
        late = (announced_on - deadline).days if deadline else 0
        return (Standing.LATE, late) if late > 0 else (Standing.ON_TIME, 0)
    if deadline is not None and today > deadline:
        return Standing.OVERDUE, (today - deadline).days
    return Standing.PENDING, 0


def _event_deadlines(organizations, fiscal_year) -> dict[int, date]:
    """The annual budget's deadline of each organisation that has recorded one (1 query):
    an organisation that has not started its plan can already be late."""
    deadlines = {}
    events = BudgetEvent.objects.filter(
        organization__in=organizations, fiscal_year=fiscal_year, kind=BudgetEventKind.ANNUAL
    ).only("organization_id", "announced_on")
    for event in events:
        current = deadlines.get(event.organization_id)
        if current is None or event.deadline < current:
            deadlines[event.organization_id] = event.deadline
    return deadlines


def _rounds(organizations, fiscal_year) -> dict[int, list[Round]]:
    by_organization = defaultdict(list)
    rounds = Round.objects.filter(organization__in=organizations, fiscal_year=fiscal_year).only(
        "organization_id", "kind", "status", "announced_on", "fiscal_year"
    )
    for round_ in rounds:
        by_organization[round_.organization_id].append(round_)
    for rounds_ in by_organization.values():
        rounds_.sort(key=lambda r: ROUND_ORDER.index(r.kind))
    return by_organization


def build_status(organizations, fiscal_year: int, today: date) -> StatusReport:
    """Each organisation's plan status for the year. `organizations` is a QuerySet (the
    area's scope); 6 queries at any size."""
    organizations = organizations.order_by("amphoe", "name", "pk")
    orgs = list(organizations.only("pk", "name", "amphoe", "type"))
    plans = defaultdict(list)
    for plan in (
        Plan.objects.filter(organization__in=organizations, fiscal_year=fiscal_year)
        .select_related("offline_announcement")
        .prefetch_related("budget_events", "postings")
        .order_by("pk")
    ):
        plans[plan.organization_id].append(plan)
    event_deadlines = _event_deadlines(organizations, fiscal_year)
    rounds = _rounds(organizations, fiscal_year)
    # A year that is over without a plan is late whether or not its budget was recorded.
    presumed = (
        usual_annual_deadline(fiscal_year) if today > fiscal_year_bounds(fiscal_year)[1] else None
    )
    rows = []
    for organization in orgs:
        editions = plans.get(organization.pk, [])
        original = next((p for p in editions if p.kind == PlanKind.ORIGINAL), None)
        rows.append(
            _status_row(
                organization,
                original,
                editions,
                event_deadlines.get(organization.pk),
                presumed,
                rounds.get(organization.pk, []),
                today,
            )
        )
    counts = {key: 0 for key in Standing.LABELS}
    for row in rows:
        counts[row.standing] += 1
    # The worst first: overdue and late by days, then the rest by district and name.
    rows.sort(key=lambda r: (Standing.ORDER.index(r.standing), -r.days_late,
                             thai_sort_key(r.amphoe), thai_sort_key(r.name)))  # fmt: skip
    return StatusReport(fiscal_year, today, tuple(rows), counts)


def _status_row(organization, original, editions, event_deadline, presumed, rounds, today):
    """`presumed`: the deadline to count from when none is recorded and the plan is still
    not announced (a year that is over), else None."""
    deadline = original.deadline() if original else None
    if deadline is None:
        deadline = event_deadline
    announced_on = original.announced_on if original and original.is_announced else None
    deadline_presumed = deadline is None and announced_on is None and presumed is not None
    if deadline_presumed:
        deadline = presumed
    standing, days_late = _standing(deadline, announced_on, today)
    due = started = None
    posting_late = 0
    if original is not None and original.is_announced:
        on_paper = announced_on_paper(original)
        state = posting_state(original, list(original.postings.all()), today, on_paper=on_paper)
        due, started = posting_due(original), state.started_on
        if started is not None and due is not None:
            posting_late = max((started - due).days, 0)
        elif due is not None and not state.to_record:
            # A plan announced on paper was most likely posted on paper then: not late until
            # its record says so (approvals.posting, as on the dashboard).
            posting_late = max((today - due).days, 0)
    pending = next((p for p in editions if p.status not in IN_FORCE and p is not original), None)
    return PlanStatusRow(
        organization_id=organization.pk,
        name=organization.name,
        amphoe=organization.amphoe,
        status_label=PlanStatus(original.status).label if original else "ยังไม่เริ่มจัดทำ",
        deadline=deadline,
        extended=bool(original and original.deadline_extended_to),
        deadline_presumed=deadline_presumed,
        announced_on=announced_on,
        days_late=days_late,
        standing=standing,
        posting_due=due,
        posting_started_on=started,
        posting_days_late=posting_late,
        editions_in_force=sum(1 for p in editions if p.status in IN_FORCE),
        pending_edition=(
            f"{pending.title} ({PlanStatus(pending.status).label})" if pending else ""
        ),
        rounds=tuple(
            RoundState(
                r.kind,
                ROUND_SHORT[RoundKind(r.kind)],
                r.status,
                RoundStatus(r.status).label,
                r.announced_on,
            )
            for r in rounds
        ),
    )


# --- the plans in force ----------------------------------------------------------------


ROW_FIELDS = (
    "pk", "plan_id", "plan__organization_id", "origin_id", "order", "budget",
    "strategy__number", "strategy__name", "program__order", "program__name",
    "program__sector__name", "program__sector__order",
)  # fmt: skip


def _area_order(organization):
    return thai_sort_key(organization.amphoe), thai_sort_key(organization.name)


def rows_in_force(organizations, fiscal_year) -> dict[int, list[Project]]:
    """Each organisation's consolidated rows of the year (editions applied): 2 queries."""
    plans = defaultdict(list)
    for plan in Plan.objects.filter(
        organization__in=organizations, fiscal_year=fiscal_year, status__in=IN_FORCE
    ).order_by("pk"):
        plans[plan.organization_id].append(plan)
    projects = defaultdict(list)
    for project in (
        Project.objects.filter(
            plan__organization__in=organizations,
            plan__fiscal_year=fiscal_year,
            plan__status__in=IN_FORCE,
        )
        .select_related("plan", "strategy", "program__sector")
        .only(*ROW_FIELDS)
    ):
        projects[project.plan.organization_id].append(project)
    return {
        organization_id: apply_editions(editions, projects.get(organization_id, []))
        for organization_id, editions in plans.items()
    }


@dataclass(frozen=True)
class TotalRow:
    label: str
    organizations: int
    projects: int
    budget: Decimal
    share: Decimal | None  # of the grand total budget


@dataclass(frozen=True)
class SectorTotal:
    name: str
    programs: tuple  # TotalRow per แผนงาน with projects
    total: TotalRow


@dataclass(frozen=True)
class TotalsReport:
    fiscal_year: int
    organizations: int  # in the area
    organizations_in_force: int  # with a plan in force
    projects: int
    budget: Decimal
    sectors: tuple
    strategies: tuple  # TotalRow per strategy name, largest budget first


def _total(label, entries, grand) -> TotalRow:
    budget = sum((p.budget for _, p in entries), ZERO)
    return TotalRow(
        label=label,
        organizations=len({organization_id for organization_id, _ in entries}),
        projects=len(entries),
        budget=budget,
        share=share(budget, grand),
    )


def _strategy_key(name: str) -> str:
    return " ".join(name.split())


def build_totals(organizations, fiscal_year: int) -> TotalsReport:
    """Projects and budget of the plans in force, by ด้าน and แผนงาน (the standard
    classification) and by strategy name (each organisation numbers its own strategies,
    so they are grouped by name). 3 queries at any size."""
    count = organizations.count()
    rows = rows_in_force(organizations, fiscal_year)
    entries = [(org_id, p) for org_id, projects in rows.items() for p in projects]
    grand = sum((p.budget for _, p in entries), ZERO)
    by_program = defaultdict(list)
    by_strategy = defaultdict(list)
    for org_id, project in entries:
        by_program[project.program].append((org_id, project))
        by_strategy[_strategy_key(project.strategy.name)].append((org_id, project))
    by_sector = defaultdict(list)
    for program in sorted(by_program, key=lambda p: p.order):
        by_sector[program.sector].append(program)
    sectors = tuple(
        SectorTotal(
            name=sector.name,
            programs=tuple(_total(p.name, by_program[p], grand) for p in programs),
            total=_total(f"รวม{sector.name}", [e for p in programs for e in by_program[p]], grand),
        )
        for sector, programs in sorted(by_sector.items(), key=lambda item: item[0].order)
    )
    strategies = sorted(
        (_total(name, items, grand) for name, items in by_strategy.items()),
        key=lambda row: (-row.budget, row.label),
    )
    return TotalsReport(
        fiscal_year=fiscal_year,
        organizations=count,
        organizations_in_force=len(rows),
        projects=len(entries),
        budget=grand,
        sectors=sectors,
        strategies=tuple(strategies),
    )


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsRow:
    organization_id: int
    name: str
    amphoe: str
    round_label: str  # the latest round of the year, or ""
    round_status: str
    projects: int  # in force
    reported: int  # with a result in that round
    reported_share: Decimal | None
    budget: Decimal
    disbursed: Decimal
    disbursed_share: Decimal | None


@dataclass(frozen=True)
class ResultsReport:
    fiscal_year: int
    rows: tuple
    projects: int
    reported: int
    budget: Decimal
    disbursed: Decimal

    @property
    def reported_share(self):
        return share(self.reported, self.projects)

    @property
    def disbursed_share(self):
        return share(self.disbursed, self.budget)


def build_results(organizations, fiscal_year: int) -> ResultsReport:
    """Per organisation, the latest round of the year: how many projects in force have a
    result and how much of their budget is disbursed. 5 queries at any size."""
    organizations = organizations.order_by("amphoe", "name", "pk")
    orgs = list(organizations.only("pk", "name", "amphoe"))
    rows_by_org = rows_in_force(organizations, fiscal_year)
    latest = {org_id: rounds[-1] for org_id, rounds in _rounds(organizations, fiscal_year).items()}
    results = defaultdict(dict)
    for round_id, lineage, disbursed in Result.objects.filter(
        round__in=[r.pk for r in latest.values()]
    ).values_list("round_id", "lineage", "disbursed"):
        results[round_id][lineage] = disbursed
    rows = []
    for organization in sorted(orgs, key=_area_order):
        projects = rows_by_org.get(organization.pk, [])
        round_ = latest.get(organization.pk)
        reported_in = results.get(round_.pk, {}) if round_ else {}
        reported = [p for p in projects if p.lineage in reported_in]
        budget = sum((p.budget for p in projects), ZERO)
        disbursed = sum((reported_in[p.lineage] for p in reported), ZERO)
        rows.append(
            ResultsRow(
                organization_id=organization.pk,
                name=organization.name,
                amphoe=organization.amphoe,
                round_label=ROUND_SHORT[RoundKind(round_.kind)] if round_ else "",
                round_status=RoundStatus(round_.status).label if round_ else "",
                projects=len(projects),
                reported=len(reported),
                reported_share=share(len(reported), len(projects)),
                budget=budget,
                disbursed=disbursed,
                disbursed_share=share(disbursed, budget),
            )
        )
    return ResultsReport(
        fiscal_year=fiscal_year,
        rows=tuple(rows),
        projects=sum(r.projects for r in rows),
        reported=sum(r.reported for r in rows),
        budget=sum((r.budget for r in rows), ZERO),
        disbursed=sum((r.disbursed for r in rows), ZERO),
    )
