"""Journey: the officer submits the draft; a village head comments on a row from a phone."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Organization
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    return Organization.objects.get(slug="demo")


def test_submit_then_comment_on_a_phone_then_answer(browser, live_server, demo):
    from tests.browser.conftest import DESKTOP, PHONE

    plan = demo.plans.get(status="draft")
    officer_context = browser.new_context(viewport=DESKTOP, locale="th-TH")
    phone_context = browser.new_context(viewport=PHONE, locale="th-TH")
    try:
        _journey(officer_context.new_page(), phone_context.new_page(), live_server, plan)
    finally:
        officer_context.close()
        phone_context.close()


def _journey(officer, phone, live_server, plan):
    sign_in(officer, live_server, "planner", "demo1234")
    officer.get_by_role("link", name=plan.title).click()
    officer.get_by_role("button", name="ส่งคณะกรรมการสนับสนุนฯ").click()
    expect(officer.get_by_text("ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว")).to_be_visible()
    expect(officer.get_by_role("link", name="เพิ่มโครงการ")).to_have_count(0)

    sign_in(phone, live_server, "support", "demo1234")
    phone.get_by_role("link", name=plan.title).click()
    row = phone.locator(".project-row").filter(has_text="โครงการขยายเขตไฟฟ้าสาธารณะ หมู่ที่ 6")
    row.get_by_text("ความเห็น (0)").click()
    row.get_by_label("ความเห็นต่อ โครงการขยายเขตไฟฟ้าสาธารณะ หมู่ที่ 6").fill("ขอให้ระบุจำนวนเสาไฟฟ้า")
    row.get_by_role("button", name="ส่งความเห็น").click()
    expect(phone.get_by_text("บันทึกความเห็นแล้ว")).to_be_visible()
    expect(phone.get_by_text("ขอให้ระบุจำนวนเสาไฟฟ้า")).to_be_visible()
    save_screenshot(phone, "review-comment-phone")

    officer.reload()
    expect(officer.get_by_test_id("unresolved")).to_have_text("มีความเห็นที่ยังไม่ได้ตอบ 1 รายการ")
    officer.get_by_label("คำตอบต่อความเห็นของ สมหมาย สนับสนุน").fill("เพิ่มรายละเอียด 12 ต้นแล้ว")
    officer.get_by_role("button", name="ตอบและปิด").click()
    expect(officer.get_by_text("ตอบและปิดความเห็นแล้ว")).to_be_visible()
    expect(officer.get_by_test_id("unresolved")).to_have_count(0)
