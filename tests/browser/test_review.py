"""Journeys through the approval of a plan, from the draft to the notice board.

The whole path: the officer submits the draft; a committee member comments on a
row from a phone; the secretary records both committees' meetings and resolutions;
the development committee's village head reads and comments on a phone and sees
the plan move on; the executive announces; the officer records the posting.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import png_bytes, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    seed_demo()
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


def submit_after_checks(officer):
    """Press ส่งคณะกรรมการสนับสนุนฯ; when the checks before sending list something, look
    at them and confirm (issue 15.6)."""
    officer.get_by_role("button", name="ส่งคณะกรรมการสนับสนุนฯ").click()
    officer.wait_for_load_state()
    confirm = officer.get_by_role("button", name="ตรวจแล้ว ส่งคณะกรรมการสนับสนุนฯ")
    if confirm.count():
        expect(officer.get_by_test_id("findings")).to_be_visible()
        confirm.click()


def _journey(officer, phone, live_server, plan):
    sign_in(officer, live_server, "planner", "demo1234")
    officer.get_by_role("link", name=plan.title).click()
    submit_after_checks(officer)
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


def test_the_whole_approval_from_draft_to_notice_board(browser, live_server, demo, tmp_path):
    """Committees pass the draft only by their recorded resolutions: a meeting scheduled
    and its invitation printed before the day, "approved with changes" that the officer
    makes and confirms, the development committee by circulation; the executive
    announces, then corrects a wrongly typed date with a reason; the officer posts."""
    from tests.browser.conftest import DESKTOP, PHONE

    plan = demo.plans.get(status="draft")
    today = date.today()
    contexts = [
        browser.new_context(viewport=size, locale="th-TH") for size in (DESKTOP, PHONE, DESKTOP)
    ]
    officer, village_head, executive = (context.new_page() for context in contexts)
    try:
        sign_in(officer, live_server, "planner", "demo1234")
        officer.get_by_role("link", name=plan.title).click()
        submit_after_checks(officer)
        expect(officer.get_by_text("ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว")).to_be_visible()
        # No button takes the draft past the committee.
        expect(officer.get_by_role("button", name=re.compile("เสนอคณะกรรมการพัฒนา"))).to_have_count(
            0
        )

        # The support committee's meeting is scheduled for tomorrow; its invitation prints now.
        officer.get_by_role("link", name="นัดประชุม / มติเวียนของคณะกรรมการ").click()
        officer.get_by_label("ครั้งที่").fill("1/2570")
        officer.get_by_label("วันที่ประชุม").fill((today + timedelta(days=1)).isoformat())
        officer.get_by_label("สถานที่").fill("ห้องประชุม อบต.")
        officer.get_by_role("button", name="นัดประชุม").click()
        expect(officer.get_by_text("นัดประชุมแล้ว")).to_be_visible()
        meeting = officer.get_by_test_id("meeting")
        expect(meeting).to_contain_text("นัดไว้ ยังไม่ได้บันทึกมติ")
        invitation = meeting.get_by_role("link", name="หนังสือเชิญประชุม").get_attribute("href")
        response = officer.request.get(f"{live_server.url}{invitation}")
        assert response.status == 200 and response.body().startswith(b"%PDF")
        expect(meeting.get_by_role("link", name="รายงานการประชุม")).to_have_count(0)
        save_screenshot(officer, "journey-meeting-scheduled")

        # Recorded before the day: refused by name; recorded with the day it was held.
        meeting.get_by_role("link", name="บันทึกผลการประชุมและมติ").click()
        expect(officer.get_by_test_id("quorum")).to_contain_text("องค์ประชุม")
        for box in officer.locator("input[name=attendees]").all():
            box.check()
        officer.get_by_label("เห็นชอบโดยมีข้อแก้ไข").check()
        officer.get_by_label("มติที่ประชุม").fill("ที่ประชุมมีมติเห็นชอบโดยให้แก้ไขตามข้อเสนอ")
        officer.get_by_label("รายการที่ต้องแก้ไขตามมติ").fill("ระบุจำนวนเสาไฟฟ้าในโครงการขยายเขตไฟฟ้า")
        officer.get_by_role("button", name="บันทึกมติ").click()
        expect(officer.get_by_text("ยังไม่ถึงวันประชุม")).to_be_visible()
        expect(officer.get_by_label("รายการที่ต้องแก้ไขตามมติ")).to_have_value(
            "ระบุจำนวนเสาไฟฟ้าในโครงการขยายเขตไฟฟ้า"
        )
        officer.get_by_label("วันที่ประชุมจริง").fill((today - timedelta(days=5)).isoformat())
        officer.get_by_role("button", name="บันทึกมติ").click()
        expect(officer.get_by_text("บันทึกมติแล้ว")).to_be_visible()
        expect(officer.get_by_test_id("changes-requested")).to_contain_text("ระบุจำนวนเสาไฟฟ้า")

        # The officer makes the change, then confirms it: no new meeting.
        officer.get_by_role("link", name="แก้ไข โครงการขยายเขตไฟฟ้าสาธารณะ หมู่ที่ 6").click()
        officer.get_by_label("รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ").fill(
            "ขยายเขตไฟฟ้าสาธารณะ ติดตั้งเสาไฟฟ้า 12 ต้น"
        )
        officer.get_by_role("button", name="บันทึก", exact=True).click()
        expect(officer.get_by_text("บันทึกโครงการ")).to_be_visible()
        officer.get_by_role("button", name="แก้ไขตามมติแล้ว เสนอคณะกรรมการพัฒนาท้องถิ่น").click()
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

        # The development committee resolves by circulation, each member's answer recorded.
        officer.reload()
        expect(officer.get_by_test_id("unresolved")).to_have_text("มีความเห็นที่ยังไม่ได้ตอบ 1 รายการ")
        officer.get_by_role("link", name="นัดประชุม / มติเวียนของคณะกรรมการ").click()
        officer.get_by_label("มติเวียน (เวียนหนังสือให้กรรมการลงมติ)").check()
        officer.get_by_label("ครั้งที่").fill("2/2570")
        officer.get_by_label("วันที่ประชุม").fill((today - timedelta(days=3)).isoformat())
        officer.get_by_role("button", name="นัดประชุม").click()
        officer.get_by_test_id("meeting").last.get_by_role(
            "link", name="บันทึกผลการประชุมและมติ"
        ).click()
        answers = officer.locator("select[name^=answer_]")
        for index in range(answers.count()):
            answers.nth(index).select_option("approved")
        officer.get_by_label("เห็นชอบ", exact=True).check()
        officer.get_by_label("มติที่ประชุม").fill("กรรมการเห็นชอบร่างแผนโดยมติเวียน")
        save_screenshot(officer, "journey-circulation")
        officer.get_by_role("button", name="บันทึกมติ").click()
        expect(officer.get_by_text("บันทึกมติแล้ว")).to_be_visible()
        expect(officer.get_by_test_id("workflow")).to_contain_text("เสนอผู้บริหารแล้ว")

        # The executive announces; a date before the resolution is refused by name.
        sign_in(executive, live_server, "executive", "demo1234")
        executive.get_by_test_id("inbox-link").click()
        executive.get_by_test_id("waiting").get_by_role("link", name=plan.title).click()
        executive.get_by_role("link", name="อนุมัติและประกาศใช้").click()
        expect(executive.get_by_label("ผู้ลงนามประกาศ (ชื่อและตำแหน่ง)")).to_have_value(
            "นายสมศักดิ์ นำชุมชน นายกองค์การบริหารส่วนตำบลตัวอย่าง"
        )
        # The button asks first (static/js/opplan.js); "ยกเลิก" leaves the plan as it is.
        questions = []
        executive.once(
            "dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss())
        )
        executive.get_by_role("button", name="อนุมัติและประกาศใช้").click()
        assert questions == [f"ยืนยันอนุมัติและประกาศใช้{plan.title}?"]
        assert not plan.decisions.filter(action="announce").exists()
        executive.on("dialog", lambda dialog: dialog.accept())
        executive.get_by_label("วันที่ประกาศ (วันที่ลงนาม)").fill("1990-01-01")
        executive.get_by_role("button", name="อนุมัติและประกาศใช้").click()
        expect(executive.get_by_text("ต้องไม่ก่อนวันที่คณะกรรมการมีมติ")).to_be_visible()
        wrong = today - timedelta(days=2)
        executive.get_by_label("วันที่ประกาศ (วันที่ลงนาม)").fill(wrong.isoformat())
        executive.get_by_role("button", name="อนุมัติและประกาศใช้").click()
        expect(executive.get_by_text("ประกาศใช้แผนแล้ว")).to_be_visible()
        expect(executive.get_by_test_id("snapshot-sha256")).to_have_text(
            re.compile(r"^[0-9a-f]{64}$")
        )
        first_digest = executive.get_by_test_id("snapshot-sha256").inner_text()

        # The date was typed wrong: corrected with a reason, as a new row of the record.
        executive.get_by_role("link", name="แก้ไขวันที่ประกาศ/ผู้ลงนาม").click()
        executive.get_by_label("วันที่ประกาศ (วันที่ลงนาม)").fill((today - timedelta(days=1)).isoformat())
        executive.get_by_label("เหตุผลที่แก้ไข").fill("พิมพ์วันที่ผิด วันที่ลงนามจริงคือวันถัดไป")
        executive.get_by_role("button", name="แก้ไขวันที่ประกาศ/ผู้ลงนาม").click()
        expect(executive.get_by_text("บันทึกการแก้ไขการประกาศแล้ว")).to_be_visible()
        executive.get_by_text(re.compile("ประวัติการพิจารณา")).click()
        expect(executive.get_by_test_id("workflow")).to_contain_text("พิมพ์วันที่ผิด วันที่ลงนามจริงคือวันถัดไป")
        assert executive.get_by_test_id("snapshot-sha256").inner_text() != first_digest
        save_screenshot(executive, "journey-announcement-corrected")

        officer.goto(f"{live_server.url}/")
        expect(officer.locator("[data-testid=plan-row]", has_text=plan.title)).to_contain_text(
            "ปิดประกาศแผนให้ประชาชนทราบ"
        )
        officer.get_by_role("link", name=plan.title).click()
        officer.get_by_role("link", name="การปิดประกาศและหลักฐาน").click()
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

        # The village head sees the plan has moved on.
        village_head.reload()
        expect(village_head.get_by_test_id("workflow")).to_contain_text("ปิดประกาศแล้ว")
        save_screenshot(village_head, "journey-village-head-posted-phone")
    finally:
        for context in contexts:
            context.close()
