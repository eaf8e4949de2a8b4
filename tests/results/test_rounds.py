"""results.rounds: the one write path of rounds and results."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.permissions import OPERATOR
from projects.editions import create_edition
from projects.models import PlanKind
from results import rounds
from results.models import DepartmentReport, Result, ResultStatus, Round, RoundStatus
from results.rounds import Entry
from tests.factories import announce, make_plan, make_project, results_setup

pytestmark = pytest.mark.django_db

DONE = ResultStatus.DONE


@pytest.fixture
def s():
    return results_setup()


def open_six_month(s, **kwargs):
    return rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner, **kwargs
    )


def test_planner_opens_a_round_as_of_31_march(s):
    round_ = open_six_month(s)
    assert round_.status == RoundStatus.OPEN
    assert round_.as_of == date(2026, 3, 31)
    assert [row.project for row in rounds.rows(round_)] == [s.road, s.drain, s.sport]
    assert all(row.result is None for row in rounds.rows(round_))


def test_department_staff_cannot_open_a_round(s):
    with pytest.raises(PermissionDenied):
        rounds.open_round(s.organization, 2569, "annual", due_on=date(2026, 10, 31), by=s.staff)
    assert not Round.objects.exists()


def test_a_round_needs_a_plan_in_force(s):
    with pytest.raises(ValidationError, match="ยังไม่มีแผนการดำเนินงาน"):
        rounds.open_round(s.organization, 2570, "six_month", due_on=date(2027, 4, 30), by=s.planner)
    assert not Round.objects.exists()


def test_a_round_is_opened_once_and_due_after_it_ends(s):
    with pytest.raises(ValidationError) as error:
        rounds.open_round(s.organization, 2569, "six_month", due_on=date(2026, 3, 1), by=s.planner)
    assert "กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ" in str(error.value.message_dict["due_on"])
    open_six_month(s)
    with pytest.raises(ValidationError, match="มีรอบ 6 เดือน"):
        open_six_month(s)
    assert Round.objects.count() == 1


def test_staff_report_their_own_rows_and_not_others(s):
    round_ = open_six_month(s)
    result = rounds.save_result(
        round_, s.road, Entry(DONE, disbursed=Decimal("249999.99")), by=s.staff
    )
    assert (result.status, result.disbursed, result.lineage) == (
        DONE,
        Decimal("249999.99"),
        s.road.pk,
    )
    with pytest.raises(PermissionDenied):
        rounds.save_result(round_, s.sport, Entry(DONE), by=s.staff)
    assert Result.objects.count() == 1


def test_disbursement_above_the_budget_needs_confirmation(s):
    round_ = open_six_month(s)
    over = Entry(DONE, disbursed=Decimal("250000.01"))
    with pytest.raises(ValidationError) as error:
        rounds.save_result(round_, s.road, over, by=s.planner)
    assert "เกินงบประมาณ" in error.value.message_dict["disbursed"][0]
    assert not Result.objects.exists()
    confirmed = Entry(DONE, disbursed=Decimal("250000.01"), confirm_over_budget=True)
    assert rounds.save_result(round_, s.road, confirmed, by=s.planner).over_budget_confirmed


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (Entry(DONE, disbursed=Decimal("-0.01")), "disbursed"),
        (Entry("finished"), "status"),
        (Entry(DONE, progress=101), "progress"),
        (Entry(DONE, contract_amount=Decimal("-1")), "contract_amount"),
    ],
)
def test_bad_entries_are_refused_by_field(s, entry, field):
    round_ = open_six_month(s)
    with pytest.raises(ValidationError) as error:
        rounds.save_result(round_, s.road, entry, by=s.planner)
    assert list(error.value.message_dict) == [field]
    assert not Result.objects.exists()


def test_a_department_submits_only_when_every_row_has_a_result(s):
    round_ = open_six_month(s)
    rounds.save_result(round_, s.road, Entry(DONE), by=s.staff)
    assert [(d.name, n) for d, n in rounds.missing_departments(round_)] == [
        ("กองช่าง", 1),
        ("สำนักปลัด", 1),
    ]
    with pytest.raises(ValidationError, match="ยังไม่ได้รายงานผล 1 โครงการ"):
        rounds.submit_department(round_, s.works, by=s.staff)
    rounds.save_result(round_, s.drain, Entry(ResultStatus.IN_PROGRESS), by=s.staff)
    rounds.submit_department(round_, s.works, by=s.staff)
    assert [(d.name, n) for d, n in rounds.missing_departments(round_)] == [("สำนักปลัด", 1)]
    with pytest.raises(PermissionDenied):
        rounds.submit_department(round_, s.office, by=s.staff)
    assert DepartmentReport.objects.count() == 1


def test_the_annual_round_starts_from_the_six_month_values(s):
    six = open_six_month(s)
    rounds.save_result(
        six, s.road, Entry(ResultStatus.IN_PROGRESS, disbursed=Decimal("1000.50")), by=s.staff
    )
    annual = rounds.open_round(
        s.organization, 2569, "annual", due_on=date(2026, 10, 31), by=s.planner
    )
    copied = annual.results.get()
    assert (copied.status, copied.disbursed) == (ResultStatus.IN_PROGRESS, Decimal("1000.50"))
    rounds.save_result(annual, s.road, Entry(DONE, disbursed=Decimal("240000")), by=s.staff)
    assert six.results.get().status == ResultStatus.IN_PROGRESS  # each round keeps its own


def test_rows_follow_an_amendment_by_lineage(s):
    round_ = open_six_month(s)
    rounds.save_result(round_, s.road, Entry(DONE, disbursed=Decimal("10")), by=s.planner)
    amendment = create_edition(s.organization, 2569, PlanKind.AMENDMENT, by=s.planner)
    amended_road = amendment.projects.get(name=s.road.name)
    amended_road.budget = Decimal("300000.00")
    amended_road.save()
    workflow_announce(amendment, s)
    by_lineage = {row.lineage: row for row in rounds.rows(round_)}
    row = by_lineage[s.road.pk]
    assert row.project == amended_road and row.result.disbursed == Decimal("10")


def workflow_announce(plan, s):
    from approvals import workflow

    workflow.perform(plan, "propose_to_executive", by=s.planner)
    workflow.perform(
        plan, "announce", by=s.executive, announced_on=timezone.localdate(), announced_by="นายก"
    )


def test_close_reopen_and_announce_follow_the_table(s):
    round_ = open_six_month(s)
    with pytest.raises(ValidationError):
        rounds.announce_round(round_, by=s.executive, announced_on=date(2026, 4, 20), signer="นายก")
    with pytest.raises(PermissionDenied):
        rounds.close_round(round_, by=s.staff)
    round_ = rounds.close_round(round_, by=s.planner)
    with pytest.raises(ValidationError, match="แก้ไขผลไม่ได้"):
        rounds.save_result(round_, s.road, Entry(DONE), by=s.planner)
    round_ = rounds.reopen_round(round_, by=s.planner)
    round_ = rounds.close_round(round_, by=s.planner)
    with pytest.raises(PermissionDenied):
        rounds.announce_round(round_, by=s.planner, announced_on=date(2026, 4, 20), signer="x")
    round_ = rounds.announce_round(
        round_, by=s.executive, announced_on=date(2026, 4, 20), signer="นายสมศักดิ์ ใจดี"
    )
    assert (round_.status, round_.announced_on) == (RoundStatus.ANNOUNCED, date(2026, 4, 20))
    assert Round.objects.get().status == RoundStatus.ANNOUNCED


@pytest.mark.parametrize(
    ("announced_on", "message"),
    [
        (date(2026, 3, 31), "หลังวันสิ้นสุดรอบ"),
        (timezone.localdate() + timedelta(days=1), "ต้องไม่เลยวันนี้"),
    ],
)
def test_announcement_dates_are_checked(s, announced_on, message):
    round_ = rounds.close_round(open_six_month(s), by=s.planner)
    with pytest.raises(ValidationError, match=message):
        rounds.announce_round(round_, by=s.executive, announced_on=announced_on, signer="นายก")
    assert Round.objects.get().status == RoundStatus.CLOSED


def test_posting_lasts_thirty_days(s):
    round_ = rounds.close_round(open_six_month(s), by=s.planner)
    round_ = rounds.announce_round(
        round_, by=s.executive, announced_on=date(2026, 4, 20), signer="นายก"
    )
    with pytest.raises(ValidationError) as error:
        rounds.record_posting(
            round_,
            by=s.planner,
            posted_from=date(2026, 4, 21),
            posted_until=date(2026, 5, 1),
            where="บอร์ด",
        )
    assert "posted_until" in error.value.message_dict
    round_ = rounds.record_posting(
        round_,
        by=OPERATOR,
        posted_from=date(2026, 4, 21),
        posted_until=date(2026, 5, 21),
        where="บอร์ดประชาสัมพันธ์",
    )
    assert round_.posted_until == date(2026, 5, 21)


def test_rows_cost_three_queries_at_any_size(s, django_assert_num_queries):
    round_ = open_six_month(s)
    supplement = create_edition(s.organization, 2569, PlanKind.SUPPLEMENTARY, by=s.planner)
    for n in range(20):
        make_project(supplement, name=f"โครงการเพิ่มเติม {n}")
    workflow_announce_supplement(supplement, s)
    with django_assert_num_queries(3):
        assert len(rounds.rows(round_)) == 23


def workflow_announce_supplement(plan, s):
    announce(
        plan,
        planner=s.planner,
        executive=s.executive,
        held_on=date(2025, 11, 1),
        announced_on=date(2025, 11, 10),
    )


def test_a_draft_of_the_next_year_is_not_a_plan_in_force(s):
    make_plan(s.organization, fiscal_year=2570)
    with pytest.raises(ValidationError):
        rounds.open_round(s.organization, 2570, "annual", due_on=date(2027, 10, 1), by=s.planner)


def test_a_posting_started_after_fifteen_days_is_recorded_and_shown_as_late(s, client):
    round_ = rounds.close_round(open_six_month(s), by=s.planner)
    round_ = rounds.announce_round(
        round_, by=s.executive, announced_on=date(2026, 4, 20), signer="นายก"
    )
    on_time = rounds.record_posting(round_, by=s.planner, posted_from=date(2026, 5, 5),
                                    posted_until=date(2026, 6, 5), where="บอร์ด")  # fmt: skip
    assert not on_time.posting_started_late
    late = rounds.record_posting(round_, by=s.planner, posted_from=date(2026, 5, 6),
                                 posted_until=date(2026, 6, 6), where="บอร์ด")  # fmt: skip
    assert late.posting_started_late
    client.force_login(s.planner)
    html = client.get(f"/rounds/{round_.pk}/").content.decode()
    assert 'data-testid="posting-late"' in html and "ช้ากว่ากำหนด 15 วัน" in html
