"""Journeys: a province administrator adds an organisation and invites its planning
officer, who accepts, sets a password and invites a department's staff member; a
district supervisor reads the district view on a phone without sideways scrolling."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Membership
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.oversight.conftest import area, supervisor  # noqa: F401 -- the fixture

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pass-word-123"
NEW = "ใหม่-Phayao-2570"


def _fits(page):
    """Nothing wider than the screen: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_province_administrator_sets_up_an_organisation_and_its_people(page, live_server):
    admin = supervisor("พะเยา", manages=True, username="province-admin")
    sign_in(page, live_server, admin.username, PASSWORD)
    expect(page.get_by_role("heading", name="จังหวัดพะเยา")).to_be_visible()
    page.get_by_role("link", name="จัดการ อปท.").first.click()
    page.get_by_role("link", name="เพิ่ม อปท.").click()
    page.get_by_label("ชื่อ อปท.").fill("องค์การบริหารส่วนตำบลบ้านสาง")
    page.get_by_label("ประเภท").select_option(label="องค์การบริหารส่วนตำบล")
    page.get_by_label("อำเภอ").fill("เมืองพะเยา")
    page.get_by_label("ชื่อภาษาอังกฤษในลิงก์ (slug)").fill("bansang")
    save_screenshot(page, "oversight-organization-create")
    page.get_by_role("button", name="เพิ่ม อปท.").click()
    expect(page.get_by_text("พร้อมหน่วยงานเริ่มต้น 6 หน่วยงาน")).to_be_visible()
    page.get_by_label("อีเมล").fill("somsri@example.go.th")
    page.get_by_label("ชื่อ", exact=True).fill("สมศรี")
    page.get_by_label("นามสกุล").fill("วางแผนดี")
    page.get_by_role("button", name="ส่งคำเชิญทางอีเมล").click()
    expect(page.get_by_text("ส่งคำเชิญไปที่ somsri@example.go.th แล้ว")).to_be_visible()
    expect(page.get_by_test_id("organizations")).to_contain_text("รอตั้งรหัสผ่าน")
    save_screenshot(page, "oversight-organizations")
    page.get_by_role("button", name="ออกจากระบบ").click()

    [invitation] = mail.outbox
    link = re.search(r"http://\S+/invitations/\S+/\S+/", invitation.body)[0]
    page.goto(link)
    expect(page.get_by_text("องค์การบริหารส่วนตำบลบ้านสาง")).to_be_visible()
    page.get_by_label("รหัสผ่านใหม่*").fill(NEW)
    page.get_by_label("รหัสผ่านใหม่อีกครั้ง").fill(NEW)
    save_screenshot(page, "invitation-accept")
    page.get_by_role("button", name="ตั้งรหัสผ่านและเริ่มใช้งาน").click()
    expect(page.get_by_text("ตั้งรหัสผ่านแล้ว เข้าสู่ระบบด้วยชื่อผู้ใช้ somsri@example.go.th")).to_be_visible()
    sign_in(page, live_server, "somsri@example.go.th", NEW)
    expect(page.get_by_test_id("current-user")).to_have_text("สมศรี วางแผนดี")

    page.get_by_role("link", name="ผู้ใช้", exact=True).click()
    page.get_by_role("textbox", name="อีเมล").fill("somchai@example.go.th")
    page.get_by_label("ชื่อ", exact=True).fill("สมชาย")
    page.get_by_label("นามสกุล").fill("ช่างงาม")
    page.get_by_label("บทบาท*").select_option(label="เจ้าหน้าที่หน่วยงาน")
    page.get_by_role("combobox", name="หน่วยงาน").select_option(label="กองช่าง")
    page.get_by_role("button", name="ส่งคำเชิญทางอีเมล").click()
    expect(page.get_by_text("ส่งคำเชิญไปที่ somchai@example.go.th แล้ว")).to_be_visible()
    expect(page.get_by_test_id("members")).to_contain_text("กองช่าง")
    save_screenshot(page, "invitation-people")
    staff = Membership.objects.get(user__email="somchai@example.go.th")
    assert (staff.role, staff.department.name, staff.organization.slug) == (
        "department_staff", "กองช่าง", "bansang")  # fmt: skip
    assert len(mail.outbox) == 2


