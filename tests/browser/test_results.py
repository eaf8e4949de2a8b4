"""Results journeys: department staff fill their rows of a round on a phone with the
keyboard (Tab, Enter, a status key, Thai digits) and send the report; the planner sees
who has not reported yet."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from results import rounds
from results.models import DepartmentReport, Result
from tests.browser.conftest import save_screenshot
from tests.factories import results_setup

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pass-word-123"  # tests.factories.UserFactory


@pytest.fixture
def s(db):
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    return s


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/")
    page.get_by_label("ชื่อผู้ใช้").fill(user.username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def no_sideways_scroll(page):
    page.wait_for_load_state("load")  # the stylesheets that put the table in its box
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def press_thai(page, letter):
    """One key of a Thai (Kedmanee) keyboard: Playwright's keyboard knows only US keys,
    so the key events go through the DevTools protocol, as the operating system sends them."""
    session = page.context.new_cdp_session(page)
    session.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": letter, "text": letter})
    session.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": letter})
    session.detach()


def row(page, project):
    return page.locator(f"#row-{project.lineage}")


def test_department_staff_fill_their_rows_on_a_phone_with_the_keyboard(phone, live_server, s):
    page = phone
    sign_in(page, live_server, s.staff)
    turn = page.get_by_test_id("results-due")
    expect(turn).to_contain_text("ถึงขั้นของคุณ:")
    expect(turn).to_contain_text("กำหนดส่ง 30 เมษายน 2569")
    save_screenshot(page, "results-dashboard-phone")
    turn.get_by_role("link", name="บันทึกผลโครงการ").click()
    expect(page.get_by_test_id("grid-row")).to_have_count(2)  # กองช่าง's rows only
    assert no_sideways_scroll(page)
    save_screenshot(page, "results-grid-phone-empty")

    road, drain = row(page, s.road), row(page, s.drain)
    road.get_by_label("สถานะ").focus()
    page.keyboard.press("3")  # ดำเนินการแล้วเสร็จ
    expect(road.get_by_label("สถานะ")).to_have_value("done")
    page.keyboard.press("Tab")
    page.keyboard.type("๒๔๙,๙๙๙.๕๐")
    page.keyboard.press("Tab")
    page.keyboard.type("250,000")
    page.keyboard.press("Enter")  # the same column of the next row: the road row saves
    expect(drain.get_by_label("วงเงินตามสัญญา (บาท)")).to_be_focused()
    expect(road.locator(".row-state")).to_have_text("บันทึกแล้ว")
    expect(road.get_by_label("เบิกจ่าย (บาท)")).to_have_value("249,999.50")

    page.keyboard.press("Shift+Tab")
    page.keyboard.type("๑๒๐,๐๐๐.๐๑")  # one satang above the drain's budget
    page.keyboard.press("Shift+Tab")
    press_thai(page, "ย")  # ยังไม่ได้ดำเนินการ …
    expect(drain.get_by_label("สถานะ")).to_have_value("not_started")
    press_thai(page, "อ")  # … no: อยู่ระหว่างดำเนินการ
    expect(drain.get_by_label("สถานะ")).to_have_value("in_progress")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    road.get_by_label("ปัญหา อุปสรรค").focus()  # leaving the row saves it, after asking
    expect(drain.locator(".row-state")).to_have_text("บันทึกแล้ว")
    assert "เกินงบประมาณของโครงการ (120,000.00 บาท)" in questions[0]
    result = Result.objects.get(lineage=s.drain.lineage)
    assert (result.status, result.disbursed, result.over_budget_confirmed) == (
        "in_progress",
        Decimal("120000.01"),
        True,
    )
    road_result = Result.objects.get(lineage=s.road.lineage)
    assert (road_result.disbursed, road_result.contract_amount) == (
        Decimal("249999.50"),
        Decimal("250000.00"),
    )

    save_screenshot(page, "results-grid-phone-filled")
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="ส่งรายงานของกองช่าง").click()
    expect(page.get_by_test_id("submit-department")).to_contain_text("ส่งรายงานแล้ว")
    assert DepartmentReport.objects.get().department == s.works
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("results-due")).to_have_count(0)


def test_the_planner_sees_who_has_not_reported(page, phone, live_server, s):
    for project in (s.road, s.drain):
        rounds.save_result(round_=s.round, project=project, entry=rounds.Entry("done"), by=s.staff)
    rounds.submit_department(s.round, s.works, by=s.staff)
    sign_in(page, live_server, s.planner)
    expect(page.get_by_test_id("results-due")).to_contain_text(
        "ยังไม่ส่งรายงาน 1 หน่วยงาน — สำนักปลัด (ยังไม่รายงาน 1 โครงการ)"
    )
    page.get_by_test_id("results-link").click()
    page.get_by_role("link", name=re.compile("รอบ 6 เดือน")).click()
    expect(page.get_by_test_id("missing-count")).to_have_text("ยังไม่ส่งรายงาน 1 หน่วยงาน")
    lines = page.get_by_test_id("department-line")
    expect(lines.nth(0)).to_contain_text("สำนักปลัด")
    expect(lines.nth(0)).to_contain_text("ยังไม่ส่ง")
    expect(lines.nth(1)).to_contain_text("ส่งรายงานแล้ว")
    save_screenshot(page, "results-round-desktop")
    page.get_by_test_id("grid-link").click()
    expect(page.get_by_test_id("grid-row")).to_have_count(3)
    # On a 1280 px screen every column shows, the save column included: the box does not
    # scroll sideways.
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")  # widths in the page's own font
    box = page.locator(".grid-scroll")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), box.evaluate("b => b.scrollWidth")
    expect(page.get_by_role("columnheader", name="บันทึก")).to_be_in_viewport()
    # The navbar and the footer widen with the grid: all three start in one line.
    lefts = page.evaluate("""() => ['.navbar-brand', 'main .breadcrumb', 'footer'].map((s) => {
        const e = document.querySelector(s);
        return Math.round(e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft));
    })""")  # fmt: skip
    assert lefts == [24, 24, 24]
    save_screenshot(page, "results-grid-desktop")

    sign_in(phone, live_server, s.planner)
    phone.goto(live_server.url + f"/rounds/{s.round.pk}/")
    assert no_sideways_scroll(phone)
    save_screenshot(phone, "results-round-phone")

    # The annual round, opened from the list (it starts from the six-month results).
    page.get_by_test_id("results-link").click()
    page.get_by_role("combobox", name="รอบรายงาน").select_option("annual")
    page.get_by_label("กำหนดส่งรายงานของหน่วยงาน").fill("2026-12-15")
    page.get_by_label("จำนวนโครงการทั้งแผน").check()
    save_screenshot(page, "results-rounds-desktop")
    page.get_by_role("button", name="เปิดรอบรายงาน").click()
    expect(page.locator("h1")).to_have_text(
        "รายงานผลการดำเนินงาน รอบ 12 เดือน ตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569"
    )
    expect(page.get_by_test_id("round-status")).to_have_text("เปิดรับรายงาน")
    expect(page.get_by_text("รายงานแล้ว 2 จาก 3 โครงการ")).to_be_visible()


def test_without_javascript_a_row_is_a_form_of_its_own(browser, live_server, s):
    context = browser.new_context(java_script_enabled=False, locale="th-TH")
    page = context.new_page()
    try:
        sign_in(page, live_server, s.staff)
        page.goto(live_server.url + f"/rounds/{s.round.pk}/grid/")
        road = row(page, s.road)
        road.get_by_label("สถานะ").select_option("in_progress")
        road.get_by_label("เบิกจ่าย (บาท)").fill("๒๕๐,๐๐๐.๐๑")
        road.get_by_role("button", name="บันทึก").click()  # above the budget: asked
        road = row(page, s.road)
        expect(road.get_by_label("เบิกจ่าย (บาท)")).to_have_value("๒๕๐,๐๐๐.๐๑")
        expect(road).to_contain_text("เกินงบประมาณของโครงการ (250,000.00 บาท)")
        assert not Result.objects.exists()
        road.get_by_label("ยืนยันการเบิกจ่ายเกินงบประมาณ").check()
        road.get_by_role("button", name="บันทึก").click()
        expect(page.get_by_role("alert").first).to_contain_text("บันทึกผลของ ถนนคอนกรีต หมู่ที่ 1 แล้ว")
        expect(row(page, s.road).locator(".row-state")).to_have_text("บันทึกแล้ว")
        assert Result.objects.get().disbursed == Decimal("250000.01")
    finally:
        context.close()
