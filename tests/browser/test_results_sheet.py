"""Journey: a department fills in the round's exported sheet, uploads it, sees each row's
change, fixes the row the preview names, and confirms (desktop and phone)."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from results import rounds
from results import spreadsheet as sheet
from results.exports import render_results_xlsx
from results.models import Result, ResultStatus
from tests.browser.conftest import save_screenshot
from tests.factories import results_setup

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def s(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    return s


def sign_in(page, live_server, user, path):
    page.goto(live_server.url + path)
    page.get_by_label("ชื่อผู้ใช้").fill(user.username)
    page.get_by_label("รหัสผ่าน").fill("pass-word-123")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def filled(s, drain_disbursed):
    """The export for กองช่าง, filled in as an officer would."""
    workbook = load_workbook(io.BytesIO(render_results_xlsx(s.round, department_ids={s.works.pk})))
    ws = workbook.active
    column = {name: index for index, name in enumerate(sheet.EXPORT_COLUMNS, start=1)}
    for row, status, disbursed, problem in (
        (4, "ดำเนินการแล้วเสร็จ", "๒๔๘,๕๐๐", ""),
        (5, "อยู่ระหว่างดำเนินการ", drain_disbursed, "รอผู้รับจ้างส่งมอบงานงวดที่ 2"),
    ):
        ws.cell(row=row, column=column[sheet.STATUS], value=status)
        ws.cell(row=row, column=column[sheet.DISBURSED], value=disbursed)
        ws.cell(row=row, column=column[sheet.PROBLEMS], value=problem)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(page, data):
    page.get_by_label("ไฟล์ Excel (.xlsx)").set_input_files(
        files=[{"name": "ผลกองช่าง.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="ตรวจไฟล์").click()


@pytest.mark.parametrize("device", ["page", "phone"])
def test_department_staff_import_their_sheet_after_fixing_the_row_the_preview_names(
    request, live_server, s, device
):
    page = request.getfixturevalue(device)
    sign_in(page, live_server, s.staff, f"/rounds/{s.round.pk}/import/")
    expect(page.get_by_role("heading", name="นำเข้าผลการดำเนินงานจาก Excel")).to_be_visible()

    upload(page, filled(s, "-1,000"))
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("พบข้อผิดพลาด 1 รายการ")
    expect(errors).to_contain_text(
        "แผ่นงาน “ผลการดำเนินงาน” แถว 5 คอลัมน์ H (เบิกจ่าย (บาท)): เบิกจ่ายต้องเป็นจำนวนเงินที่ไม่ติดลบ"
    )
    expect(page.get_by_role("button", name=re.compile("^ยืนยันบันทึกผล"))).to_have_count(0)
    save_screenshot(page, f"results-import-error-{device}")

    upload(page, filled(s, "60,000.50"))
    expect(page.get_by_role("status")).to_contain_text("พร้อมบันทึกผล 2 โครงการ")
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_contain_text("ยังไม่ได้รายงาน → ดำเนินการแล้วเสร็จ")
    expect(preview).to_contain_text("— → 60,000.50")
    expect(preview).to_contain_text("ปัญหา อุปสรรค: — → รอผู้รับจ้างส่งมอบงานงวดที่ 2")
    save_screenshot(page, f"results-import-preview-{device}")
    page.get_by_role("button", name="ยืนยันบันทึกผล 2 โครงการ").click()

    expect(page.get_by_text("บันทึกผลการดำเนินงานจากไฟล์แล้ว 2 โครงการ")).to_be_visible()
    assert sorted(Result.objects.values_list("status", "disbursed")) == sorted(
        [(ResultStatus.DONE, Decimal("248500.00")), (ResultStatus.IN_PROGRESS, Decimal("60000.50"))]
    )
