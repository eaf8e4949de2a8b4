"""The guide page in Chromium: within the Content-Security-Policy, readable on a phone,
and its example CSV downloads with the BOM Excel needs."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from tests.browser.conftest import save_screenshot
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


# (The page fixtures fail the test on any Content-Security-Policy violation.)
def test_a_journalist_reads_the_guide_and_downloads_the_example_csv(page, phone, live_server):
    seed_demo()
    demo = Organization.objects.get(slug="demo")
    for view in (page, phone):
        view.goto(f"{live_server.url}/api/v1/")
        expect(
            view.get_by_role("heading", name="ข้อมูลเปิด: แผนการดำเนินงานที่ประกาศใช้แล้ว (API รุ่นที่ 1)")
        ).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    save_screenshot(page, "api-guide-desktop")
    save_screenshot(phone, "api-guide-phone")

    with page.expect_download() as info:
        page.get_by_role("link", name="ดาวน์โหลดตัวอย่าง CSV").click()
    download = info.value
    latest = demo.plans.filter(status__in=["announced", "posted"]).order_by("-pk").first()
    assert download.suggested_filename.startswith(f"projects-demo-{latest.fiscal_year}")
    with open(download.path(), "rb") as handle:
        assert handle.read().startswith("\ufeffลำดับ,".encode())

    page.get_by_role("link", name="เปิดดู").first.click()
    assert '"slug":"demo"' in page.content()
