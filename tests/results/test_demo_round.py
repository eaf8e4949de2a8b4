"""The demo (seed_demo) shows the results as they stand early in a fiscal year: last
year's six-month round reported in April, announced and posted; its annual round open,
most departments reported, กองช่าง (the `dept` account) still to report (domain.md §5)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from results import rounds
from results.models import DepartmentReport, Result, Round, RoundStatus
from tests.approvals.test_seed_demo import seed
from thai.format import fiscal_year_of

pytestmark = pytest.mark.django_db


def test_last_years_six_month_round_was_reported_in_april_then_announced_and_posted():
    seed()
    last_year = fiscal_year_of(timezone.localdate()) - 1
    six_month = Round.objects.get(kind="six_month")
    april = last_year - 543  # the Gregorian year of the fiscal year's April
    assert (six_month.fiscal_year, six_month.status) == (last_year, RoundStatus.ANNOUNCED)
    assert six_month.as_of == date(april, 3, 31)
    assert six_month.due_on == date(april, 4, 30)
    assert six_month.due_on < six_month.announced_on <= six_month.posted_from
    assert six_month.posted_until - six_month.posted_from >= timedelta(days=30)
    assert rounds.missing_departments(six_month) == []
    submitted = DepartmentReport.objects.filter(round=six_month)
    assert {report.submitted_at.date() <= six_month.due_on for report in submitted} == {True}


def test_its_annual_round_is_open_and_due_in_ten_days():
    seed()
    annual = Round.objects.get(kind="annual")
    today = timezone.localdate()
    assert (annual.fiscal_year, annual.status) == (fiscal_year_of(today) - 1, RoundStatus.OPEN)
    assert annual.as_of < today and annual.due_on == today + timedelta(days=10)
    missing = [department.name for department, _ in rounds.missing_departments(annual)]
    assert missing == ["กองช่าง"]
    assert all(row.result is not None for row in rounds.rows(annual))  # from six months


def test_seeding_again_keeps_the_rounds_and_their_results():
    seed()
    counts = (Round.objects.count(), Result.objects.count(), DepartmentReport.objects.count())
    seed()
    assert counts == (
        Round.objects.count(),
        Result.objects.count(),
        DepartmentReport.objects.count(),
    )
    assert counts[0] == 2 and counts[1] > 40
