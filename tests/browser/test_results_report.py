"""The results report as people see it: the planner's page on a PC and a phone, and the
public round page once announced (pictures in var/test-artifacts/ for a person to look at).
The page fixtures fail the test on any Content-Security-Policy violation (the charts are
SVG attributes, never style attributes)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from results import rounds
from tests.browser.conftest import save_screenshot
from tests.reports.results_data import results_plan

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/")
    page.get_by_label("ชื่อผู้ใช้").fill(user.username)
    page.get_by_label("รหัสผ่าน").fill("pass-word-123")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_the_planner_reads_the_draft_report_with_its_charts(page, phone, live_server):
    s = results_plan(25)
    url = f"{live_server.url}/rounds/{s.round.pk}/reports/results/"
    for view, name in ((page, "results-report-desktop"), (phone, "results-report-phone")):
        sign_in(view, live_server, s.planner)
        view.goto(url)
        assert view.get_by_test_id("draft-badge").is_visible()
        assert view.locator("svg[role=img]").count() == 2
        assert view.locator("svg[role=img]").first.bounding_box()["width"] > 300
        save_screenshot(view, name)


def test_the_announced_round_is_on_the_public_page(page, live_server):
    s = results_plan(6)
    closed = rounds.close_round(s.round, by=s.planner)
    rounds.announce_round(closed, by=s.executive, announced_on=date(2026, 4, 20), signer="นายก")
    page.goto(f"{live_server.url}/p/{s.organization.slug}/")
    page.get_by_role("link", name="ผลการดำเนินงานรายโครงการ").click()
    expect(page.get_by_role("cell", name=s.specs[0].name, exact=True)).to_be_visible()
    save_screenshot(page, "results-public-round")
