"""Golden tests for ผด.01, ผด.02 and ผด.02/1: counts, sums, shares, rounding, numbering, order."""

from decimal import Decimal

import pytest

from budget.models import Program
from reports.builders import build_pd01, build_pd02, build_pd021
from reports.models import ReportLabel
from tests.factories import make_project, make_strategy

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def filled(plan):
    """Two strategies; three แผนงาน; one equipment row; a ฿0 activity."""
    organization = plan.organization
    s1 = make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    s2 = make_strategy(organization, 2, "การพัฒนาคุณภาพชีวิต")
    roads = Program.objects.get(code="industry_and_public_works")
    housing = Program.objects.get(code="housing_and_community")
    health = Program.objects.get(code="public_health")
    clinic = organization.departments.get(name="กองสาธารณสุขและสิ่งแวดล้อม")
    # Created out of order on purpose: builders order by strategy, แผนงาน, order.
    make_project(plan, strategy=s2, program=health, name="ไข้เลือดออก", budget=D("85000"),
                 department=clinic, months=0b1111 << 7, order=1)  # fmt: skip
    make_project(plan, strategy=s1, program=roads, name="ถนน ข", budget=D("450000"), order=2,
                 months=0b110)  # fmt: skip
    make_project(plan, strategy=s1, program=roads, name="ถนน ก", budget=D("1280000"), order=1,
                 months=0b111000)  # fmt: skip
    make_project(plan, strategy=s1, program=housing, name="ไฟฟ้า", budget=D("350000"), months=0b100)
    make_project(plan, strategy=s2, program=health, name="กิจกรรมไม่ใช้งบ", budget=D("0"),
                 department=clinic, months=1, order=2)  # fmt: skip
    make_project(plan, strategy=s2, program=health, name="คอมพิวเตอร์", budget=D("44000"),
                 is_equipment=True, equipment_type="ครุภัณฑ์คอมพิวเตอร์", equipment_category="ค่าครุภัณฑ์",
                 target="2 เครื่อง", months=0b100)  # fmt: skip
    return plan


def test_pd01_blocks_rows_subtotals_and_shares_of_the_grand_totals(filled):
    report = build_pd01(filled)
    # 5 projects (the equipment row belongs to ผด.02/1), 2,165,000.00 baht.
    assert [(b.number, b.name) for b in report.blocks] == [
        (1, "การพัฒนาโครงสร้างพื้นฐาน"),
        (2, "การพัฒนาคุณภาพชีวิต"),
    ]
    rows = [(r.number, r.name, r.count, r.count_share, r.budget, r.budget_share, r.units)
            for b in report.blocks for r in (*b.rows, b.subtotal)]  # fmt: skip
    assert rows == [
        ("1.1", "แผนงานเคหะและชุมชน", 1, D("20.00"), D("350000.00"), D("16.17"), ("กองช่าง",)),
        ("1.2", "แผนงานอุตสาหกรรมและการโยธา", 2, D("40.00"), D("1730000.00"), D("79.91"), ("กองช่าง",)),
        ("", "", 3, D("60.00"), D("2080000.00"), D("96.07"), ("กองช่าง",)),
        ("2.1", "แผนงานสาธารณสุข", 2, D("40.00"), D("85000.00"), D("3.93"), ("กองสาธารณสุขและสิ่งแวดล้อม",)),
        ("", "", 2, D("40.00"), D("85000.00"), D("3.93"), ("กองสาธารณสุขและสิ่งแวดล้อม",)),
    ]  # fmt: skip
    total = report.total
    assert (total.count, total.count_share, total.budget, total.budget_share) == (
        5,
        D("100.00"),
        D("2165000.00"),
        D("100.00"),
    )
    assert total.units == ("กองช่าง", "กองสาธารณสุขและสิ่งแวดล้อม")


def test_pd01_shares_round_half_up_and_need_not_add_to_100(plan):
    strategy = make_strategy(plan.organization)
    programs = Program.objects.order_by("order")[:3]
    for program in programs:
        make_project(plan, strategy=strategy, program=program, budget=D("1"))
    report = build_pd01(plan)
    assert [r.count_share for r in report.blocks[0].rows] == [D("33.33")] * 3
    assert [r.budget_share for r in report.blocks[0].rows] == [D("33.33")] * 3
    assert report.total.count_share == D("100.00")


def test_pd01_of_an_empty_plan(plan):
    report = build_pd01(plan)
    assert report.is_empty
    assert (report.total.count, report.total.budget, report.total.budget_share) == (
        0,
        D("0.00"),
        D("0.00"),
    )


def test_pd02_headings_numbering_and_month_years(filled):
    report = build_pd02(filled)
    assert report.header.month_years == ("พ.ศ. 2569", "พ.ศ. 2570")
    assert report.header.plan_line == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570"
    outline = [(s.number, p.number, p.name, [(r.number, r.name, r.budget, r.months) for r in p.rows])
               for s in report.strategies for p in s.programs]  # fmt: skip
    assert outline == [
        (1, "1.1", "แผนงานเคหะและชุมชน", [(1, "ไฟฟ้า", D("350000.00"), (3,))]),
        (1, "1.2", "แผนงานอุตสาหกรรมและการโยธา",
         [(1, "ถนน ก", D("1280000.00"), (4, 5, 6)), (2, "ถนน ข", D("450000.00"), (2, 3))]),
        (2, "2.1", "แผนงานสาธารณสุข",
         [(1, "ไข้เลือดออก", D("85000.00"), (8, 9, 10, 11)), (2, "กิจกรรมไม่ใช้งบ", D("0.00"), (1,))]),
    ]  # fmt: skip
    assert (report.count, report.total) == (5, D("2165000.00"))
    assert [p.total for s in report.strategies for p in s.programs] == [
        D("350000.00"),
        D("1730000.00"),
        D("85000.00"),
    ]


