"""The results pages: rounds, the round's departments, the grid and its rows, the
announcement and its posting, photo evidence. Every change goes through results.rounds."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from results import imports, rounds
from results import spreadsheet as sheet
from results.models import (
    REMARK_LENGTH,
    DepartmentReport,
    Result,
    ResultPhoto,
    ResultStatus,
    Round,
    RoundStatus,
)
from results.rounds import Entry
from tests.factories import make_organization, member, png_bytes, results_setup

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def s():
    return results_setup()


@pytest.fixture
def round_(s):
    return rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )


def row_data(project, **values):
    data = {"status": "in_progress", "disbursed": "", "contract_amount": "", "progress": "",
            "problems": "", "suggestions": ""} | values  # fmt: skip
    return {f"r{project.lineage}-{name}": value for name, value in data.items()}


def save_url(round_, project):
    return reverse("results:row_save", args=[round_.pk, project.lineage])


# --- rounds -----------------------------------------------------------------------------


def test_planner_opens_a_round_from_the_list(client_for, s):
    client = client_for(s.planner)
    response = client.post(
        reverse("results:rounds"),
        {"fiscal_year": "2569", "kind": "six_month", "due_on": "2569-04-30", "share_basis": "plan"},
    )
    round_ = Round.objects.get()
    assert response.url == reverse("results:round", args=[round_.pk])
    assert (round_.kind, round_.due_on, round_.share_basis) == (
        "six_month",
        date(2026, 4, 30),
        "plan",
    )
    page = client.get(response.url).content.decode()
    assert "เปิดรอบ 6 เดือน (ต.ค.–มี.ค.) แล้ว หน่วยงานรายงานผลได้ในตารางบันทึกผล" in page


def test_a_due_date_before_the_round_ends_is_named_and_what_was_typed_stays(client_for, s):
    response = client_for(s.planner).post(
        reverse("results:rounds"),
        {
            "fiscal_year": "2569",
            "kind": "six_month",
            "due_on": "2026-03-01",
            "share_basis": "strategy",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["due_on"] == ["กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ (31 มีนาคม 2569)"]
    assert 'value="2026-03-01"' in response.content.decode()
    assert not Round.objects.exists()


def test_department_staff_cannot_open_a_round(client_for, s):
    response = client_for(s.staff).post(
        reverse("results:rounds"),
        {
            "fiscal_year": "2569",
            "kind": "six_month",
            "due_on": "2026-04-30",
            "share_basis": "strategy",
        },
    )
    assert response.status_code == 403
    assert not Round.objects.exists()


def test_the_list_shows_rounds_per_year_and_the_open_form_only_to_the_planner(
    client_for, s, round_
):
    page = client_for(s.planner).get(reverse("results:rounds")).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2569" in page and "รอบ 6 เดือน (ต.ค.–มี.ค.)" in page
    assert "เปิดรอบรายงาน" in page
    staff_page = client_for(s.staff).get(reverse("results:rounds")).content.decode()
    assert "รอบ 6 เดือน (ต.ค.–มี.ค.)" in staff_page
    assert 'name="due_on"' not in staff_page


def test_the_round_page_names_the_departments_that_have_not_reported(client_for, s, round_):
    rounds.save_result(round_, s.road, Entry("done", disbursed=Decimal("1")), by=s.staff)
    rounds.save_result(round_, s.drain, Entry("done"), by=s.staff)
    rounds.submit_department(round_, s.works, by=s.staff)
    response = client_for(s.planner).get(reverse("results:round", args=[round_.pk]))
    lines = {(line.department.name, line.rows, line.reported, line.missing)
             for line in response.context["lines"]}  # fmt: skip
    assert lines == {("กองช่าง", 2, 2, False), ("สำนักปลัด", 1, 0, True)}
    page = response.content.decode()
    assert "ยังไม่ส่งรายงาน 1 หน่วยงาน" in page
    assert "ปิดรับรายงาน" in page  # the planner's button
    assert (
        "ปิดรับรายงาน</button>"
        not in client_for(s.staff).get(reverse("results:round", args=[round_.pk])).content.decode()
    )


def test_another_organisations_round_is_not_found(client_for, s, round_):
    other = make_organization("เทศบาลตำบลดอกคำใต้", slug="dokkamtai")
    outsider = member(other, Role.PLANNER, username="other-planner")
    client = client_for(outsider)
    for url in (
        reverse("results:round", args=[round_.pk]),
        reverse("results:grid", args=[round_.pk]),
        reverse("results:announce", args=[round_.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(save_url(round_, s.road), row_data(s.road), **JSON)
    assert response.status_code == 404
    assert client.post(reverse("results:step", args=[round_.pk, "close"])).status_code == 404
    assert not Result.objects.exists()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_planner_closes_and_reopens_and_staff_cannot(client_for, s, round_):
    url = reverse("results:step", args=[round_.pk, "close"])
    assert client_for(s.staff).post(url).status_code == 403
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    client_for(s.planner).post(url)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    client_for(s.planner).post(reverse("results:step", args=[round_.pk, "reopen"]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_the_executive_announces_a_closed_round_with_errors_named(client_for, s, round_):
    rounds.close_round(round_, by=s.planner)
    client = client_for(s.executive)
    url = reverse("results:announce", args=[round_.pk])
    assert "นายก" in client.get(url).content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url, {"announced_on": tomorrow.isoformat(), "signer": "", "position": "นายก อบต."}
    )
    form = response.context["form"]
    assert form.errors["signer"] == ["ต้องกรอกช่องนี้"]
    assert 'value="นายก อบต."' in response.content.decode()
    response = client.post(
        url,
        {"announced_on": tomorrow.isoformat(), "signer": "นายสมศักดิ์ ใจดี", "position": "นายก อบต."},
    )
    assert response.context["form"].errors["announced_on"] == ["วันที่ประกาศต้องไม่เลยวันนี้"]
    assert 'value="นายสมศักดิ์ ใจดี"' in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    response = client.post(
        url, {"announced_on": "2026-05-10", "signer": "นายสมศักดิ์ ใจดี", "position": "นายก อบต."}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.status, round_.announced_on, round_.announced_by) == (
        RoundStatus.ANNOUNCED,
        date(2026, 5, 10),
        "นายสมศักดิ์ ใจดี",
    )


def test_only_the_executive_announces(client_for, s, round_):
    rounds.close_round(round_, by=s.planner)
    response = client_for(s.planner).post(
        reverse("results:announce", args=[round_.pk]),
        {"announced_on": "2026-05-10", "signer": "x"},
    )
    assert response.status_code == 403
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED


def test_an_open_round_cannot_be_announced_yet(client_for, s, round_):
    response = client_for(s.executive).get(reverse("results:announce", args=[round_.pk]))
    assert "ต้องปิดรับรายงานของรอบนี้ก่อน" in response.content.decode()
    assert response.context["form"] is None


def test_the_planner_records_the_posting_of_the_announced_results(client_for, s, round_):
    rounds.close_round(round_, by=s.planner)
    rounds.announce_round(round_, by=s.executive, announced_on=date(2026, 5, 10), signer="นายก")
    url = reverse("results:posting", args=[round_.pk])
    client = client_for(s.planner)
    response = client.post(
        url, {"posted_from": "2026-05-11", "posted_until": "2026-05-20", "where": "บอร์ด"}
    )
    assert response.context["form"].errors["posted_until"] == [
        "ต้องปิดประกาศอย่างน้อยถึง 10 มิถุนายน 2569"
    ]
    response = client.post(
        url, {"posted_from": "2026-05-11", "posted_until": "2026-06-10", "where": "บอร์ด"}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.posted_from, round_.posted_until, round_.posted_where) == (
        date(2026, 5, 11),
        date(2026, 6, 10),
        "บอร์ด",
    )
    assert client_for(s.staff).get(url).status_code == 403


# --- the grid ---------------------------------------------------------------------------


def test_department_staff_see_only_their_departments_rows(client_for, s, round_):
    response = client_for(s.staff).get(reverse("results:grid", args=[round_.pk]))
    assert [row.project for row in response.context["rows"]] == [s.road, s.drain]
    assert all(row.editable for row in response.context["rows"])


def test_the_planner_sees_every_row_and_filters_by_department(client_for, s, round_):
    client = client_for(s.planner)
    response = client.get(reverse("results:grid", args=[round_.pk]))
    assert [row.project for row in response.context["rows"]] == [s.road, s.drain, s.sport]
    response = client.get(reverse("results:grid", args=[round_.pk]), {"department": s.office.pk})
    assert [row.project for row in response.context["rows"]] == [s.sport]


def test_the_executive_reads_the_grid_without_inputs(client_for, s, round_):
    response = client_for(s.executive).get(reverse("results:grid", args=[round_.pk]))
    assert not any(row.editable for row in response.context["rows"])
    assert 'name="r' not in response.content.decode()


def test_a_row_saves_thai_digits_and_commas_and_answers_json(client_for, s, round_):
    response = client_for(s.staff).post(
        save_url(round_, s.road),
        row_data(
            s.road,
            status="done",
            disbursed="๑๒๓,๔๕๖.๗๘",
            contract_amount="200,000",
            progress="๘๐",
            problems="ฝนตกหนัก",
        ),
        **JSON,
    )
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "บันทึกแล้ว",
        "values": {"status": "done", "disbursed": "123,456.78", "contract_amount": "200,000.00",
                   "progress": "80", "problems": "ฝนตกหนัก", "suggestions": ""},
    }  # fmt: skip
    result = Result.objects.get()
    assert (result.status, result.disbursed, result.contract_amount, result.progress) == (
        "done",
        Decimal("123456.78"),
        Decimal("200000.00"),
        80,
    )
    assert result.updated_by == s.staff


def test_a_wrong_row_gets_thai_errors_per_field_and_saves_nothing(client_for, s, round_):
    response = client_for(s.staff).post(
        save_url(round_, s.road),
        row_data(s.road, status="", disbursed="-5", progress="120", contract_amount="abc"),
        **JSON,
    )
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "confirm": "",
        "errors": {
            "status": "เลือกสถานะของโครงการ",
            "disbursed": "จำนวนเงินต้องไม่ติดลบ",
            "contract_amount": "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 150,000 หรือ 150000.50",
            "progress": "ความก้าวหน้าต้องเป็นร้อยละ 0–100",
        },
    }
    assert not Result.objects.exists()


def test_the_grid_takes_remarks_as_long_as_the_import_does(client_for, s, round_):
    # A result imported with a long ปัญหา อุปสรรค is saved again from the grid unchanged.
    client = client_for(s.staff)
    longest = "ฝนตกหนักถนนขาด " * (REMARK_LENGTH // 15)
    assert 2_000 < len(longest) <= REMARK_LENGTH == imports.TEXT_LIMITS[sheet.PROBLEMS]
    response = client.post(save_url(round_, s.road), row_data(s.road, problems=longest), **JSON)
    assert response.status_code == 200
    assert Result.objects.get().problems == longest.strip()
    too_long = row_data(s.road, suggestions="ก" * (REMARK_LENGTH + 1))
    response = client.post(save_url(round_, s.road), too_long, **JSON)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["suggestions"]
    assert f"ไม่เกิน {REMARK_LENGTH} ตัวอักษร" in response.json()["errors"]["suggestions"]


def test_the_grid_refuses_what_the_print_font_cannot_draw_as_the_import_does(client_for, s, round_):
    response = client_for(s.staff).post(
        save_url(round_, s.road), row_data(s.road, problems="ฝนตก 🌧 ทั้งเดือน"), **JSON
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "problems": "มีอักขระที่พิมพ์ในเอกสารไม่ได้ (ฟอนต์ Sarabun ไม่มี): “🌧” "
        "เช่น อีโมจิหรือสัญลักษณ์พิเศษ กรุณาลบออกหรือเขียนเป็นคำแทน"
    }
    assert not Result.objects.exists()


def test_a_disbursement_above_the_budget_asks_for_confirmation(client_for, s, round_):
    client = client_for(s.staff)
    data = row_data(s.drain, status="done", disbursed="120,000.01")
    response = client.post(save_url(round_, s.drain), data, **JSON)
    assert response.status_code == 400
    answer = response.json()
    assert answer["confirm"] == answer["errors"]["disbursed"]
    assert answer["confirm"].startswith(
        "เบิกจ่าย 120,000.01 บาท เกินงบประมาณของโครงการ (120,000.00 บาท)"
    )
    assert not Result.objects.exists()
    data[f"r{s.drain.lineage}-confirm_over_budget"] = "on"
    assert client.post(save_url(round_, s.drain), data, **JSON).status_code == 200
    result = Result.objects.get()
    assert (result.disbursed, result.over_budget_confirmed) == (Decimal("120000.01"), True)


def test_staff_cannot_save_another_departments_row(client_for, s, round_):
    response = client_for(s.staff).post(save_url(round_, s.sport), row_data(s.sport), **JSON)
    assert response.status_code == 403
    assert "หน่วยงานของท่าน" in response.json()["errors"]["row"]
    assert client_for(s.staff).post(save_url(round_, s.sport), row_data(s.sport)).status_code == 403
    assert not Result.objects.exists()


def test_a_closed_round_takes_no_more_results(client_for, s, round_):
    rounds.close_round(round_, by=s.planner)
    response = client_for(s.planner).post(save_url(round_, s.road), row_data(s.road), **JSON)
    assert response.status_code == 403
    assert not Result.objects.exists()


def test_a_row_not_in_the_round_is_not_found(client_for, s, round_):
    url = reverse("results:row_save", args=[round_.pk, 999999])
    assert client_for(s.planner).post(url, {}, **JSON).status_code == 404


def test_without_javascript_a_row_posts_and_comes_back_to_the_grid(client_for, s, round_):
    client = client_for(s.planner)
    data = row_data(s.sport, status="cancelled", disbursed="0") | {"department": str(s.office.pk)}
    response = client.post(save_url(round_, s.sport), data)
    assert response.status_code == 302
    assert response.url == (
        f"{reverse('results:grid', args=[round_.pk])}?department={s.office.pk}"
        f"#row-{s.sport.lineage}"
    )
    assert Result.objects.get().status == ResultStatus.CANCELLED


def test_without_javascript_a_wrong_row_comes_back_with_what_was_typed(client_for, s, round_):
    response = client_for(s.staff).post(
        save_url(round_, s.road), row_data(s.road, disbursed="๒๕๐,๐๐๐.๕๐", problems="น้ำท่วม")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="๒๕๐,๐๐๐.๕๐"' in page
    assert ">น้ำท่วม</textarea>" in page
    assert "ยืนยันการเบิกจ่ายเกินงบประมาณ" in page
    row = next(r for r in response.context["rows"] if r.project == s.road)
    assert row.confirm and "เกินงบประมาณ" in row.errors["disbursed"]
    assert not Result.objects.exists()


def test_the_status_keys_are_one_distinct_key_each():
    from results.forms import STATUS_KEYS

    keys = [key for pair in STATUS_KEYS.values() for key in pair]
    assert len(keys) == len(set(keys)) == 10
    assert set(STATUS_KEYS) == set(ResultStatus)


def test_a_department_submits_once_every_row_is_reported(client_for, s, round_):
    client = client_for(s.staff)
    url = reverse("results:submit", args=[round_.pk])
    response = client.post(url, {"department": s.works.pk}, follow=True)
    assert "ยังไม่ได้รายงานผล 2 โครงการ" in response.content.decode()
    assert not DepartmentReport.objects.exists()
    for project in (s.road, s.drain):
        rounds.save_result(round_, project, Entry("done"), by=s.staff)
    page = client.post(url, {"department": s.works.pk}, follow=True).content.decode()
    assert "กองช่าง ส่งรายงานรอบ 6 เดือน (ต.ค.–มี.ค.) แล้ว" in page  # not "(ต.ค.–มี.ค.)แล้ว"
    assert DepartmentReport.objects.get().department == s.works
    assert client.post(url, {"department": s.office.pk}).status_code == 403
    assert DepartmentReport.objects.count() == 1


@pytest.mark.parametrize("count", [3, 30])
def test_the_grid_takes_the_same_queries_at_any_size(
    client_for, s, django_assert_num_queries, count
):
    from projects.models import Project

    # Rows added straight to the announced plan: the grid's queries, not the editing rules.
    Project.objects.bulk_create(
        Project(plan=s.plan, name=f"โครงการที่ {n}", budget=Decimal("1000"),
                strategy=s.road.strategy, program=s.road.program,
                budget_source=s.road.budget_source, department=s.works, months=1)
        for n in range(count)
    )  # fmt: skip
    round_ = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    for project in list(Project.objects.filter(plan=s.plan))[:3]:
        rounds.save_result(round_, project, Entry("done"), by=s.planner)
    client = client_for(s.planner)
    client.get(reverse("results:grid", args=[round_.pk]))  # warm the session
    with django_assert_num_queries(10):
        response = client.get(reverse("results:grid", args=[round_.pk]))
    assert len(response.context["rows"]) == count + 3


# --- photo evidence ---------------------------------------------------------------------


def photo_upload(name="site.png"):
    return SimpleUploadedFile(name, png_bytes((40, 30)), content_type="image/png")


def test_a_reported_row_takes_a_photo_served_only_to_members(client_for, s, round_):
    client = client_for(s.staff)
    url = reverse("results:row_photos", args=[round_.pk, s.road.lineage])
    response = client.post(url, {"image": photo_upload(), "caption": "ก่อนก่อสร้าง"})
    assert "บันทึกสถานะของโครงการนี้ก่อน" in response.content.decode()
    assert not ResultPhoto.objects.exists()
    rounds.save_result(round_, s.road, Entry("in_progress"), by=s.staff)
    response = client.post(url, {"image": photo_upload(), "caption": "ก่อนก่อสร้าง"})
    assert response.status_code == 302
    photo = ResultPhoto.objects.get()
    assert photo.caption == "ก่อนก่อสร้าง" and photo.image.name.endswith(".jpg")
    served = client_for(s.executive).get(reverse("results:photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Cache-Control"] == "private"
    other = make_organization("เทศบาลตำบลดอกคำใต้", slug="dokkamtai")
    outsider = member(other, Role.PLANNER, username="other-planner")
    assert client_for(outsider).get(reverse("results:photo", args=[photo.pk])).status_code == 404


def test_staff_cannot_add_a_photo_to_another_departments_row(client_for, s, round_):
    rounds.save_result(round_, s.sport, Entry("in_progress"), by=s.planner)
    url = reverse("results:row_photos", args=[round_.pk, s.sport.lineage])
    assert client_for(s.staff).post(url, {"image": photo_upload()}).status_code == 403
    assert not ResultPhoto.objects.exists()
