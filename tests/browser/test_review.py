"""Journeys through the approval of a plan, from the draft to the notice board.

The whole path: the officer submits the draft; a committee member comments on a
row from a phone; the secretary records both committees' meetings and resolutions;
the development committee's village head reads and comments on a phone and sees
the plan move on; the executive announces; the officer records the posting.
"""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Organization
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import png_bytes

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


def record_resolution(page, number):
    """The secretary (the demo officer) records a meeting that approves the draft."""
    page.get_by_role("link", name="บันทึกการประชุมและมติของคณะกรรมการ").click()
    page.get_by_label("ครั้งที่").fill(number)
    page.get_by_label("วันที่ประชุม").fill(date.today().isoformat())
    page.get_by_label("สถานที่").fill("ห้องประชุม อบต.")
    for box in page.locator("input[name=attendees]").all():
        box.check()
    page.get_by_label("มติที่ประชุม").fill("ที่ประชุมมีมติเห็นชอบร่างแผน")
    page.get_by_label("เห็นชอบ ส่งขั้นต่อไป").check()
    page.get_by_role("button", name="บันทึกการประชุมและมติ").click()
    expect(page.get_by_text("บันทึกการประชุมและมติแล้ว")).to_be_visible()


def test_the_whole_approval_from_draft_to_notice_board(browser, live_server, demo, tmp_path):
    from tests.browser.conftest import DESKTOP, PHONE

    plan = demo.plans.get(status="draft")
    contexts = [
        browser.new_context(viewport=size, locale="th-TH") for size in (DESKTOP, PHONE, DESKTOP)
    ]
    officer, village_head, executive = (context.new_page() for context in contexts)
    try:
        sign_in(officer, live_server, "planner", "demo1234")
        officer.get_by_role("link", name=plan.title).click()
        officer.get_by_role("button", name="ส่งคณะกรรมการสนับสนุนฯ").click()
        record_resolution(officer, "1/2570")
        expect(officer.get_by_test_id("workflow")).to_contain_text("คณะกรรมการพัฒนาท้องถิ่นกำลังพิจารณา")

        # A village head on the development committee: told in the app, reads, comments.
        sign_in(village_head, live_server, "committee", "demo1234")
        village_head.get_by_test_id("inbox-alert").get_by_role("link", name="ดูรายการที่รอฉัน").click()
        waiting = village_head.get_by_test_id("waiting")
        expect(waiting).to_contain_text(plan.title)
        waiting.get_by_role("link", name=plan.title).click()
        row = village_head.locator(".project-row").filter(
            has_text="โครงการขยายเขตไฟฟ้าสาธารณะ หมู่ที่ 6"
        )
        row.get_by_text("ความเห็น (0)").click()
        row.get_by_label("ความเห็นต่อ โครงการขยายเขตไฟฟ้าสาธารณะ หมู่ที่ 6").fill("หมู่ 6 ขอไฟเพิ่ม 2 จุด")
        row.get_by_role("button", name="ส่งความเห็น").click()
        expect(village_head.get_by_text("บันทึกความเห็นแล้ว")).to_be_visible()
        save_screenshot(village_head, "journey-village-head-comment-phone")

        officer.reload()
        expect(officer.get_by_test_id("unresolved")).to_have_text("มีความเห็นที่ยังไม่ได้ตอบ 1 รายการ")
        record_resolution(officer, "1/2570")
        expect(officer.get_by_test_id("workflow")).to_contain_text("เสนอผู้บริหารแล้ว")

        sign_in(executive, live_server, "executive", "demo1234")
        executive.get_by_test_id("inbox-link").click()
        executive.get_by_test_id("waiting").get_by_role("link", name=plan.title).click()
        expect(executive.get_by_label("ผู้ลงนาม")).to_have_value(
            "นายสมศักดิ์ นำชุมชน นายกองค์การบริหารส่วนตำบลตัวอย่าง"
        )
        dialogs = []
        executive.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
        executive.get_by_role("button", name="อนุมัติและประกาศใช้").click()
        expect(executive.get_by_text("ประกาศใช้แผนแล้ว")).to_be_visible()
        assert "แก้ไขไม่ได้" in dialogs[0]  # an irreversible step is confirmed first
        expect(executive.get_by_test_id("snapshot-sha256")).to_have_text(
            re.compile(r"^[0-9a-f]{64}$")
        )

        officer.goto(f"{live_server.url}/")
        expect(officer.locator("[data-testid=plan-row]", has_text=plan.title)).to_contain_text(
            "ปิดประกาศแผนให้ประชาชนทราบ"
        )
        officer.get_by_role("link", name=plan.title).click()
        officer.get_by_role("link", name="บันทึกการปิดประกาศ").click()
        officer.get_by_label("สถานที่ปิดประกาศ").select_option("notice_board")
        officer.get_by_label("รายละเอียดสถานที่").fill("บอร์ดหน้าที่ทำการ")
        photo = tmp_path / "board.png"
        photo.write_bytes(png_bytes())
        officer.get_by_label("ภาพถ่ายหลักฐาน").set_input_files(str(photo))
        officer.get_by_role("button", name="บันทึกการปิดประกาศ").click()
        expect(officer.get_by_text("บันทึกการปิดประกาศแล้ว")).to_be_visible()
        expect(officer.get_by_test_id("posting-state")).to_contain_text("ยังปิดประกาศไม่ครบ 30 วัน")
        expect(officer.get_by_role("img", name=re.compile("ภาพถ่ายการปิดประกาศ"))).to_be_visible()
        save_screenshot(officer, "journey-posting-record")
        officer.goto(f"{live_server.url}/")
        expect(officer.locator("[data-testid=plan-row]", has_text=plan.title)).to_contain_text(
            "ยังปิดประกาศไม่ครบ 30 วัน"
        )

        # The village head sees the plan has moved on.
        village_head.reload()
        expect(village_head.get_by_test_id("workflow")).to_contain_text("ปิดประกาศแล้ว")
        save_screenshot(village_head, "journey-village-head-posted-phone")
    finally:
        for context in contexts:
            context.close()
