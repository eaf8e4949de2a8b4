"""Journey: the planning officer opens the official forms and downloads the PDF and Excel."""

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from tests.browser.conftest import save_screenshot
from tests.browser.test_sign_in import sign_in
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    seed_demo()
    return Organization.objects.get(slug="demo")


def test_the_planner_reads_the_forms_and_downloads_them(page, live_server, demo):
    plan = demo.plans.get(status="draft")
    sign_in(page, live_server, "planner", "demo1234")
    page.get_by_role("link", name=plan.title).click()
    page.get_by_role("link", name="แบบ ผด.01 / ผด.02 / ผด.02/1").click()
    expect(page.get_by_text("บัญชีสรุปจำนวนโครงการและงบประมาณ")).to_be_visible()
    expect(page.get_by_role("cell", name="รวมทั้งสิ้น")).to_be_visible()
    save_screenshot(page, "form-pd01")

    page.get_by_role("link", name="ผด.02", exact=True).click()
    expect(page.get_by_text("บัญชีโครงการ/กิจกรรม/งบประมาณ")).to_be_visible()
    expect(page.get_by_role("columnheader", name="ต.ค.")).to_be_visible()
    save_screenshot(page, "form-pd02")

    with page.expect_download() as pdf:
        page.get_by_role("link", name="ดาวน์โหลด PDF").click()
    assert pdf.value.suggested_filename == f"pd02-demo-{plan.fiscal_year}.pdf"
    with open(pdf.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_role("link", name="ผด.02/1").click()
    expect(page.get_by_text("บัญชีจำนวนครุภัณฑ์สำหรับที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่น")).to_be_visible()
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="ดาวน์โหลด Excel").click()
    assert xlsx.value.suggested_filename == f"pd02_1-demo-{plan.fiscal_year}.xlsx"
