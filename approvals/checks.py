"""What deserves a look before a plan is sent on (submitted to the committee, or
announced): the user sees the list and confirms or goes back. Nothing here refuses;
the workflow's guards (approvals/workflow.py) do that."""

from dataclasses import dataclass

from django.urls import reverse

from budget.models import BudgetSourceKind
from projects.checks import budget_check
from thai.format import format_money

# The steps that send a plan on, before which the list is shown.
CHECKED_ACTIONS = frozenset({"submit", "propose_to_executive", "announce"})


@dataclass(frozen=True)
class Finding:
    text: str  # what, with how many, in Thai
    url: str  # where to look


def findings(plan) -> list[Finding]:
    """Unanswered comments, zero-budget rows without a word of explanation, and แผนงาน
    whose total differs from the appropriations. Five queries. (A row with no month
    cannot exist: the database requires at least one, project_months_within_fiscal_year.)"""
    page = reverse("projects:plan", args=[plan.pk])
    found = []
    unanswered = plan.comments.filter(resolved_at__isnull=True).count()
    if unanswered:
        found.append(
            Finding(f"ความเห็นที่ยังไม่ได้ตอบ {unanswered:,} รายการ", f"{page}#workflow-heading")
        )
    rows = plan.projects.all()
    unexplained = (
        rows.filter(budget=0, details="")
        .exclude(budget_source__kind=BudgetSourceKind.NO_BUDGET)
        .count()
    )
    if unexplained:
        found.append(
            Finding(
                f"โครงการงบประมาณ 0 บาทที่ไม่มีรายละเอียดและไม่ได้ระบุว่า “ไม่ใช้งบประมาณ” "
                f"{unexplained:,} รายการ",
                f"{page}?sort=budget",
            )
        )
    check = budget_check(plan)
    for row in check.differences:
        direction = "เกิน" if row.difference > 0 else "ต่ำกว่า"
        found.append(
            Finding(
                f"{row.program.name}: รวมในแผน {format_money(row.planned)} บาท {direction}"
                f"งบประมาณที่ได้รับ {format_money(abs(row.difference))} บาท",
                reverse("projects:budget_check", args=[plan.pk]),
            )
        )
    return found
