"""Journey: a citizen opens the public page on a phone and downloads the plan book."""

import hashlib

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from public.models import PublishedFile
from tests.browser.conftest import save_screenshot
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_citizen_downloads_the_book_on_a_phone(phone, live_server):
    seed_demo()
    demo = Organization.objects.get(slug="demo")
    posted = demo.plans.get(status="posted", kind="original")
    draft = demo.plans.get(status="draft")

    phone.goto(f"{live_server.url}/p/demo/")
    expect(phone).to_have_title("แผนการดำเนินงาน องค์การบริหารส่วนตำบลตัวอย่าง · OpPlan")
    expect(phone.get_by_role("heading", name=posted.title, exact=True)).to_be_visible()
    expect(phone.get_by_text(draft.title)).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    save_screenshot(phone, "public-page-phone")

    edition = phone.get_by_test_id("edition").filter(
        has=phone.get_by_role("heading", name=posted.title, exact=True)
    )
    with phone.expect_download() as download_info:
        edition.get_by_role("link", name="รูปเล่มแผนการดำเนินงาน (PDF)").first.click()
    download = download_info.value
    record = PublishedFile.objects.get(plan=posted, document="book")
    assert download.suggested_filename == record.name == f"book-demo-{posted.fiscal_year}.pdf"
    with open(download.path(), "rb") as handle:
        body = handle.read()
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == record.sha256
    edition.get_by_text("ค่า SHA-256 สำหรับตรวจสอบไฟล์").click()
    expect(edition.get_by_text(record.sha256)).to_be_visible()
    save_screenshot(phone, "public-page-phone-details")
