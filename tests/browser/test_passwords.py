"""Journeys: a planner who forgot the password resets it by e-mail; a department officer
without e-mail signs in with the one-time password an admin issued and sets their own."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

NEW = "ใหม่-Phayao-2569"
NEW_BOX = "รหัสผ่านใหม่*"  # the required mark: not "รหัสผ่านใหม่อีกครั้ง*"


@pytest.fixture
def demo(db):
    seed_demo()


def test_a_forgotten_password_is_reset_by_email(page, live_server, demo):
    User.objects.filter(username="planner").update(email="somsri@example.go.th")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="ลืมรหัสผ่าน").click()
    expect(page.get_by_role("heading", name="ลืมรหัสผ่าน")).to_be_visible()
    page.get_by_label("อีเมลที่ลงทะเบียนไว้กับบัญชี").fill("somsri@example.go.th")
    page.get_by_role("button", name="ส่งลิงก์ตั้งรหัสผ่านใหม่").click()
    expect(page.get_by_role("heading", name="ตรวจสอบอีเมลของคุณ")).to_be_visible()

    [message] = mail.outbox
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", message.body)[0]
    page.goto(link)
    expect(page.get_by_text("บัญชี planner")).to_be_visible()
    page.get_by_label(NEW_BOX).fill("1234")
    page.get_by_label("รหัสผ่านใหม่อีกครั้ง").fill("1234")
    page.get_by_role("button", name="บันทึกรหัสผ่านใหม่").click()
    expect(page.get_by_text("รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร")).to_be_visible()
    save_screenshot(page, "password-reset-rules")
    page.get_by_label(NEW_BOX).fill(NEW)
    page.get_by_label("รหัสผ่านใหม่อีกครั้ง").fill(NEW)
    page.get_by_role("button", name="บันทึกรหัสผ่านใหม่").click()
    expect(page.get_by_text("ตั้งรหัสผ่านใหม่แล้ว เข้าสู่ระบบด้วยรหัสผ่านใหม่ได้เลย")).to_be_visible()

    sign_in(page, live_server, "planner", NEW)
    expect(page.get_by_test_id("current-user")).to_have_text("สมศรี วางแผนดี")


def test_a_one_time_password_must_be_replaced_at_the_first_sign_in(page, live_server, demo):
    out = StringIO()
    call_command("issue_password", "dept", stdout=out, stderr=StringIO())
    one_time = out.getvalue().strip()

    sign_in(page, live_server, "dept", one_time)
    expect(page.get_by_role("heading", name="ตั้งรหัสผ่านของคุณ")).to_be_visible()
    expect(page.get_by_test_id("must-change-password")).to_be_visible()
    save_screenshot(page, "password-must-change")
    page.get_by_role("link", name="หน้าหลัก").click()  # not yet: back to the change page
    expect(page.get_by_role("heading", name="ตั้งรหัสผ่านของคุณ")).to_be_visible()

    page.get_by_label("รหัสผ่านปัจจุบัน").fill(one_time)
    page.get_by_label(NEW_BOX).fill(NEW)
    page.get_by_label("รหัสผ่านใหม่อีกครั้ง").fill(NEW)
    page.get_by_role("button", name="บันทึกรหัสผ่านใหม่").click()
    expect(page.get_by_text("เปลี่ยนรหัสผ่านแล้ว")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text("สมชาย ช่างงาม")
    assert not User.objects.get(username="dept").must_change_password


def test_five_wrong_passwords_lock_the_account_with_the_time_to_try_again(page, live_server, demo):
    for _ in range(5):
        sign_in(page, live_server, "executive", "wrong-password")
    expect(page.get_by_text(re.compile(r"ลองใหม่ได้หลังเวลา \d\d:\d\d น\."))).to_be_visible()
    save_screenshot(page, "login-locked")
    sign_in(page, live_server, "executive", "demo1234")
    expect(page.get_by_text("ระงับการเข้าสู่ระบบชั่วคราว")).to_be_visible()
    expect(page.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()
