"""The plan page as the ผด.02 table, as cards, and sorted across the whole plan."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import Program
from tests.factories import make_project, make_strategy
from tests.projects.test_views import TestBigPlans, fill, plan_url

pytestmark = pytest.mark.django_db


def table_rows(html):
    return re.findall(r'<tr id="project-(\d+)">', html)


def test_the_table_view_has_the_columns_of_pd02_and_labelled_month_cells(client_for, planner, plan):
    make_project(plan, name="ถนนคอนกรีต หมู่ที่ 3", location="หมู่ที่ 3", months=0b11 << 1)
    html = client_for(planner).get(plan_url(plan, view="table")).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', html)
    assert headers[:6] == [
        "ที่",
        "โครงการ",
        "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ",
        "งบประมาณ (บาท)",
        "สถานที่ดำเนินการ",
        "หน่วยงานรับผิดชอบหลัก",
    ]
    assert headers[6:] == ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.",
                           "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]  # fmt: skip
    assert f"พ.ศ. {plan.fiscal_year - 1}</th>" in html and f"พ.ศ. {plan.fiscal_year}</th>" in html
    assert '<td></td><td class="on">พ.ย.</td><td class="on">ธ.ค.</td><td></td>' in html
    assert 'class="project-row"' not in html


def test_the_chosen_view_is_remembered_for_the_next_visit(client_for, planner, plan):
    make_project(plan)
    client = client_for(planner)
    client.get(plan_url(plan, view="table"))
    assert len(table_rows(client.get(plan_url(plan)).content.decode())) == 1
    client.get(plan_url(plan, view="cards"))
    html = client.get(plan_url(plan)).content.decode()
    assert (len(table_rows(html)), 'class="list-group-item project-row"' in html) == (0, True)


@pytest.mark.parametrize("view", ["cards", "table"])
def test_sorting_by_budget_sorts_the_whole_plan_not_each_program(client_for, planner, plan, view):
    first = make_strategy(plan.organization, 1, "โครงสร้างพื้นฐาน")
    second = make_strategy(plan.organization, 2, "คุณภาพชีวิต")
    roads = Program.objects.get(code="industry_and_public_works")
    schools = Program.objects.get(code="education")
    small = make_project(plan, strategy=first, program=roads, name="เล็ก", budget=Decimal(10))
    large = make_project(plan, strategy=second, program=schools, name="ใหญ่", budget=Decimal(900))
    middle = make_project(plan, strategy=first, program=schools, name="กลาง", budget=Decimal(50))
    html = client_for(planner).get(plan_url(plan, view=view, sort="-budget")).content.decode()
    order = [html.index(f'id="n{p.pk}"') for p in (large, middle, small)]
    assert order == sorted(order)
    assert "เรียงทั้งแผนตาม “งบประมาณ มาก → น้อย”" in html
    assert "1. ยุทธศาสตร์โครงสร้างพื้นฐาน</h2>" not in html  # one list, no headings
    assert "2.1 แผนงานการศึกษา" in html  # each row says its แผนงาน


class TestTheTableStaysLight(TestBigPlans):
    """The table view costs what the cards cost (ADR 0021): the same queries whatever
    the number of rows, and under 1.5 KB of HTML a row."""

    def test_a_table_row_costs_less_than_1500_bytes_of_html(self, client_for, planner, plan):
        fill(
            plan,
            1000,
            name="โครงการทดสอบที่ {i} ก่อสร้างถนนคอนกรีตเสริมเหล็กหมู่บ้าน",
            details="ผิวจราจรกว้าง 4 เมตร ยาว 200 เมตร หนา 0.15 เมตร",
        )
        client = client_for(planner)
        client.get(plan_url(plan, view="table"))
        html = client.get(plan_url(plan)).content
        assert len(table_rows(html.decode())) == 200
        assert len(html) / 200 < 1500

    @pytest.mark.parametrize("count", [10, 2000])
    def test_the_table_takes_the_same_queries_for_10_and_2000_projects(
        self, client_for, planner, plan, count, django_assert_num_queries
    ):
        fill(plan, count)
        client = client_for(planner)
        client.get(plan_url(plan, view="table"))
        with django_assert_num_queries(self.QUERIES):
            html = client.get(plan_url(plan, sort="-budget")).content.decode()
        assert len(table_rows(html)) == min(count, 200)


def test_the_view_links_keep_the_filters(client_for, planner, plan):
    html = client_for(planner).get(plan_url(plan, sort="-budget")).content.decode()
    assert 'href="?sort=-budget&amp;view=table"' in html
    assert reverse("projects:plan", args=[plan.pk])
