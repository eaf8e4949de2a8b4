"""The builders of the district and province views: exact values, drafts' rows never
counted, and the same number of queries whatever the number of organisations."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.permissions import supervisions, visible_supervised_organizations
from oversight import overview
from results.models import Result, Round
from tests.factories import make_organization, make_plan, make_posting_record, make_project, member
from tests.oversight.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_a_district_supervisor_sees_only_their_district(area):
    names = set(visible_supervised_organizations(area.district).values_list("name", flat=True))
    assert names == {"องค์การบริหารส่วนตำบลแม่ใส", "องค์การบริหารส่วนตำบลบ้านต๋อม", "เทศบาลตำบลแม่กา"}


def test_a_provincial_supervisor_sees_the_whole_province_only(area):
    names = set(visible_supervised_organizations(area.province).values_list("name", flat=True))
    assert names == {
        "องค์การบริหารส่วนตำบลแม่ใส",
        "องค์การบริหารส่วนตำบลบ้านต๋อม",
        "เทศบาลตำบลแม่กา",
        "องค์การบริหารส่วนตำบลดอกคำใต้",
    }


def test_a_planner_oversees_nothing(area):
    assert list(visible_supervised_organizations(area.planner)) == []


def _status(area, who="province"):
    user = getattr(area, who)
    return overview.build_status(
        visible_supervised_organizations(user, supervisions(user)[0]), 2570, TODAY
    )


def test_status_says_who_is_late_and_by_how_many_days(area):
    report = _status(area)
    rows = {row.name: row for row in report.rows}
    on_time = rows["องค์การบริหารส่วนตำบลแม่ใส"]
    assert (on_time.standing, on_time.days_late) == ("on_time", 0)
    assert on_time.deadline == date(2026, 10, 15)
    assert on_time.announced_on == date(2026, 10, 10)
    assert (on_time.posting_due, on_time.posting_started_on) == (
        date(2026, 10, 25),
        date(2026, 10, 20),
    )
    assert on_time.posting_days_late == 0
    assert on_time.status_label == "ประกาศใช้แล้ว"

    late = rows["องค์การบริหารส่วนตำบลบ้านต๋อม"]
    assert (late.standing, late.days_late) == ("late", 5)
    assert (late.posting_due, late.posting_started_on) == (date(2026, 11, 4), None)
    assert late.posting_days_late == 6  # not posted, six days past the day to start

    overdue = rows["เทศบาลตำบลแม่กา"]
    assert (overdue.standing, overdue.days_late) == ("overdue", 26)
    assert overdue.status_label == "ร่าง"

    pending = rows["องค์การบริหารส่วนตำบลดอกคำใต้"]
    assert (pending.standing, pending.days_late, pending.deadline) == ("pending", 0, None)
    assert pending.status_label == "ยังไม่เริ่มจัดทำ"

    assert [row.name for row in report.rows][:2] == ["เทศบาลตำบลแม่กา", "องค์การบริหารส่วนตำบลบ้านต๋อม"]
    assert report.counts == {"overdue": 1, "late": 1, "pending": 1, "on_time": 1}
    assert (report.posted, report.posted_late) == (1, 1)


def test_totals_come_from_plans_in_force_never_from_drafts(area):
    report = overview.build_totals(visible_supervised_organizations(area.district), 2570)
    assert (report.organizations, report.organizations_in_force) == (3, 2)
    assert report.projects == 3
    assert report.budget == Decimal("350000.00")
    [sector] = report.sectors  # education and housing are both in this ด้าน
    assert sector.name == "ด้านบริการชุมชนและสังคม"
    assert [row.label for row in sector.programs] == ["แผนงานการศึกษา", "แผนงานเคหะและชุมชน"]
    assert (sector.total.projects, sector.total.budget, sector.total.share) == (
        3, Decimal("350000.00"), Decimal("100.00"))  # fmt: skip
    programs = {row.label: row for sector in report.sectors for row in sector.programs}
    assert programs["แผนงานเคหะและชุมชน"].budget == Decimal("300000.00")
    assert programs["แผนงานเคหะและชุมชน"].organizations == 2
    assert programs["แผนงานเคหะและชุมชน"].share == Decimal("85.71")
    assert programs["แผนงานการศึกษา"].share == Decimal("14.29")
    strategies = {
        row.label: (row.organizations, row.projects, row.budget) for row in report.strategies
    }
    # "การพัฒนาโครงสร้างพื้นฐาน " with a trailing space is the same strategy.
    assert strategies == {
        "การพัฒนาโครงสร้างพื้นฐาน": (2, 2, Decimal("300000.00")),
        "การพัฒนาคุณภาพชีวิต": (1, 1, Decimal("50000.00")),
    }


def test_results_progress_is_the_latest_rounds_share_reported_and_disbursed(area):
    six = Round.objects.create(organization=area.on_time, fiscal_year=2570, kind="six_month",
                               due_on=date(2027, 4, 30))  # fmt: skip
    quarter = Round.objects.create(organization=area.on_time, fiscal_year=2570, kind="quarter_1",
                                   due_on=date(2027, 1, 31))  # fmt: skip
    Result.objects.create(round=quarter, lineage=area.road.lineage, project=area.road,
                          disbursed=Decimal("1.00"))  # fmt: skip
    Result.objects.create(round=six, lineage=area.road.lineage, project=area.road,
                          disbursed=Decimal("40000.00"))  # fmt: skip
    report = overview.build_results(visible_supervised_organizations(area.district), 2570)
    rows = {row.name: row for row in report.rows}
    row = rows["องค์การบริหารส่วนตำบลแม่ใส"]
    assert (row.round_label, row.round_status) == ("6 เดือน", "เปิดรับรายงาน")
    assert (row.projects, row.reported, row.reported_share) == (2, 1, Decimal("50.00"))
    assert (row.budget, row.disbursed, row.disbursed_share) == (
        Decimal("150000.00"), Decimal("40000.00"), Decimal("26.67"))  # fmt: skip
    draft = rows["เทศบาลตำบลแม่กา"]
    assert (draft.projects, draft.budget, draft.round_label) == (0, Decimal("0.00"), "")
    assert (report.projects, report.reported, report.disbursed) == (3, 1, Decimal("40000.00"))


def _queries(build, organizations):
    with CaptureQueriesContext(connection) as queries:
        build(organizations)
    return len(queries.captured_queries)


def _grow(count):
    for number in range(count):
        make_organization(f"องค์การบริหารส่วนตำบลทดสอบ{number}", amphoe="เมืองพะเยา")


def test_builders_run_the_same_queries_for_20_and_200_organisations(area):
    builders = {
        "status": lambda orgs: overview.build_status(orgs, 2570, TODAY),
        "totals": lambda orgs: overview.build_totals(orgs, 2570),
        "results": lambda orgs: overview.build_results(orgs, 2570),
    }
    scope = lambda: visible_supervised_organizations(area.district)  # noqa: E731
    Round.objects.create(organization=area.on_time, fiscal_year=2570, kind="six_month",
                         due_on=date(2027, 4, 30))  # fmt: skip
    _grow(17)
    small = {name: _queries(build, scope()) for name, build in builders.items()}
    _grow(180)
    assert scope().count() == 200
    large = {name: _queries(build, scope()) for name, build in builders.items()}
    assert small == large == {"status": 6, "totals": 3, "results": 5}


def test_a_plan_announced_on_paper_is_not_called_late_before_its_posting_is_recorded(area):
    from approvals import offline

    paper = make_organization("องค์การบริหารส่วนตำบลแม่ปืม", amphoe="เมืองพะเยา")
    plan = make_plan(paper, fiscal_year=2570)
    make_project(plan)
    planner = member(paper, Role.PLANNER)
    offline.record_announcement(
        plan, by=planner, announced_on=date(2026, 10, 1), signer="นายสมชาย ใจดี"
    )
    row = {row.name: row for row in _status(area).rows}[paper.name]
    assert (row.announced_on, row.posting_due) == (date(2026, 10, 1), date(2026, 10, 16))
    assert row.posting_days_late == 0  # 25 days past the day to start, but on paper
    assert _status(area).posted_late == 1  # บ้านต๋อม's, as before
    # Once recorded, its start date is judged by the same rule as online.
    make_posting_record(plan, starts_on=date(2026, 10, 20))
    row = {row.name: row for row in _status(area).rows}[paper.name]
    assert row.posting_days_late == 4


def test_a_year_that_is_over_without_a_plan_counts_as_late(area):
    """Nothing recorded for 2569 (1 ต.ค. 2568 – 30 ก.ย. 2569): on 10 พ.ย. 2569 every
    organisation's plan is late, counted from the usual deadline (1 ต.ค. + 30 days)."""
    report = overview.build_status(visible_supervised_organizations(area.province), 2569, TODAY)
    assert {row.standing for row in report.rows} == {"overdue"}
    row = next(r for r in report.rows if r.name == "องค์การบริหารส่วนตำบลดอกคำใต้")
    assert (row.deadline, row.deadline_presumed) == (date(2025, 10, 31), True)
    assert row.days_late == (TODAY - date(2025, 10, 31)).days == 375
    assert report.counts == {"overdue": 4, "late": 0, "pending": 0, "on_time": 0}
    assert report.presumed == 4