def test_a_district_supervisor_reads_the_district_on_a_phone(phone, live_server, area):  # noqa: F811
    sign_in(phone, live_server, "district", PASSWORD)
    expect(phone.get_by_role("heading", name="อำเภอเมืองพะเยา จังหวัดพะเยา")).to_be_visible()
    expect(phone.get_by_test_id("count-overdue")).to_have_text("เลยกำหนดแล้วยังไม่ประกาศ 1")
    expect(phone.get_by_test_id("status-row").first).to_contain_text("เทศบาลตำบลแม่กา")
    assert _fits(phone)
    save_screenshot(phone, "oversight-status-phone")
    phone.get_by_role("link", name="ยอดรวมตามแผน").click()
    expect(phone.get_by_test_id("program-totals")).to_contain_text("300,000.00")
    assert _fits(phone)
    save_screenshot(phone, "oversight-totals-phone")
    phone.get_by_role("link", name="ผลการดำเนินงาน").click()
    expect(phone.get_by_test_id("results-rows")).to_contain_text("ยังไม่เปิดรอบรายงาน")
    assert _fits(phone)
    save_screenshot(phone, "oversight-results-phone")


def test_a_provincial_supervisor_sees_the_late_first_and_downloads_excel(page, live_server, area):  # noqa: F811
    sign_in(page, live_server, "province", PASSWORD)
    expect(page.get_by_role("heading", name="จังหวัดพะเยา")).to_be_visible()
    rows = page.get_by_test_id("status-row")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text(
        re.compile(r"เทศบาลตำบลแม่กา.*เลยกำหนดแล้วยังไม่ประกาศ \d+ วัน", re.S)
    )
    save_screenshot(page, "oversight-status-desktop")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลด Excel").click()
    assert download.value.suggested_filename == "status-2570.xlsx"


@pytest.mark.parametrize("screen", ["phone", "page"])
def test_the_new_organisation_form_has_no_type_chosen_and_refuses_a_name_of_another_type(
    request, live_server, screen
):
    browser_page = request.getfixturevalue(screen)
    supervisor("พะเยา", manages=True, username="province-admin")
    sign_in(browser_page, live_server, "province-admin", PASSWORD)
    browser_page.goto(f"{live_server.url}/oversight/organizations/new/")
    kind = browser_page.get_by_label("ประเภท")
    expect(kind.locator("option:checked")).to_have_text("— เลือก —")
    browser_page.get_by_label("ชื่อ อปท.").fill("เทศบาลตำบลทดสอบ")
    kind.select_option(label="องค์การบริหารส่วนจังหวัด")
    browser_page.get_by_label("ชื่อภาษาอังกฤษในลิงก์ (slug)").fill("thotsop")
    browser_page.get_by_role("button", name="เพิ่ม อปท.").click()
    expect(browser_page.get_by_text("ขึ้นต้นด้วย “เทศบาลตำบล”")).to_contain_text(
        "แต่ประเภทที่เลือกคือองค์การบริหารส่วนจังหวัด"
    )
    assert _fits(browser_page)
    save_screenshot(browser_page, f"oversight-organization-refused-{screen}")


def test_a_past_years_missing_plans_read_as_late_on_a_phone(phone, live_server, area, monkeypatch):  # noqa: F811
    from django.utils import timezone

    from tests.oversight.conftest import TODAY

    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    sign_in(phone, live_server, "province", PASSWORD)
    phone.goto(f"{live_server.url}/oversight/?year=2569")
    expect(phone.get_by_test_id("count-overdue")).to_have_text("เลยกำหนดแล้วยังไม่ประกาศ 4")
    expect(phone.get_by_test_id("presumed")).to_have_count(4)
    expect(phone.get_by_test_id("presumed-note")).to_be_visible()
    assert _fits(phone)
    save_screenshot(phone, "oversight-status-past-year-phone")
