"""The demo (seed_demo) shows the results: last year's six-month round is open, most
departments have reported, กองช่าง (the `dept` account) still has rows to report."""

import pytest

from results import rounds
from results.models import DepartmentReport, Result, Round, RoundStatus
from tests.approvals.test_seed_demo import seed
from thai.format import fiscal_year_of

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_six_month_round_of_last_years_plan():
    from django.utils import timezone

    seed()
    round_ = Round.objects.get()
    assert (round_.fiscal_year, round_.kind, round_.status) == (
        fiscal_year_of(timezone.localdate()) - 1,
        "six_month",
        RoundStatus.OPEN,
    )
    missing = [department.name for department, _ in rounds.missing_departments(round_)]
    assert missing == ["กองช่าง"]
    works = [row for row in rounds.rows(round_) if row.project.department.name == "กองช่าง"]
    assert 0 < sum(row.result is None for row in works) < len(works)


def test_seeding_again_keeps_the_round_and_its_results():
    seed()
    counts = (Round.objects.count(), Result.objects.count(), DepartmentReport.objects.count())
    seed()
    assert counts == (
        Round.objects.count(),
        Result.objects.count(),
        DepartmentReport.objects.count(),
    )
    assert counts[0] == 1 and counts[1] > 20
