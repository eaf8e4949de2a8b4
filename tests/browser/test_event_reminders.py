"""Journey: the planner records a supplementary budget; the dashboard shows its 30-day
deadline at once, on a phone and on a desk, and its button opens the next step with the
event ticked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organization
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import seed_demo
from thai.format import fiscal_year_of, format_date_full, format_date_input

pytestmark = pytest.mark.django_db(transaction=True)
TITLE = "ข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม ฉบับที่ 1"


@pytest.fixture
def demo(db):
    seed_demo()
    return Organization.objects.get(slug="demo")


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_recorded_event_shows_its_deadline_on_the_dashboard(phone, page, live_server, demo):
    today = timezone.localdate()
    announced = today - timedelta(days=2)
    sign_in(phone, live_server, "planner", "demo1234")
    phone.goto(f"{live_server.url}/budget/events/new/")
    phone.locator("[name=fiscal_year]").fill(str(fiscal_year_of(today)))
    phone.locator("[name=kind]").select_option(label="ข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายเพิ่มเติม")
    phone.locator("[name=title]").fill(TITLE)
    phone.locator("[name=announced_on]").fill(format_date_input(announced))
    phone.locator("[name=total]").fill("1,000,000")
    phone.get_by_role("button", name="บันทึก").click()
    expect(phone.get_by_text(f"บันทึก “{TITLE}” แล้ว")).to_be_visible()

    phone.goto(f"{live_server.url}/")
    reminder = phone.get_by_test_id("event-reminder")
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text(TITLE)
    deadline = format_date_full(announced + timedelta(days=30))
    expect(reminder.get_by_test_id("event-deadline")).to_have_text(
        re.compile(rf"ต้องประกาศแผนภายใน\s+{deadline}\s+\(เหลือ 28 วัน\)")
    )
    reminder.scroll_into_view_if_needed()
    save_screenshot(phone, "dashboard-event-reminder-phone")
    assert _fits(phone)

    sign_in(page, live_server, "planner", "demo1234")
    expect(page.get_by_test_id("event-reminder")).to_have_count(1)
    save_screenshot(page, "dashboard-event-reminder-desktop")

    step = reminder.get_by_role("link")
    step.click()
    expect(phone.get_by_role("checkbox", name=re.compile(TITLE))).to_be_checked()
