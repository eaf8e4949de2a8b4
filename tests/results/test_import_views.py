"""A round's spreadsheet pages: the export download, and upload → preview → confirm."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from results import rounds
from results.models import Result, ResultStatus
from results.rounds import Entry
from tests.factories import member, results_setup
from tests.results.test_imports import HEADER, workbook_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD = [HEADER, ["ถนนคอนกรีต หมู่ที่ 1", "แล้วเสร็จ", "๒๔๙,๐๐๐"], ["แข่งขันกีฬาตำบล", "ยกเลิก", 0]]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def s():
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    s.url = reverse("results:round_import", args=[s.round.pk])
    return s


def upload(client, s, data):
    return client.post(s.url, {"file": SimpleUploadedFile("r.xlsx", data, content_type=XLSX)})


def saved(s):
    return sorted(
        (r.project.name, r.status, r.disbursed)
        for r in Result.objects.filter(round=s.round).select_related("project")
    )


def test_upload_previews_the_changes_and_saves_only_when_confirmed(client_for, s, media):
    client = client_for(s.planner)
    rounds.save_result(s.round, s.sport, Entry(ResultStatus.IN_PROGRESS), by=s.planner)
    response = upload(client, s, workbook_bytes(GOOD))
    html = response.content.decode()
    assert "พร้อมบันทึกผล <strong>2</strong> โครงการ" in html
    assert "ยังไม่ได้รายงาน → <strong>ดำเนินการแล้วเสร็จ</strong>" in html
    assert "— → <strong>249,000.00</strong>" in html
    assert "อยู่ระหว่างดำเนินการ → <strong>ยกเลิก</strong>" in html
    assert saved(s) == [("แข่งขันกีฬาตำบล", ResultStatus.IN_PROGRESS, Decimal("0.00"))]
    assert len(list((media / "imports").iterdir())) == 1
    response = client.post(s.url, {"token": response.context["token"]}, follow=True)
    assert "บันทึกผลการดำเนินงานจากไฟล์แล้ว 2 โครงการ" in response.content.decode()
    assert saved(s) == [
        ("ถนนคอนกรีต หมู่ที่ 1", ResultStatus.DONE, Decimal("249000.00")),
        ("แข่งขันกีฬาตำบล", ResultStatus.CANCELLED, Decimal("0.00")),
    ]
    assert list((media / "imports").iterdir()) == []


def test_a_bad_sheet_lists_every_error_and_offers_no_confirm(client_for, s, media):
    data = workbook_bytes([HEADER, ["ไม่มีโครงการนี้", "ยกเลิก", 0], ["แข่งขันกีฬาตำบล", "ยกเลิก", "-1"]])
    response = upload(client_for(s.planner), s, data)
    html = response.content.decode()
    assert "พบข้อผิดพลาด 2 รายการ จึงยังไม่ได้บันทึกผลใด" in html
    assert "แถว 2 คอลัมน์ A (โครงการ): ไม่พบโครงการ “ไม่มีโครงการนี้”" in html
    assert "แถว 3 คอลัมน์ C (เบิกจ่าย (บาท)): เบิกจ่ายต้องเป็นจำนวนเงินที่ไม่ติดลบ" in html
    assert response.context["token"] is None
    assert not (media / "imports").exists()
    assert not Result.objects.exists()


def test_a_result_changed_after_the_preview_is_shown_again_not_overwritten(client_for, s):
    client = client_for(s.planner)
    response = upload(client, s, workbook_bytes(GOOD))
    rounds.save_result(s.round, s.sport, Entry(ResultStatus.DONE, Decimal("7")), by=s.planner)
    response = client.post(s.url, {"token": response.context["token"]})
    html = response.content.decode()
    assert "ผลของรอบนี้มีการแก้ไขหลังจากแสดงตัวอย่างครั้งก่อน" in html
    assert "ดำเนินการแล้วเสร็จ → <strong>ยกเลิก</strong>" in html
    assert saved(s) == [("แข่งขันกีฬาตำบล", ResultStatus.DONE, Decimal("7.00"))]
    client.post(s.url, {"token": response.context["token"]})
    assert saved(s)[1] == ("แข่งขันกีฬาตำบล", ResultStatus.CANCELLED, Decimal("0.00"))


def test_department_staff_are_refused_other_departments_rows(client_for, s):
    response = upload(client_for(s.staff), s, workbook_bytes(GOOD))
    html = response.content.decode()
    assert (
        "แถว 3 คอลัมน์ A (โครงการ): โครงการ “แข่งขันกีฬาตำบล” เป็นของสำนักปลัด "
        "ท่านรายงานผลได้เฉพาะโครงการของหน่วยงานของท่าน"
    ) in html
    assert response.context["token"] is None
    assert not Result.objects.exists()


def test_a_token_of_another_user_imports_nothing(client_for, s):
    response = upload(client_for(s.planner), s, workbook_bytes(GOOD[:2]))
    other_planner = member(s.organization, "planner")
    response = client_for(other_planner).post(s.url, {"token": response.context["token"]})
    assert response.status_code == 403
    assert not Result.objects.exists()


def test_a_tampered_token_imports_nothing(client_for, s):
    response = client_for(s.planner).post(s.url, {"token": "forged"}, follow=True)
    assert "หน้าตัวอย่างหมดอายุแล้ว" in response.content.decode()
    assert not Result.objects.exists()


def test_not_an_excel_file(client_for, s):
    response = upload(client_for(s.planner), s, b"hello")
    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel" in response.content.decode()


@pytest.mark.parametrize("who", ["executive", "viewer"])
def test_who_reports_nothing_is_denied_the_page(client_for, s, who):
    user = s.executive if who == "executive" else member(s.organization, "viewer")
    client = client_for(user)
    assert client.get(s.url).status_code == 403
    assert upload(client, s, workbook_bytes(GOOD)).status_code == 403
    assert not Result.objects.exists()


def test_a_closed_round_is_denied(client_for, s):
    rounds.close_round(s.round, by=s.planner)
    assert client_for(s.planner).get(s.url).status_code == 403


def test_another_organisations_round_is_not_found(client_for, s, other_org_planner):
    assert client_for(other_org_planner).get(s.url).status_code == 404


def test_export_downloads_the_rows_the_user_fills_in(client_for, s):
    url = reverse("results:round_export", args=[s.round.pk])
    response = client_for(s.planner).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    name = f"results-{s.organization.slug}-2569-six_month.xlsx"
    assert f'filename="{name}"' in response["Content-Disposition"]

    def names(content):
        ws = load_workbook(io.BytesIO(content)).active
        return [row[3] for row in ws.iter_rows(min_row=4, values_only=True)]

    assert names(response.content) == [
        "ถนนคอนกรีต หมู่ที่ 1",
        "รางระบายน้ำ หมู่ที่ 2",
        "แข่งขันกีฬาตำบล",
    ]
    staff = client_for(s.staff).get(url)
    assert names(staff.content) == ["ถนนคอนกรีต หมู่ที่ 1", "รางระบายน้ำ หมู่ที่ 2"]
