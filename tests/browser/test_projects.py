"""Journeys on a plan's projects: add one with the month picker, import a ผด.02 sheet, and
see only the rows one may change (department staff on a phone, a committee member)."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from accounts.models import Organization
from tests.browser.conftest import save_screenshot
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTHS = (
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
)
HEADER = (
    "ยุทธศาสตร์",
    "แผนงาน",
    "โครงการ",
    "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ",
    "งบประมาณ (บาท)",
    "แหล่งงบประมาณ",
    "สถานที่ดำเนินการ",
    "หน่วยงานรับผิดชอบหลัก",
    *MONTHS,
)
# The demo plan's กองช่าง rows (fixtures/demo_plan.json).
PUBLIC_WORKS_PROJECTS = 5


@pytest.fixture
def demo(db):
    seed_demo()
    return Organization.objects.get(slug="demo")


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill("demo1234")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def open_plan(page, live_server, username, plan):
    """Sign in and open the plan from the dashboard, as users do."""
    sign_in(page, live_server, username)
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", name=plan.title, level=1)).to_be_visible()


def amount(text):
    return Decimal(text.replace(",", ""))


def month_toggle(picker, abbr):
    """The visible toggle (a label styled as a button) of a month."""
    return picker.locator("label").get_by_text(abbr, exact=True)


def edit_links(page):
    return page.get_by_role("link", name=re.compile(r"^แก้ไข "))


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "ผด.02"
    sheet.append(HEADER)
    for strategy, program, name, budget, months in rows:
        marks = ["x" if abbr in months else None for abbr in MONTHS]
        sheet.append(
            (
                strategy,
                program,
                name,
                "",
                budget,
                "ข้อบัญญัติงบประมาณรายจ่ายประจำปี",
                "หมู่ที่ 2",
                "กองช่าง",
                *marks,
            )
        )
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def import_rows(budget_of_second_row):
    return [
        (
            "1",
            "แผนงานอุตสาหกรรมและการโยธา",
            "โครงการก่อสร้างถนนคอนกรีต สายบ้านนาใต้",
            495000,
            {"ม.ค.", "ก.พ."},
        ),
        (
            "1",
            "แผนงานอุตสาหกรรมและการโยธา",
            "โครงการติดตั้งป้ายบอกทางในหมู่บ้าน",
            budget_of_second_row,
            {"ธ.ค."},
        ),
        (
            "3",
            "แผนงานการศึกษา",
            "โครงการปรับปรุงอาคารศูนย์พัฒนาเด็กเล็ก",
            "120,000",
            {"เม.ย.", "พ.ค.", "มิ.ย."},
        ),
    ]


def upload(page, name, data):
    page.get_by_label("ไฟล์ Excel (.xlsx)").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="ตรวจไฟล์").click()


def test_the_planner_adds_a_project_picking_months_with_shortcuts_range_and_keyboard(
    page, live_server, demo
):
    plan = demo.plans.get(status="draft")
    open_plan(page, live_server, "planner", plan)
    count_before = int(page.get_by_test_id("total-count").inner_text())
    budget_before = amount(page.get_by_test_id("total-budget").inner_text())
    assert count_before == 24

    page.get_by_role("link", name="เพิ่มโครงการ").click()
    expect(page.get_by_role("heading", name="เพิ่มโครงการ")).to_be_visible()
    page.get_by_label("ยุทธศาสตร์").select_option(label="1. การพัฒนาด้านโครงสร้างพื้นฐาน")
    page.get_by_label("แผนงาน").select_option(label="แผนงานการเกษตร")
    page.get_by_role("textbox", name=re.compile(r"^โครงการ")).fill(
        "โครงการก่อสร้างฝายชะลอน้ำเพื่อการเกษตร หมู่ที่ 3"
    )
    page.get_by_label("งบประมาณ (บาท)").fill("1,500,000")
    page.get_by_label("แหล่งงบประมาณ").select_option(label="จ่ายขาดเงินสะสม")
    page.get_by_label("หน่วยงานรับผิดชอบหลัก").select_option(label="กองช่าง")

    picker = page.get_by_role("group", name="เดือนที่ดำเนินการ (ปีงบประมาณ ต.ค. – ก.ย.)")

    def box(abbr):
        return picker.get_by_role("checkbox", name=abbr, exact=True)

    def expect_checked(*abbrs):
        for abbr in MONTHS:
            if abbr in abbrs:
                expect(box(abbr)).to_be_checked()
            else:
                expect(box(abbr)).not_to_be_checked()

    # A tap on a toggle turns one month on; a shortcut replaces the choice with its range.
    month_toggle(picker, "ต.ค.").click()
    expect_checked("ต.ค.")
    page.get_by_role("button", name="ไตรมาส 2").click()
    expect_checked("ม.ค.", "ก.พ.", "มี.ค.")

    # Range mode: tap the first and the last month; the mode switches itself off.
    range_mode = page.get_by_role("button", name="เลือกเป็นช่วง")
    expect(range_mode).to_have_attribute("aria-pressed", "false")
    range_mode.click()
    expect(range_mode).to_have_attribute("aria-pressed", "true")
    month_toggle(picker, "มิ.ย.").click()
    month_toggle(picker, "ส.ค.").click()
    expect(range_mode).to_have_attribute("aria-pressed", "false")
    expect_checked("ม.ค.", "ก.พ.", "มี.ค.", "มิ.ย.", "ก.ค.", "ส.ค.")

    # The toggles are real checkboxes: Space turns a focused month on and off.
    box("ก.ย.").focus()
    expect(box("ก.ย.")).to_be_focused()
    page.keyboard.press("Space")
    expect(box("ก.ย.")).to_be_checked()
    page.keyboard.press("Space")
    expect(box("ก.ย.")).not_to_be_checked()
    box("ต.ค.").focus()
    page.keyboard.press("Space")
    expect_checked("ต.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "มิ.ย.", "ก.ค.", "ส.ค.")

    page.get_by_role("button", name="บันทึก", exact=True).click()

    # The page that holds the new row (plans are paged), scrolled to it.
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/\?project=(\d+)#project-\1$"))
    expect(
        page.get_by_text("บันทึกโครงการ “โครงการก่อสร้างฝายชะลอน้ำเพื่อการเกษตร หมู่ที่ 3” แล้ว")
    ).to_be_visible()
    expect(page.get_by_test_id("total-count")).to_have_text(str(count_before + 1))
    expect(page.get_by_test_id("total-budget")).to_have_text(
        f"{budget_before + Decimal('1500000'):,.2f}"
    )
    strategy = page.get_by_role("region", name="1. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน")
    program = strategy.get_by_role("heading", name="1.3 แผนงานการเกษตร", exact=True)
    expect(program).to_be_visible()
    # The projects listed under that แผนงาน heading: just the new one.
    rows = program.locator("xpath=../following-sibling::ol[1]").get_by_role("listitem")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("โครงการก่อสร้างฝายชะลอน้ำเพื่อการเกษตร หมู่ที่ 3")
    expect(rows).to_contain_text("1,500,000.00 บาท")
    expect(rows).to_contain_text("กองช่าง · จ่ายขาดเงินสะสม")
    expect(rows).to_contain_text("ต.ค., ม.ค. – มี.ค., มิ.ย. – ส.ค.")
    save_screenshot(page, "plan-after-adding-project")


def test_the_planner_imports_a_spreadsheet_after_fixing_the_row_the_preview_names(
    page, live_server, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # the upload waits in the storage between preview and confirm
    plan = demo.plans.get(status="draft")
    open_plan(page, live_server, "planner", plan)
    page.get_by_role("link", name="นำเข้าจาก Excel").click()
    expect(page.get_by_role("heading", name="นำเข้าโครงการจาก Excel (แบบ ผด.02)")).to_be_visible()

    upload(page, "แผนกองช่าง.xlsx", workbook(import_rows("ห้าพัน")))

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("พบข้อผิดพลาด 1 รายการ")
    expect(errors).to_contain_text(
        "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณ “ห้าพัน” ไม่ใช่จำนวนเงิน"
    )
    expect(page.get_by_role("button", name=re.compile("^ยืนยันนำเข้า"))).to_have_count(0)
    save_screenshot(page, "import-preview-with-error")

    upload(page, "แผนกองช่าง-แก้แล้ว.xlsx", workbook(import_rows(5000)))

    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text(
        "พร้อมนำเข้า 3 โครงการ งบประมาณรวม 620,000.00 บาท"
    )
    preview = page.get_by_test_id("import-preview")
    expect(preview.get_by_role("row")).to_have_count(4)
    expect(preview).to_contain_text("โครงการติดตั้งป้ายบอกทางในหมู่บ้าน")
    page.get_by_role("button", name="ยืนยันนำเข้า 3 โครงการ").click()

    expect(page.get_by_text("นำเข้า 3 โครงการแล้ว")).to_be_visible()
    expect(page.get_by_test_id("total-count")).to_have_text("27")
    for name in (
        "โครงการก่อสร้างถนนคอนกรีต สายบ้านนาใต้",
        "โครงการติดตั้งป้ายบอกทางในหมู่บ้าน",
        "โครงการปรับปรุงอาคารศูนย์พัฒนาเด็กเล็ก",
    ):
        expect(page.get_by_text(name, exact=True)).to_be_visible()
    education = page.get_by_role("region", name="3. ยุทธศาสตร์การพัฒนาการศึกษา ศาสนา และวัฒนธรรม")
    expect(education.get_by_role("listitem").filter(has_text="ศูนย์พัฒนาเด็กเล็ก")).to_contain_text(
        ["120,000.00 บาท"]
    )


def test_department_staff_on_a_phone_can_change_only_their_departments_rows(
    phone, live_server, demo
):
    plan = demo.plans.get(status="draft")
    open_plan(phone, live_server, "dept", plan)
    expect(edit_links(phone)).to_have_count(PUBLIC_WORKS_PROJECTS)
    for row in phone.locator(".project-row").all():
        if "กองช่าง ·" in row.inner_text():
            expect(row.get_by_role("link", name=re.compile(r"^แก้ไข "))).to_be_visible()
        else:
            expect(row.get_by_role("link", name=re.compile(r"^แก้ไข "))).to_have_count(0)
            expect(row.get_by_role("button", name=re.compile(r"^ทำสำเนา "))).to_have_count(0)
    expect(phone.get_by_role("link", name="นำเข้าจาก Excel")).to_have_count(0)

    phone.get_by_role("link", name="เพิ่มโครงการ").click()
    expect(phone.get_by_role("heading", name="เพิ่มโครงการ")).to_be_visible()
    department = phone.get_by_label("หน่วยงานรับผิดชอบหลัก")
    expect(department.locator("option")).to_have_text(["— เลือก —", "กองช่าง"])
    save_screenshot(phone, "project-form-phone")


def test_the_only_department_of_department_staff_is_chosen_for_a_new_project(
    phone, live_server, demo
):
    open_plan(phone, live_server, "dept", demo.plans.get(status="draft"))
    phone.get_by_role("link", name="เพิ่มโครงการ").click()
    department = phone.get_by_label("หน่วยงานรับผิดชอบหลัก")
    expect(department.locator("option:checked")).to_have_text("กองช่าง", timeout=2_000)


def test_a_committee_member_on_a_phone_reads_the_plan_without_changing_it(phone, live_server, demo):
    plan = demo.plans.get(status="draft")
    open_plan(phone, live_server, "committee", plan)
    expect(phone.get_by_test_id("total-count")).to_have_text("24")
    expect(phone.locator(".project-row")).to_have_count(24)
    expect(phone.get_by_role("link", name="เพิ่มโครงการ")).to_have_count(0)
    expect(edit_links(phone)).to_have_count(0)
    expect(phone.get_by_role("button", name=re.compile(r"^ทำสำเนา "))).to_have_count(0)
    expect(phone.get_by_role("link", name=re.compile(r"^ลบ "))).to_have_count(0)
    save_screenshot(phone, "plan-committee-phone")
