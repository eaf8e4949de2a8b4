"""A real-sized plan with its results, for the results report's tests and benchmark.

Five ยุทธศาสตร์, four แผนงาน, three departments, budgets and disbursements to the satang,
every status, problems on some rows: all of our own making, computed from the row's index
so a test can recompute every number of the report without reading the report.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from results.models import ResultStatus

STATUSES = (
    ResultStatus.DONE,
    ResultStatus.IN_PROGRESS,
    ResultStatus.NOT_STARTED,
    ResultStatus.DONE,
    ResultStatus.CANCELLED,
    ResultStatus.CARRIED_OVER,
    ResultStatus.IN_PROGRESS,
)
PROGRAMS = ("housing_and_community", "education", "public_health", "agriculture")
DEPARTMENTS = ("กองช่าง", "สำนักปลัด", "กองคลัง")
STRATEGY_NAMES = (
    "การพัฒนาโครงสร้างพื้นฐาน",
    "การพัฒนาคุณภาพชีวิตและสังคม",
    "การพัฒนาการศึกษา ศาสนา และวัฒนธรรม",
    "การพัฒนาเศรษฐกิจชุมชนและการเกษตร",
    "การบริหารจัดการบ้านเมืองที่ดี",
)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Spec:
    """One project and its result, as the test data defines them."""

    index: int
    strategy: int  # 1–5
    program: str  # Program.code
    department: str
    name: str
    budget: Decimal
    status: str | None  # None: no result in the round
    disbursed: Decimal
    progress: int | None
    problems: str
    suggestions: str


def spec(index, *, unreported_every=0) -> Spec:
    budget = Decimal(10_000 + (index * 7919) % 490_000) + Decimal(index * 37 % 100) / 100
    status = STATUSES[index % len(STATUSES)]
    if unreported_every and index % unreported_every == unreported_every - 1:
        status = None
    share = {
        ResultStatus.DONE: Decimal("0.9") + Decimal(index % 10) / 100,
        ResultStatus.IN_PROGRESS: Decimal(index % 9 + 1) / 10,
        ResultStatus.CARRIED_OVER: Decimal(1) / 3,
    }.get(status, Decimal(0))
    disbursed = (budget * share).quantize(CENT, rounding=ROUND_HALF_UP)
    problems = suggestions = ""
    if index % 6 == 2:
        problems = f"ผู้รับจ้างส่งมอบงานล่าช้า สายที่ {index + 1}"
    if index % 8 == 3:
        suggestions = "ควรวางแผนจัดซื้อจัดจ้างให้เร็วขึ้นในไตรมาสแรก"
    return Spec(
        index=index,
        strategy=index % 5 + 1,
        program=PROGRAMS[(index // 5) % len(PROGRAMS)],
        department=DEPARTMENTS[index % len(DEPARTMENTS)],
        name=f"โครงการพัฒนาหมู่บ้าน สายที่ {index + 1}",
        budget=budget,
        status=status,
        disbursed=disbursed if status else Decimal("0.00"),
        progress=(index * 13) % 101 if status == ResultStatus.IN_PROGRESS else None,
        problems=problems if status else "",
        suggestions=suggestions if status else "",
    )


def results_plan(count=40, *, unreported_every=0, share_basis="strategy", thai_digits=False):
    """An announced plan of FY2569 with `count` projects and its six-month round (open),
    the results entered through results.rounds. Returns a namespace with `specs`."""
    from accounts.models import Role
    from budget.models import Program
    from results import rounds
    from tests.factories import announce, make_organization, make_plan, make_strategy, member

    organization = make_organization(thai_digits=thai_digits)
    planner = member(organization, Role.PLANNER)
    executive = member(organization, Role.EXECUTIVE)
    plan = make_plan(organization, fiscal_year=2569)
    strategies = {n: make_strategy(organization, n, STRATEGY_NAMES[n - 1]) for n in range(1, 6)}
    programs = {p.code: p for p in Program.objects.filter(code__in=PROGRAMS)}
    departments = {d.name: d for d in organization.departments.filter(name__in=DEPARTMENTS)}
    specs = [spec(i, unreported_every=unreported_every) for i in range(count)]
    projects = create_projects(plan, specs, strategies, programs, departments)
    announce(
        plan, planner=planner, executive=executive, held_on=date(2025, 10, 1),
        announced_on=date(2025, 10, 10),
    )  # fmt: skip
    round_ = rounds.open_round(
        organization, 2569, "six_month", due_on=date(2026, 4, 30), by=planner,
        share_basis=share_basis,
    )  # fmt: skip
    entries = {
        project: rounds.Entry(
            status=s.status,
            disbursed=s.disbursed,
            progress=s.progress,
            problems=s.problems,
            suggestions=s.suggestions,
            confirm_over_budget=True,
        )
        for project, s in zip(projects, specs, strict=True)
        if s.status
    }
    rounds.save_results(round_, entries, by=planner)
    return SimpleNamespace(
        organization=organization, planner=planner, executive=executive, plan=plan,
        round=round_, specs=specs, projects=projects,
    )  # fmt: skip


def create_projects(plan, specs, strategies, programs, departments):
    from budget.models import BudgetSource
    from projects.models import Project

    source = BudgetSource.objects.get(organization=None, kind="annual")
    created = Project.objects.bulk_create(
        Project(plan=plan, strategy=strategies[s.strategy], program=programs[s.program],
                name=s.name, budget=s.budget, budget_source=source,
                department=departments[s.department], months=0b111, order=s.index)
        for s in specs
    )  # fmt: skip
    return list(created)