def test_a_recorded_deadline_or_announcement_of_a_past_year_is_not_presumed(area):
    from tests.factories import announce, make_budget_event

    event = make_budget_event(area.pending, fiscal_year=2569, announced_on=date(2025, 9, 20))
    plan = make_plan(area.on_time, fiscal_year=2569)
    announce(plan, planner=area.planner, executive=member(area.on_time, Role.EXECUTIVE),
             held_on=date(2025, 9, 25), announced_on=date(2025, 10, 5))  # fmt: skip
    report = overview.build_status(visible_supervised_organizations(area.province), 2569, TODAY)
    rows = {row.name: row for row in report.rows}
    recorded = rows["องค์การบริหารส่วนตำบลดอกคำใต้"]
    assert (recorded.deadline, recorded.deadline_presumed) == (event.deadline, False)
    assert (recorded.standing, recorded.days_late) == ("overdue", (TODAY - event.deadline).days)
    announced = rows["องค์การบริหารส่วนตำบลแม่ใส"]
    assert (announced.standing, announced.deadline, announced.deadline_presumed) == (
        "on_time", None, False)  # fmt: skip


def test_the_current_year_without_a_deadline_is_still_pending(area):
    report = overview.build_status(visible_supervised_organizations(area.province), 2570, TODAY)
    row = next(r for r in report.rows if r.name == "องค์การบริหารส่วนตำบลดอกคำใต้")
    assert (row.standing, row.deadline, row.deadline_presumed) == ("pending", None, False)
    assert report.presumed == 0