def test_month_bars_are_runs_of_consecutive_months(plan):
    make_project(plan, months=0b100001110011)  # ต.ค.–พ.ย., ก.พ.–เม.ย., ก.ย.
    row = build_pd02(plan).strategies[0].programs[0].rows[0]
    assert row.bars == ((1, 2), (5, 3), (12, 1))
    assert row.month_flags == (
        True,
        True,
        False,
        False,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        True,
    )


def test_pd021_groups_equipment_by_type(filled):
    make_project(filled, name="เก้าอี้", budget=D("25000"), is_equipment=True,
                 equipment_type="ครุภัณฑ์สำนักงาน", months=0b10)  # fmt: skip
    make_project(filled, name="เครื่องพิมพ์", budget=D("8000"), is_equipment=True,
                 equipment_type="ครุภัณฑ์คอมพิวเตอร์", months=0b10)  # fmt: skip
    report = build_pd021(filled)
    assert [(g.number, g.type, [(r.number, r.target, r.budget) for r in g.rows], g.total)
            for g in report.groups] == [
        (1, "ครุภัณฑ์คอมพิวเตอร์", [(1, "เครื่องพิมพ์", D("8000.00")), (2, "2 เครื่อง", D("44000.00"))], D("52000.00")),
        (2, "ครุภัณฑ์สำนักงาน", [(1, "เก้าอี้", D("25000.00"))], D("25000.00")),
    ]  # fmt: skip
    assert (report.count, report.total) == (3, D("77000.00"))
    assert report.groups[0].rows[1].category == "ค่าครุภัณฑ์"


def test_an_organizations_own_wording_replaces_the_default(plan):
    ReportLabel.objects.create(
        organization=plan.organization, key="pd01_units", text="หน่วยงานรับผิดชอบหลัก"
    )
    assert build_pd01(plan).header.t["pd01_units"] == "หน่วยงานรับผิดชอบหลัก"
    assert build_pd02(plan).header.label == "แบบ ผด.02"


@pytest.mark.parametrize("builder", [build_pd01, build_pd02, build_pd021])
def test_queries_do_not_grow_with_the_plan(builder, plan, django_assert_num_queries):
    strategy = make_strategy(plan.organization)
    make_project(plan, strategy=strategy, is_equipment=True, equipment_type="ก")
    with django_assert_num_queries(2):
        builder(plan)
    for i in range(30):
        make_project(plan, strategy=strategy, name=f"โครงการ {i}", is_equipment=i % 2 == 0,
                     equipment_type="ก" if i % 2 == 0 else "")  # fmt: skip
    with django_assert_num_queries(2):
        builder(plan)


def test_a_half_cent_share_rounds_up(plan):
    # 1 baht of 800 is 0.125 %: ROUND_HALF_UP prints 0.13 (banker's rounding would print 0.12).
    strategy = make_strategy(plan.organization)
    programs = list(Program.objects.order_by("order")[:2])
    make_project(plan, strategy=strategy, program=programs[0], budget=D("1"))
    make_project(plan, strategy=strategy, program=programs[1], budget=D("799"))
    rows = build_pd01(plan).blocks[0].rows
    assert [r.budget_share for r in rows] == [D("0.13"), D("99.88")]


def test_supplementary_and_amendment_editions_print_their_own_title(organization):
    from tests.factories import make_plan

    supplement = make_plan(organization, kind="supplementary", number=1)
    header = build_pd02(supplement).header
    assert header.plan_line == "แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570 ประจำปีงบประมาณ พ.ศ. 2570"
    assert header.file_suffix == "-supplementary-1"


class TestOwnWording:
    def test_placeholders_are_checked_when_saved(self, plan):
        from django.core.exceptions import ValidationError

        label = ReportLabel(organization=plan.organization, key="plan_line", text="แผน พ.ศ. {ปี}")
        with pytest.raises(ValidationError, match="ใช้ได้เฉพาะ"):
            label.full_clean()
        label.text = "แผนการดำเนินงาน ปี {year"
        with pytest.raises(ValidationError, match="ไม่ครบคู่"):
            label.full_clean()
        label.text = "แผนการดำเนินงานประจำปี {year}"
        label.full_clean()

    def test_a_broken_saved_wording_falls_back_instead_of_failing(self, plan):
        ReportLabel.objects.create(organization=plan.organization, key="plan_line", text="{ปี}")
        assert build_pd02(plan).header.plan_line == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570"

    def test_the_strategy_and_total_lines_follow_the_wording(self, plan):
        ReportLabel.objects.create(
            organization=plan.organization, key="strategy_line", text="ยุทธศาสตร์ที่ {number} {name}"
        )
        make_project(plan)
        header = build_pd02(plan).header
        assert header.strategy_line(1, "การพัฒนา") == "ยุทธศาสตร์ที่ 1 การพัฒนา"


def test_an_unknown_wording_key_is_refused(plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ไม่มีถ้อยคำ"):
        ReportLabel(organization=plan.organization, key="pd09_title", text="x").full_clean()
