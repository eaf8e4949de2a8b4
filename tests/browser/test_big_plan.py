"""Journeys on a plan of many pages (ADR 0021): the planner pages through it and
duplicates a row on page 2; a committee member on a phone comments on a row of the last
page and lands back on it. Pages hold 10 rows here (200 in use) so that the pictures
in var/test-artifacts/ stay readable; the headings, counts and totals are the same."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from budget.models import BudgetSource, Program
from projects import views
from projects.models import Project
from tests.browser.conftest import save_screenshot
from tests.browser.test_projects import open_plan
from tests.factories import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 60  # the demo's 24 and 36 more in one แผนงาน, so that it runs over pages


@pytest.fixture
def big_plan(db, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 10)
    seed_demo()
    organization = Organization.objects.get(slug="demo")
    plan = organization.plans.get(status="draft")
    department = organization.departments.get(name="กองช่าง")
    Project.objects.bulk_create(
        Project(
            plan=plan,
            strategy=organization.strategies.get(number=1),
            program=Program.objects.get(code="industry_and_public_works"),
            name=f"โครงการซ่อมแซมถนนลูกรัง สายที่ {i}",
            details="ลงหินคลุกบดอัดแน่น ผิวจราจรกว้าง 4 เมตร",
            budget=Decimal(10_000 * i),
            budget_source=BudgetSource.objects.get(organization=None, kind="annual"),
            location=f"หมู่ที่ {i % 12 + 1}",
            department=department,
            months=0b111 << (i % 10),
            order=100 + i,
        )
        for i in range(1, ROWS - plan.projects.count() + 1)
    )
    return plan


def test_the_planner_pages_through_a_big_plan_and_duplicates_a_row(page, live_server, big_plan):
    open_plan(page, live_server, "planner", big_plan)
    expect(page.get_by_test_id("total-count")).to_have_text(str(ROWS))
    expect(page.locator(".project-row")).to_have_count(10)
    expect(page.get_by_text("หน้า 1 จาก 6 · โครงการที่ 1–10 จาก 60").first).to_be_visible()

    page.get_by_role("link", name="หน้า 2").first.click()
    expect(page.get_by_text("หน้า 2 จาก 6 · โครงการที่ 11–20 จาก 60").first).to_be_visible()
    # The ยุทธศาสตร์ and แผนงาน that run on from page 1 keep their headings, with the
    # count of all their rows, and the numbering goes on.
    strategy = page.get_by_role("region", name="1. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน")
    expect(strategy.locator("h2 + span")).to_have_text("41 โครงการ · 10,340,000.00 บาท")
    roads = page.get_by_role("heading", name="1.2 แผนงานอุตสาหกรรมและการโยธา", exact=True)
    expect(roads.locator("xpath=..")).to_contain_text("ต่อจากหน้าก่อน · 39 โครงการ")
    first_row = roads.locator("xpath=../following-sibling::ol[1]")
    expect(first_row).to_have_attribute("start", "9")
    page.get_by_text("ยุทธศาสตร์และแผนงานทั้งหมด").click()
    expect(page.get_by_test_id("plan-outline")).to_contain_text("1.2 แผนงานอุตสาหกรรมและการโยธา")
    save_screenshot(page, "plan-big-desktop")

    row = page.locator(".project-row").first
    name = row.locator("strong").first.inner_text()
    row.get_by_role("button", name=f"ทำสำเนา {name}").click()
    expect(page.get_by_role("heading", name="แก้ไขโครงการ")).to_be_visible()
    expect(page.get_by_text(f"ทำสำเนาเป็น “{name} (สำเนา)” แล้ว")).to_be_visible()
    page.get_by_role("button", name="บันทึก", exact=True).click()

    # Back on the page that holds the copy, scrolled to it.
    expect(page).to_have_url(re.compile(rf"/plans/{big_plan.pk}/\?project=(\d+)#project-\1$"))
    copy = page.locator(".project-row:target")
    expect(copy).to_contain_text(f"{name} (สำเนา)")
    expect(page.get_by_test_id("total-count")).to_have_text(str(ROWS + 1))


def test_a_committee_member_comments_on_a_row_of_the_last_page_from_a_phone(
    phone, live_server, big_plan
):
    open_plan(phone, live_server, "committee", big_plan)
    phone.get_by_role("link", name="หน้า 6").first.click()
    expect(phone.get_by_text("หน้า 6 จาก 6").first).to_be_visible()
    row = phone.locator(".project-row").filter(has_text="จัดซื้อเครื่องสูบน้ำแบบหอยโข่ง")
    row.get_by_text("ความเห็น (0)").click()
    row.get_by_label("ความเห็นต่อ จัดซื้อเครื่องสูบน้ำแบบหอยโข่ง").fill("ควรระบุขนาดท่อส่งน้ำ")
    row.get_by_role("button", name="ส่งความเห็น").click()

    expect(phone.get_by_text("บันทึกความเห็นแล้ว")).to_be_visible()
    expect(phone.get_by_text("หน้า 6 จาก 6").first).to_be_visible()
    row = phone.locator(".project-row:target")
    expect(row).to_contain_text("จัดซื้อเครื่องสูบน้ำแบบหอยโข่ง")
    expect(row.get_by_text("ความเห็น (1)")).to_be_visible()
    expect(row.get_by_text("ควรระบุขนาดท่อส่งน้ำ")).to_be_visible()
    # Another row's form: the one form, copied there when opened.
    other = phone.locator(".project-row").first
    other.get_by_text("ความเห็น (0)").click()
    expect(other.get_by_role("button", name="ส่งความเห็น")).to_be_visible()
    save_screenshot(phone, "plan-big-phone-comment")
