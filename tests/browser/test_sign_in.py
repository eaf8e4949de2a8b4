"""Journey: the demo planning officer signs in and sees the dashboard."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organization, Role
from tests.browser.conftest import save_screenshot
from tests.factories import make_organization, make_plan, member, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    seed_demo()
    return Organization.objects.get(slug="demo")


def sign_in(page, live_server, username, password):
    page.goto(live_server.url + "/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_the_planner_signs_in_on_the_thai_login_page_and_sees_the_dashboard(
    page, live_server, demo
):
    page.goto(live_server.url + "/")
    expect(page).to_have_title("เข้าสู่ระบบ · OpPlan")
    expect(page.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "th"
    save_screenshot(page, "login")

    sign_in(page, live_server, "planner", "demo1234")

    expect(page.get_by_role("heading", name=demo.name)).to_be_visible()
    plan = demo.plans.get(status="draft")
    expect(page.get_by_text(f"ปีงบประมาณ พ.ศ. {plan.fiscal_year}", exact=True)).to_be_visible()
    expect(page.get_by_text(plan.title)).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text("สมศรี วางแผนดี")
    # Sarabun is served by the app itself and is what the page is drawn with.
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun')")
    assert "Sarabun" in page.evaluate("getComputedStyle(document.body).fontFamily")
    save_screenshot(page, "dashboard")


def test_a_wrong_password_shows_a_thai_error(page, live_server, demo):
    sign_in(page, live_server, "planner", "wrong-password")
    expect(page.get_by_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")).to_be_visible()
    expect(page.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()
    save_screenshot(page, "login-error")


def test_on_a_phone_the_menu_opens_and_the_user_signs_out(phone, live_server, demo):
    sign_in(phone, live_server, "committee", "demo1234")
    expect(phone.get_by_role("heading", name=demo.name)).to_be_visible()
    save_screenshot(phone, "dashboard-phone")
    sign_out = phone.get_by_role("button", name="ออกจากระบบ")
    expect(sign_out).to_be_hidden()
    phone.get_by_role("button", name="เปิดเมนู").click()
    sign_out.click()
    expect(phone.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()


def test_a_user_of_two_organizations_switches_between_them(page, live_server, demo):
    other = make_organization(
        "เทศบาลตำบลดอกคำใต้", slug="dokkamtai", type="subdistrict_municipality"
    )
    make_plan(other, fiscal_year=2566)
    member(other, Role.PLANNER, user=demo.memberships.get(user__username="planner").user)

    sign_in(page, live_server, "planner", "demo1234")
    # The first organisation in Thai dictionary order is chosen: เทศบาล… before องค์การ….
    switcher = page.get_by_test_id("organization-switcher")
    expect(switcher).to_have_text("ทต.ดอกคำใต้")  # its short name; the full one is its title
    expect(switcher).to_have_attribute("title", "เทศบาลตำบลดอกคำใต้")
    expect(page.get_by_text("ปีงบประมาณ พ.ศ. 2566", exact=True)).to_be_visible()
    switcher.click()
    page.get_by_role("button", name=demo.name).click()

    expect(page.get_by_role("heading", name=demo.name)).to_be_visible()
    expect(page.get_by_text(f"เปลี่ยนไปทำงานที่ {demo.name} แล้ว")).to_be_visible()
    expect(page.get_by_text("ปีงบประมาณ พ.ศ. 2566", exact=True)).to_have_count(0)
    year = demo.plans.get(status="draft").fiscal_year
    expect(page.get_by_text(f"ปีงบประมาณ พ.ศ. {year}", exact=True)).to_be_visible()


def test_the_planner_adds_an_outside_agency_in_the_organization_settings(page, live_server, demo):
    sign_in(page, live_server, "planner", "demo1234")
    page.get_by_role("link", name="ตั้งค่า อปท.").click()
    expect(page.get_by_role("heading", name=f"ตั้งค่า {demo.name}")).to_be_visible()
    page.get_by_label("ชื่อหน่วยงาน").fill("อบจ.ตัวอย่าง")
    page.get_by_label("ประเภทหน่วยงาน").select_option(label="หน่วยงานภายนอก")
    page.get_by_role("button", name="เพิ่มหน่วยงาน").click()
    expect(page.get_by_text("บันทึกหน่วยงาน “อบจ.ตัวอย่าง” แล้ว")).to_be_visible()
    expect(page.get_by_role("link", name="แก้ไข อบจ.ตัวอย่าง")).to_be_visible()
    save_screenshot(page, "organization-settings")
