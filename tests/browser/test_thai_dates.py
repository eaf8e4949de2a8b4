"""Journey: a date box shows and takes day-first Buddhist-era dates, with a Thai calendar."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from budget.models import BudgetEvent
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    seed_demo()
    return Organization.objects.get(slug="demo")


def test_the_planner_picks_a_date_from_a_thai_calendar_and_sees_it_in_buddhist_years(
    phone, live_server, demo
):
    event = BudgetEvent.objects.filter(organization=demo).first()
    sign_in(phone, live_server, "planner", "demo1234")
    phone.goto(f"{live_server.url}/budget/events/{event.pk}/")
    box = phone.get_by_label("วันที่ประกาศหรือได้รับแจ้ง")
    be = event.announced_on.year + 543
    expect(box).to_have_value(f"{event.announced_on:%d/%m}/{be}")

    phone.locator(".thai-date", has=box).get_by_role("button", name="ปฏิทิน").click()
    calendar = phone.get_by_role("dialog", name="ปฏิทิน")
    expect(calendar.get_by_label("ปี พ.ศ.")).to_have_value(str(event.announced_on.year))
    expect(calendar.get_by_label("ปี พ.ศ.").locator("option:checked")).to_have_text(f"พ.ศ. {be}")
    calendar.get_by_label("เดือน", exact=True).select_option(label="พฤศจิกายน")
    save_screenshot(phone, "thai-date-calendar-phone")
    calendar.get_by_role("button", name=f"26 พฤศจิกายน {be}").click()
    expect(box).to_have_value(f"26/11/{be}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    box.fill("๒ ธ.ค. 2568")
    phone.get_by_role("button", name="บันทึก").click()
    expect(phone.get_by_role("heading", name="เหตุการณ์งบประมาณ")).to_be_visible()
    event.refresh_from_db()
    assert (event.announced_on.year, event.announced_on.month, event.announced_on.day) == (
        2025,
        12,
        2,
    )
