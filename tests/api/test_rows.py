"""An edition's rows as announced: the same rows export_projects gives, names as they
were announced, the plan in force across editions, results once announced, pages."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.organizations import save_department
from approvals import workflow
from projects.editions import create_edition
from projects.exports import project_rows as export_rows
from projects.models import PlanKind
from results import rounds
from results.models import ResultStatus
from results.rounds import Entry
from tests.factories import announce, make_project, results_setup

pytestmark = pytest.mark.django_db


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def rows_of(client, plan, query=""):
    return get_json(client, reverse("api:plan_projects", args=[plan.pk]) + query)


def test_a_row_carries_every_printed_value(client, announced):
    body = rows_of(client, announced)
    assert (body["count"], body["total_budget"], body["scope"]) == (3, "640000.50", "edition")
    assert body["snapshot_sha256"] == announced.snapshots.get().sha256
    assert body["results"][0] == {
        "number": 1,
        "plan": announced.pk,
        "strategy_number": 1,
        "strategy": "การพัฒนาโครงสร้างพื้นฐาน",
        "sector": "ด้านบริการชุมชนและสังคม",
        "program": "แผนงานเคหะและชุมชน",
        "name": "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5",
        "details": "กว้าง 4 เมตร ยาว 200 เมตร",
        "budget": "480000.00",
        "budget_source": "ข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายประจำปี",
        "location": "หมู่ที่ 5",
        "department": "กองช่าง",
        "months": [1, 2, 3],
        "months_text": "ต.ค. – ธ.ค.",
        "is_equipment": False,
        "equipment_type": "",
        "equipment_category": "",
        "target": "",
        "development_plan_ref": "",
        "latest_result": None,
    }
    assert [r["budget"] for r in body["results"]] == ["480000.00", "125000.50", "35000.00"]


def test_the_rows_are_the_rows_export_projects_gives(client, announced):
    exported = export_rows(announced)
    served = rows_of(client, announced)["results"]
    assert [
        [f"{r['strategy_number']}. {r['strategy']}", r["program"], r["name"], r["details"],
         Decimal(r["budget"]), r["budget_source"], r["location"], r["department"]]
        for r in served
    ] == [row[:8] for row in exported]  # fmt: skip


def test_a_department_renamed_after_the_announcement_is_served_as_announced(
    client, announced, planner
):
    works = announced.organization.departments.get(name="กองช่าง")
    works.name = "กองช่างและผังเมือง"
    save_department(works, by=planner)
    served = rows_of(client, announced)["results"]
    assert [r["department"] for r in served] == ["กองช่าง", "กองช่าง", "สำนักปลัด"]
    assert export_rows(announced)[0][7] == "กองช่างและผังเมือง"  # the live export follows


@pytest.fixture
def supplement(announced, organization, planner, executive):
    plan = create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
    make_project(plan, strategy=organization.strategies.get(number=2), name="ขุดลอกคลองสาธารณะ",
                 budget=Decimal("90000.00"))  # fmt: skip
    return announce(plan, planner=planner, executive=executive, announced_on=date(2026, 11, 20))


def test_the_consolidated_scope_gives_the_plan_in_force_from_any_edition(
    client, announced, supplement
):
    own = rows_of(client, supplement)
    assert [(r["name"], r["plan"]) for r in own["results"]] == [("ขุดลอกคลองสาธารณะ", supplement.pk)]
    for plan in (announced, supplement):
        body = rows_of(client, plan, "?scope=consolidated")
        assert (body["count"], body["total_budget"], body["snapshot_sha256"]) == (
            4,
            "730000.50",
            None,
        )
        assert [(r["number"], r["name"], r["plan"]) for r in body["results"]] == [
            (1, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5", announced.pk),
            (2, "วางท่อระบายน้ำ หมู่ที่ 2", announced.pk),
            (3, "อบรมอาสาสมัครสาธารณสุข", announced.pk),
            (4, "ขุดลอกคลองสาธารณะ", supplement.pk),
        ]


def test_an_amendment_replaces_the_rows_it_changed_in_the_plan_in_force(
    client, announced, organization, planner, executive
):
    amendment = create_edition(organization, 2570, PlanKind.AMENDMENT, by=planner)
    road = amendment.projects.get(name="ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5")
    road.budget = Decimal("450000.00")
    road.save()  # the amendment is still a draft
    workflow.perform(amendment, "propose_to_executive", by=planner, on=date(2026, 11, 25))
    workflow.perform(amendment, "announce", by=executive, announced_on=date(2026, 11, 25),
                     announced_by="นายก")  # fmt: skip
    body = rows_of(client, announced, "?scope=consolidated")
    assert body["total_budget"] == "610000.50"
    road_row = body["results"][0]
    assert (road_row["name"], road_row["budget"], road_row["plan"]) == (
        "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5",
        "450000.00",
        amendment.pk,
    )
    assert rows_of(client, announced)["total_budget"] == "640000.50"  # the original as announced


def test_results_appear_once_their_round_is_announced(client):
    s = results_setup()  # a plan of 2569 announced 10 Oct 2025
    round_ = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    rounds.save_result(round_, s.road, Entry(ResultStatus.DONE, disbursed=Decimal("248500.00"),
                                             contract_amount=Decimal("249000.00"), progress=100),
                       by=s.planner)  # fmt: skip
    rounds.save_result(round_, s.drain, Entry(ResultStatus.IN_PROGRESS, progress=40), by=s.planner)
    round_ = rounds.close_round(round_, by=s.planner)
    before = rows_of(client, s.plan)
    assert before["results_round"] is None
    assert [r["latest_result"] for r in before["results"]] == [None, None, None]

    rounds.announce_round(round_, by=s.executive, announced_on=date(2026, 4, 20), signer="นายก")
    from django.core.cache import cache

    cache.clear()  # (the cached body would otherwise stand for OPPLAN_API_CACHE_SECONDS)
    body = rows_of(client, s.plan)
    assert body["results_round"] == {"kind": "six_month", "label": "รอบ 6 เดือน (ต.ค.–มี.ค.)",
                                     "as_of": "2026-03-31", "announced_on": "2026-04-20"}  # fmt: skip
    assert [r["latest_result"] for r in body["results"]] == [
        {"round": "six_month", "status": "done", "status_label": "ดำเนินการแล้วเสร็จ",
         "progress": 100, "disbursed": "248500.00", "contract_amount": "249000.00"},
        {"round": "six_month", "status": "in_progress", "status_label": "อยู่ระหว่างดำเนินการ",
         "progress": 40, "disbursed": "0.00", "contract_amount": None},
        None,
    ]  # fmt: skip
    _, *lines = read_csv(client.get(reverse("api:plan_projects_csv", args=[s.plan.pk])))
    assert [line[-5:] for line in lines] == [
        ["six_month", "ดำเนินการแล้วเสร็จ", "100", "248500.00", "249000.00"],
        ["six_month", "อยู่ระหว่างดำเนินการ", "40", "0.00", ""],
        ["", "", "", "", ""],
    ]


def read_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def as_text(value):
    """How the guide says a JSON value is written in the CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value)


