"""Journey (issue #13, end to end, through the pages only): an organisation that starts
with OpPlan after announcing its fiscal year 2569 plan on paper imports the plan's rows,
records the paper announcement with its scan, and publishes the six-month results report.

The planner opens the round; กองช่าง fills its rows on a phone and sends its report; the
planner sees that กองการศึกษา has not; กองการศึกษา reports by uploading the round's
exported spreadsheet; the planner closes the round and prints the report (page, PDF);
the executive announces it; the public page shows it with its ITA label and project by
project; the planner records the posting.

Every step leaves two pictures in var/test-artifacts/journey-NN-*-{desktop,phone}.png
and must not scroll sideways at 390 px.
"""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from accounts.models import Role
from projects.models import Plan
from public.models import PublishedRoundFile
from results import spreadsheet as sheet
from results.models import DepartmentReport, Result, Round
from tests.approvals.test_offline import pdf_bytes
from tests.browser.conftest import DESKTOP, PHONE, _new_page, save_screenshot
from tests.browser.test_results import press_thai
from tests.factories import make_organization, member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pass-word-123"  # tests.factories.UserFactory
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTHS = ("ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.")  # fmt: skip
WORKS, SCHOOLS = "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"
INFRASTRUCTURE = "ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน"
EDUCATION = "ยุทธศาสตร์การพัฒนาการศึกษา ศาสนา และวัฒนธรรม"
# The plan as the organisation announced it on paper (its ผด.02 sheet): strategy,
# program, name, budget, department, months.
ROWS = (
    (
        "1. " + INFRASTRUCTURE,
        "แผนงานอุตสาหกรรมและการโยธา",
        "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3",
        "495,000",
        WORKS,
        ("ม.ค.", "ก.พ."),
    ),
    (
        "1. " + INFRASTRUCTURE,
        "แผนงานอุตสาหกรรมและการโยธา",
        "วางท่อระบายน้ำ คสล. หมู่ที่ 5",
        "238,500.50",
        WORKS,
        ("ธ.ค.",),
    ),
    (
        "1. " + INFRASTRUCTURE,
        "แผนงานเคหะและชุมชน",
        "ขยายเขตไฟฟ้าสาธารณะ หมู่ที่ 7",
        "120,000",
        WORKS,
        ("เม.ย.", "พ.ค."),
    ),
    (
        "2. " + EDUCATION,
        "แผนงานการศึกษา",
        "อาหารกลางวันศูนย์พัฒนาเด็กเล็ก",
        "312,000",
        SCHOOLS,
        MONTHS,
    ),
    (
        "2. " + EDUCATION,
        "แผนงานการศาสนาวัฒนธรรมและนันทนาการ",
        "จัดงานประเพณีลอยกระทง",
        "80,000",
        SCHOOLS,
        ("พ.ย.",),
    ),
)


def plan_sheet() -> bytes:
    """The ผด.02 sheet the planning officer kept in Excel, as they would fill it."""
    book = Workbook()
    ws = book.active
    ws.title = "ผด.02"
    ws.append(["บัญชีโครงการ/กิจกรรม/งบประมาณ แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569"])
    ws.append(["ยุทธศาสตร์", "แผนงาน", "โครงการ", "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ",
               "งบประมาณ (บาท)", "แหล่งงบประมาณ", "สถานที่ดำเนินการ", "หน่วยงานรับผิดชอบหลัก",
               *MONTHS])  # fmt: skip
    for strategy, program, name, budget, department, months in ROWS:
        ws.append([strategy, program, name, "", budget, "ข้อบัญญัติงบประมาณรายจ่ายประจำปี",
                   "ตำบลหนองบัว", department, *["x" if m in months else None for m in MONTHS]])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Journey:
    """Pictures of every step at both widths, and the 390 px check on each."""

    def __init__(self):
        self.step = 0
        self.too_wide = []

    def look(self, page, name):
        """Both widths of what `page` shows now (its own width first, then back)."""
        self.step += 1
        own = page.viewport_size
        for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.wait_for_load_state("load")
            if width == "phone":
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > PHONE["width"]:
                    self.too_wide.append(f"{name}: {scroll} px")
            save_screenshot(page, f"journey-{self.step:02d}-{name}-{width}")
        page.set_viewport_size(own)


