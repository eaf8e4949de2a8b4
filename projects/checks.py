"""What a plan's rows say about the plan as a whole: the budget check per แผนงาน.

Read by the budget-check page and by the checks before a plan is sent on
(approvals/checks.py)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from budget.models import Appropriation, Program


@dataclass(frozen=True)
class ProgramCheck:
    program: Program
    count: int
    planned: Decimal
    appropriated: Decimal | None  # None: no appropriation recorded for this แผนงาน
    difference: Decimal | None  # planned - appropriated


@dataclass(frozen=True)
class BudgetCheck:
    rows: tuple[ProgramCheck, ...]
    has_appropriations: bool
    source_kinds: tuple[str, ...]

    @property
    def planned_total(self) -> Decimal:
        return sum((r.planned for r in self.rows), Decimal("0"))

    @property
    def appropriated_total(self) -> Decimal:
        return sum((r.appropriated for r in self.rows if r.appropriated is not None), Decimal(0))

    @property
    def differences(self) -> tuple[ProgramCheck, ...]:
        return tuple(r for r in self.rows if r.difference)


def budget_check(plan) -> BudgetCheck:
    """Per แผนงาน: the plan's total against the linked budget events' appropriations.
    Three queries whatever the number of rows."""
    # An event appropriates its own money: compare it with the rows paid from that money.
    kinds = set(plan.budget_events.values_list("kind", flat=True))
    projects = plan.projects.all()
    if kinds:
        projects = projects.filter(budget_source__kind__in=kinds)
    planned = {
        row["program"]: row
        for row in projects.values("program").annotate(total=Sum("budget"), count=Count("pk"))
    }
    appropriated = {
        row["program"]: row["total"]
        for row in Appropriation.objects.filter(event__plans=plan)
        .values("program")
        .annotate(total=Sum("amount"))
    }
    rows = []
    for program in Program.objects.select_related("sector"):
        if program.pk not in planned and program.pk not in appropriated:
            continue
        total = planned.get(program.pk, {}).get("total") or Decimal("0")
        budget = appropriated.get(program.pk)
        rows.append(
            ProgramCheck(
                program=program,
                count=planned.get(program.pk, {}).get("count", 0),
                planned=total,
                appropriated=budget,
                difference=None if budget is None else total - budget,
            )
        )
    return BudgetCheck(tuple(rows), bool(appropriated), tuple(sorted(kinds)))
