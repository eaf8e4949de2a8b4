"""Journeys: the planner records a plan announced on paper; carries unfinished projects
into next year's plan."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from projects.models import Plan
from results import rounds
from results.rounds import Entry
from tests.approvals.test_offline import pdf_bytes
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import make_plan, make_project, results_setup

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_planner_records_a_plan_announced_on_paper_with_its_scan(page, live_server, tmp_path):
    s = results_setup()
    draft = make_plan(s.organization, fiscal_year=2570)
    make_project(draft, name="ถนนลาดยาง หมู่ที่ 4")
    scan = tmp_path / "ประกาศ.pdf"
    scan.write_bytes(pdf_bytes())
    sign_in(page, live_server, s.planner.username, "pass-word-123")
    page.goto(f"{live_server.url}/plans/{draft.pk}/")
    page.get_by_test_id("offline-link").click()
    expect(page.get_by_role("heading", name="บันทึกประกาศนอกระบบ")).to_be_visible()
    page.get_by_label("วันที่ลงนามประกาศ").fill("2026-10-15")
    page.get_by_label("ผู้ลงนามประกาศ").fill("นายสมศักดิ์ ใจดี")
    page.get_by_label("ตำแหน่ง").fill("นายกองค์การบริหารส่วนตำบลหนองบัว")
    page.get_by_label("สำเนาประกาศที่ลงนาม (PDF)").set_input_files(str(scan))
    save_screenshot(page, "offline-announcement")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="บันทึกประกาศนอกระบบ").click()
    expect(page.get_by_text("บันทึกการประกาศนอกระบบแล้ว")).to_be_visible()
    expect(page.get_by_test_id("offline-record")).to_contain_text("15 ตุลาคม 2569")
    save_screenshot(page, "offline-announcement-recorded")
    draft.refresh_from_db()
    assert (draft.status, draft.announced_on) == ("announced", date(2026, 10, 15))


def test_the_planner_carries_unfinished_projects_on_a_phone(phone, live_server):
    s = results_setup()
    round_ = rounds.open_round(s.organization, 2569, "annual", due_on=date(2026, 10, 31),
                               by=s.planner)  # fmt: skip
    for project, status, disbursed in ((s.road, "in_progress", "100000.50"),
                                       (s.drain, "not_started", "0"), (s.sport, "done", "48000")):  # fmt: skip
        rounds.save_result(round_, project, Entry(status, Decimal(disbursed)), by=s.planner)
    rounds.close_round(round_, by=s.planner)
    sign_in(phone, live_server, s.planner.username, "pass-word-123")
    phone.goto(f"{live_server.url}/rounds/{round_.pk}/carry-over/")
    expect(phone.get_by_test_id("candidate")).to_have_count(2)
    save_screenshot(phone, "carry-over-phone")
    phone.get_by_label("รางระบายน้ำ หมู่ที่ 2").uncheck()
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="ยกโครงการที่เลือกไป").click()
    expect(phone.get_by_test_id("carried-from")).to_have_text("ยกมาจากแผนปี 2569")
    save_screenshot(phone, "carry-over-done-phone")
    plan = Plan.objects.get(organization=s.organization, fiscal_year=2570)
    assert [(p.name, p.budget) for p in plan.projects.all()] == [
        ("ถนนคอนกรีต หมู่ที่ 1", Decimal("149999.50"))
    ]