def thai(day):
    """A date as officers type it: day/month/พ.ศ."""
    return f"{day:%d/%m}/{day.year + 543}"


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/")
    page.get_by_label("ชื่อผู้ใช้").fill(user.username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_test_id("current-user")).to_be_attached()


def upload_xlsx(page, name, data):
    page.get_by_label("ไฟล์ Excel (.xlsx)").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="ตรวจไฟล์").click()


def fill_export(data: bytes) -> bytes:
    """กองการศึกษา's officer fills the downloaded sheet in Excel: status by its Thai label,
    amounts with Thai digits and commas, a problem in words."""
    book = load_workbook(io.BytesIO(data))
    ws = book.active
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=4).value == sheet.NAME)
    column = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    filled = {
        "อาหารกลางวันศูนย์พัฒนาเด็กเล็ก": ("อยู่ระหว่างดำเนินการ", "๑๕๖,๐๐๐", "ผู้ปกครองขอเพิ่มเมนูผลไม้"),
        "จัดงานประเพณีลอยกระทง": ("แล้วเสร็จ", "78,250.75", ""),
    }
    for r in range(header + 1, ws.max_row + 1):
        name = ws.cell(row=r, column=column[sheet.NAME]).value
        if name in filled:
            status, disbursed, problem = filled[name]
            ws.cell(row=r, column=column[sheet.STATUS], value=status)
            ws.cell(row=r, column=column[sheet.DISBURSED], value=disbursed)
            ws.cell(row=r, column=column[sheet.PROBLEMS], value=problem)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def people(settings, tmp_path):
    """A new organisation with its accounts (made by create_organization and an admin)."""
    settings.MEDIA_ROOT = tmp_path
    organization = make_organization(
        "องค์การบริหารส่วนตำบลหนองบัว", slug="nongbua", executive_name="นายสมศักดิ์ ใจดี"
    )
    works = organization.departments.get(name=WORKS)
    schools = organization.departments.get(name=SCHOOLS)
    return {
        "organization": organization,
        "planner": member(organization, Role.PLANNER, first_name="สมศรี", last_name="วางแผนดี"),
        "executive": member(organization, Role.EXECUTIVE),
        "works": member(organization, Role.DEPARTMENT_STAFF, department=works),
        "schools": member(organization, Role.DEPARTMENT_STAFF, department=schools),
    }


def person(browser, request, viewport):
    """Another person's browser (a context of their own), watched for CSP violations like
    the `page` and `phone` fixtures."""
    return _new_page(browser, request, viewport)