@pytest.mark.parametrize("scope", ["edition", "consolidated"])
def test_the_csv_holds_exactly_the_json_rows(client, announced, supplement, scope, settings):
    settings.OPPLAN_API_PAGE_SIZE = 2  # the JSON comes in pages, the CSV whole
    rows, url = [], reverse("api:plan_projects", args=[announced.pk]) + f"?scope={scope}"
    while url:
        body = get_json(client, url)
        rows += body["results"]
        url = body["next"] and body["next"].removeprefix("http://testserver")
    response = client.get(reverse("api:plan_projects_csv", args=[announced.pk]) + f"?scope={scope}")
    header, *lines = read_csv(response)
    assert header[:3] == ["ลำดับ", "รหัสฉบับที่ประกาศ", "ยุทธศาสตร์ที่"]
    assert len(lines) == len(rows) == (3 if scope == "edition" else 4)
    keys = [key for key in rows[0] if key != "latest_result"]
    for line, row in zip(lines, rows, strict=True):
        assert line[: len(keys)] == [as_text(row[key]) for key in keys]
        assert line[len(keys) :] == ["", "", "", "", ""]  # no results announced
    name = (
        "projects-nongbua-2570.csv"
        if scope == "edition"
        else "projects-nongbua-2570-consolidated.csv"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_cell_that_excel_would_run_as_a_formula_is_quoted(client, plan, planner, executive):
    make_project(plan, name='=HYPERLINK("http://x")', details="-ลดลง 5%")
    announce(plan, planner=planner, executive=executive)
    _, line = read_csv(client.get(reverse("api:plan_projects_csv", args=[plan.pk])))
    assert (line[6], line[7]) == ('\'=HYPERLINK("http://x")', "'-ลดลง 5%")
    assert rows_of(client, plan)["results"][0]["name"] == '=HYPERLINK("http://x")'  # JSON as is


def test_pages_link_to_the_next_and_previous_page(client, announced, settings):
    settings.OPPLAN_API_PAGE_SIZE = 2
    first = rows_of(client, announced, "?scope=edition")
    base = f"http://testserver/api/v1/plans/{announced.pk}/projects/"
    assert (first["count"], len(first["results"]), first["previous"]) == (3, 2, None)
    assert first["next"] == base + "?page=2&scope=edition"
    second = get_json(client, first["next"])
    assert [r["number"] for r in second["results"]] == [3]
    assert (second["next"], second["previous"]) == (None, base + "?page=1&scope=edition")
    assert second["total_budget"] == "640000.50"  # of every row, not of the page
    beyond = client.get(base + "?page=3")
    assert (beyond.status_code, json.loads(beyond.content)) == (
        404,
        {"detail": "ไม่มีหน้าที่ 3: มีทั้งหมด 2 หน้า"},
    )


def test_the_organisation_list_is_paged_the_same_way(
    client, organization, other_organization, settings
):
    settings.OPPLAN_API_PAGE_SIZE = 1
    first = get_json(client, reverse("api:organizations"))
    assert (first["count"], [o["slug"] for o in first["results"]]) == (2, ["dokkamtai"])
    second = get_json(client, first["next"])
    assert ([o["slug"] for o in second["results"]], second["next"]) == (["nongbua"], None)
    assert second["results"][0] == {
        "slug": "nongbua",
        "name": "องค์การบริหารส่วนตำบลหนองบัว",
        "type": "sao",
        "type_label": "องค์การบริหารส่วนตำบล",
        "district": "เมือง",
        "province": "พะเยา",
        "url": "http://testserver/api/v1/organizations/nongbua/",
        "plans_url": "http://testserver/api/v1/organizations/nongbua/plans/",
        "public_page": "http://testserver/p/nongbua/",
    }


def test_a_page_costs_the_same_queries_at_any_size(
    client, plan, planner, executive, django_assert_num_queries
):
    from tests.factories import make_plan

    for _ in range(3):
        make_project(plan)
    announce(plan, planner=planner, executive=executive)
    bigger = make_plan(plan.organization, fiscal_year=2571)
    for _ in range(40):
        make_project(bigger)
    announce(bigger, planner=planner, executive=executive, announced_on=date(2026, 11, 1))
    counts = []
    for each in (plan, bigger):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            rows_of(client, each)
        counts.append(len(queries))
    assert counts == [6, 6]  # the plan, its record, its live rows, its digest, the round, ด้าน