def test_an_organisation_starting_mid_year_publishes_its_six_month_results(
    browser, page, phone, live_server, people, tmp_path, request
):
    j = Journey()
    organization = people["organization"]
    today = timezone.localdate()

    # 1. The planner creates the 2569 plan and imports the rows of the plan announced on paper.
    sign_in(page, live_server, people["planner"])
    page.goto(live_server.url + "/plans/new/")
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").select_option("2569")
    page.get_by_role("button", name="สร้างแผน").click()
    plan = Plan.objects.get(organization=organization, fiscal_year=2569)
    expect(page.get_by_role("heading", name=plan.title, level=1)).to_be_visible()
    page.get_by_role("link", name="นำเข้าจาก Excel").click()
    upload_xlsx(page, "ผด02-2569.xlsx", plan_sheet())
    new_names = page.get_by_test_id("import-new-names")
    expect(new_names).to_contain_text("การพัฒนาด้านโครงสร้างพื้นฐาน")
    j.look(page, "import-preview")
    for box in new_names.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="ยืนยันนำเข้า 5 โครงการ").click()
    expect(page.get_by_text("นำเข้า 5 โครงการแล้ว")).to_be_visible()
    expect(page.get_by_test_id("total-count")).to_have_text("5")
    j.look(page, "plan-imported")

    # 2. … and records the announcement signed on paper on 20 ต.ค. 2568, with the scan.
    scan = tmp_path / "ประกาศแผน2569.pdf"
    scan.write_bytes(pdf_bytes(pages=2))
    page.get_by_test_id("offline-link").click()
    page.get_by_label("วันที่ลงนามประกาศ").fill("20/10/2568")
    page.get_by_label("ผู้ลงนามประกาศ").fill("นายสมศักดิ์ ใจดี")
    page.get_by_label("ตำแหน่ง").fill("นายกองค์การบริหารส่วนตำบลหนองบัว")
    page.get_by_label("สำเนาประกาศที่ลงนาม (PDF)").set_input_files(str(scan))
    j.look(page, "offline-form")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="บันทึกประกาศนอกระบบ").click()
    expect(page.get_by_text("บันทึกการประกาศนอกระบบแล้ว")).to_be_visible()
    expect(page.get_by_test_id("offline-record")).to_contain_text("20 ตุลาคม 2568")
    j.look(page, "offline-recorded")

    # 3. The planner opens the six-month round.
    page.get_by_test_id("results-link").click()
    page.get_by_role("combobox", name="รอบรายงาน").select_option("six_month")
    page.get_by_label("กำหนดส่งรายงานของหน่วยงาน").fill("15/12/2569")
    j.look(page, "rounds")
    page.get_by_role("button", name="เปิดรอบรายงาน").click()
    expect(page.get_by_test_id("round-status")).to_have_text("เปิดรับรายงาน")
    round_ = Round.objects.get(organization=organization)
    expect(page.get_by_test_id("missing-count")).to_have_text("ยังไม่ส่งรายงาน 2 หน่วยงาน")
    j.look(page, "round-opened")

    # 4. กองช่าง fills its three rows on a phone, with the keyboard, and sends its report.
    sign_in(phone, live_server, people["works"])
    turn = phone.get_by_test_id("results-due")
    expect(turn).to_contain_text("ถึงขั้นของคุณ:")
    j.look(phone, "works-dashboard")
    turn.get_by_role("link", name="บันทึกผลโครงการ").click()
    rows = phone.get_by_test_id("grid-row")
    expect(rows).to_have_count(3)
    lights, road, pipe = (rows.filter(has_text=name) for name in ("ไฟฟ้า", "ถนน", "ท่อ"))
    expect(rows.nth(0)).to_contain_text("1. ขยายเขตไฟฟ้าสาธารณะ หมู่ที่ 7")  # แผนงานเคหะฯ first
    road.get_by_label("สถานะ").focus()
    press_thai(phone, "ด")  # ดำเนินการแล้วเสร็จ
    expect(road.get_by_label("สถานะ")).to_have_value("done")
    phone.keyboard.press("Tab")
    # On a loaded machine the keys must not outrun the focus (CI saw the amount typed elsewhere).
    expect(road.get_by_label("เบิกจ่าย (บาท)")).to_be_focused()
    phone.keyboard.type("๔๙๔,๕๐๐")
    phone.keyboard.press("Enter")  # the same column of the next row; the road row saves
    expect(road.locator(".row-state")).to_have_text("บันทึกแล้ว")
    phone.keyboard.type("120,000.50")
    phone.keyboard.press("Shift+Tab")
    press_thai(phone, "อ")  # อยู่ระหว่างดำเนินการ
    lights.get_by_label("สถานะ").focus()  # leaving the row saves it
    expect(pipe.locator(".row-state")).to_have_text("บันทึกแล้ว")
    phone.keyboard.press("1")  # ยังไม่ได้ดำเนินการ
    lights.get_by_label("ปัญหา อุปสรรค").fill("รอการไฟฟ้าส่วนภูมิภาคอนุมัติแบบ")
    road.get_by_label("สถานะ").focus()
    expect(lights.locator(".row-state")).to_have_text("บันทึกแล้ว")
    j.look(phone, "works-grid-filled")
    phone.get_by_role("button", name=f"ส่งรายงานของ{WORKS}").click()
    expect(phone.get_by_test_id("submit-department")).to_contain_text("ส่งรายงานแล้ว")
    j.look(phone, "works-sent")

    # 5. The planner sees who has not reported yet.
    page.reload()
    expect(page.get_by_test_id("missing-count")).to_have_text("ยังไม่ส่งรายงาน 1 หน่วยงาน")
    missing = page.get_by_test_id("department-line").nth(0)
    expect(missing).to_contain_text(SCHOOLS)
    expect(missing).to_contain_text("ยังไม่รายงาน 2 โครงการ")
    j.look(page, "planner-sees-missing")

    # 6. กองการศึกษา downloads the round's sheet, fills it in Excel and uploads it.
    context, schools = person(browser, request, DESKTOP)
    sign_in(schools, live_server, people["schools"])
    schools.get_by_test_id("results-due").get_by_role("link", name="บันทึกผลโครงการ").click()
    schools.goto(f"{live_server.url}/rounds/{round_.pk}/")
    with schools.expect_download() as download:
        schools.get_by_test_id("round-export").click()
    exported = download.value.path().read_bytes()
    schools.get_by_test_id("round-import").click()
    upload_xlsx(schools, "ผลกองการศึกษา.xlsx", fill_export(exported))
    expect(schools.get_by_role("status")).to_contain_text("พร้อมบันทึกผล 2 โครงการ")
    j.look(schools, "schools-import-preview")
    schools.get_by_role("button", name="ยืนยันบันทึกผล 2 โครงการ").click()
    expect(schools.get_by_text("บันทึกผลการดำเนินงานจากไฟล์แล้ว 2 โครงการ")).to_be_visible()
    j.look(schools, "schools-imported")
    schools.goto(f"{live_server.url}/rounds/{round_.pk}/grid/")
    schools.get_by_role("button", name=f"ส่งรายงานของ{SCHOOLS}").click()
    expect(schools.get_by_test_id("submit-department")).to_contain_text("ส่งรายงานแล้ว")
    context.close()
    assert schools.policy_violations == [], "\n".join(schools.policy_violations)
    assert DepartmentReport.objects.filter(round=round_).count() == 2
    assert sorted(Result.objects.filter(round=round_).values_list("status", "disbursed")) == [
        ("done", Decimal("78250.75")),
        ("done", Decimal("494500.00")),
        ("in_progress", Decimal("120000.50")),
        ("in_progress", Decimal("156000.00")),
        ("not_started", Decimal("0.00")),
    ]

    # 7. The planner closes the round and reads the printed report (page, then PDF).
    page.reload()
    expect(page.get_by_test_id("missing-count")).to_have_text("ทุกหน่วยงานส่งรายงานแล้ว")
    page.get_by_role("button", name="ปิดรับรายงาน").click()
    expect(page.get_by_test_id("round-status")).to_have_text("ปิดรับรายงานแล้ว")
    j.look(page, "round-closed")
    page.get_by_role("link", name="ดูรายงาน (ร่าง)").click()
    expect(page.get_by_test_id("draft-badge")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(2)
    expect(page.get_by_text("ผู้ปกครองขอเพิ่มเมนูผลไม้")).to_be_visible()
    j.look(page, "report-page")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลด PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="รอบ 6 เดือน").click()
    expect(page.get_by_test_id("round-status")).to_have_text("ปิดรับรายงานแล้ว")

    # 8. The executive announces the results (today, signed by the executive).
    executive, boss = person(browser, request, DESKTOP)
    sign_in(boss, live_server, people["executive"])
    boss.goto(f"{live_server.url}/rounds/{round_.pk}/")
    boss.get_by_role("link", name="ประกาศผลการดำเนินงาน").click()
    expect(boss.get_by_label("ผู้ลงนามประกาศ")).to_have_value("นายสมศักดิ์ ใจดี")
    j.look(boss, "announce-form")
    boss.get_by_role("button", name="ประกาศผล").click()
    expect(boss.get_by_test_id("round-status")).to_have_text("ประกาศผลแล้ว")
    j.look(boss, "announced")
    executive.close()
    assert boss.policy_violations == [], "\n".join(boss.policy_violations)
    round_.refresh_from_db()
    assert (round_.status, round_.announced_on) == ("announced", today)
    assert sorted(PublishedRoundFile.objects.values_list("document", "fmt")) == [
        ("results", "pdf"),
        ("results", "xlsx"),
        ("results_announcement", "pdf"),
    ]

    # 9. The public page: the report beside its plan, with its ITA label, project by project.
    public, citizen = person(browser, request, PHONE)
    citizen.goto(f"{live_server.url}/p/{organization.slug}/")
    card = citizen.get_by_test_id("results-round")
    expect(card).to_contain_text("รอบ 6 เดือน")
    expect(card.get_by_test_id("ita")).to_have_text("ITA O11")
    expect(citizen.get_by_test_id("edition").get_by_test_id("ita")).to_have_text("ITA O10")
    j.look(citizen, "public-organization")
    card.get_by_role("link", name="ผลการดำเนินงานรายโครงการ").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(round_.title)
    expect(citizen.get_by_test_id("ita")).to_have_text("ITA O11")
    road_row = citizen.get_by_role("row").filter(has_text="ก่อสร้างถนนคอนกรีตเสริมเหล็ก")
    expect(road_row).to_contain_text("ดำเนินการแล้วเสร็จ")
    expect(road_row).to_contain_text("๔๙๔,๕๐๐.๐๐")  # the organisation prints Thai digits
    j.look(citizen, "public-round")
    public.close()
    assert citizen.policy_violations == [], "\n".join(citizen.policy_violations)

    # 10. The planner records the posting (from the announcement day, for 30 days), and
    # finds the public address to link from the organisation's ITA page.
    page.goto(f"{live_server.url}/rounds/{round_.pk}/")
    expect(page.get_by_test_id("public-round-link")).to_have_attribute(
        "href", f"/p/{organization.slug}/results/{round_.pk}/"
    )
    page.get_by_role("link", name="บันทึกการปิดประกาศ").click()
    until = today + timedelta(days=30)
    expect(page.get_by_label("เริ่มปิดประกาศ")).to_have_value(thai(today))
    page.get_by_label("ปิดประกาศถึง").fill(thai(until))
    page.get_by_label("สถานที่หรือช่องทางที่ปิดประกาศ").fill("บอร์ดประชาสัมพันธ์หน้าที่ทำการ และเว็บไซต์ของ อบต.")
    j.look(page, "posting-form")
    page.get_by_role("button", name="บันทึกการปิดประกาศ").click()
    expect(page.get_by_text("บันทึกการปิดประกาศผลการดำเนินงานแล้ว")).to_be_visible()
    expect(page.get_by_test_id("round-announced")).to_contain_text("บอร์ดประชาสัมพันธ์หน้าที่ทำการ")
    j.look(page, "posted")
    round_.refresh_from_db()
    assert (round_.posted_from, round_.posted_until) == (today, until)
    page.get_by_test_id("public-round-link").click()
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link").first.click()
    expect(page.get_by_test_id("results-round")).to_contain_text("ปิดประกาศ บอร์ดประชาสัมพันธ์หน้าที่ทำการ")
    j.look(page, "public-organization-posted")
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("results-due")).to_have_count(0)  # nothing left to do
    assert j.too_wide == [], "\n".join(j.too_wide)
