"""Issue 15.7: citizens read an announced edition's projects without a PDF: search,
filters, a page per project, no login, never a draft, the rows as announced."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals import workflow
from projects.models import Project
from public.listing import villages
from tests.factories import endorse, make_plan, make_project, make_strategy

pytestmark = pytest.mark.django_db


def announce_with(plan, planner, executive, rows):
    strategy = make_strategy(plan.organization)
    for name, location, budget in rows:
        make_project(plan, strategy=strategy, name=name, location=location, budget=Decimal(budget))
    endorse(plan, by=planner)
    workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                     announced_by="นายสมศักดิ์ นำชุมชน นายก อบต.")  # fmt: skip
    plan.refresh_from_db()
    return plan


@pytest.fixture
def announced(plan, planner, executive):
    return announce_with(plan, planner, executive, [
        ("ก่อสร้างถนนคอนกรีต", "หมู่ที่ 3", "250000"),
        ("ขยายเขตประปา หมู่ที่ ๕", "", "120000"),
        ("แข่งขันกีฬาตำบล", "สนามกีฬา อบต.", "50000"),
    ])  # fmt: skip


def edition_url(plan, **query):
    from urllib.parse import urlencode

    url = reverse("public:edition", args=[plan.organization.slug, plan.pk])
    return url + ("?" + urlencode(query) if query else "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("หมู่ที่ 3", {3}),
        ("หมู่ 6 บ้านโนน", {6}),
        ("ม.12", {12}),
        ("หมู่ที่ ๑, ๕ และ ๗", {1, 5, 7}),
        ("หมู่ที่ 2-4", {2, 3, 4}),
        ("หมู่บ้านที่ 8", {8}),
        ("ทุกหมู่บ้านในตำบล", set()),
        ("ถนนกว้าง 4 เมตร", set()),
    ],
)
def test_villages_are_read_from_the_location_and_the_name(text, expected):
    assert villages(text) == expected


def test_anyone_reads_an_announced_editions_projects(client, announced):
    html = client.get(edition_url(announced)).content.decode()
    assert "ทั้งหมด 3 โครงการ" in html
    for name in ("ก่อสร้างถนนคอนกรีต", "ขยายเขตประปา หมู่ที่ ๕", "แข่งขันกีฬาตำบล"):
        assert name in html
    assert '<option value="3">หมู่ที่ 3</option>' in html
    assert '<option value="5">หมู่ที่ 5</option>' in html
    assert "certutil -hashfile" in html and "sha256sum" in html


def test_filters_and_search_narrow_the_list(client, announced):
    html = client.get(edition_url(announced, village=5)).content.decode()
    assert "พบ 1 โครงการ รวม <span" in html and "ขยายเขตประปา" in html
    assert "ก่อสร้างถนนคอนกรีต" not in html
    html = client.get(edition_url(announced, q="กีฬา")).content.decode()
    assert "แข่งขันกีฬาตำบล" in html and "ขยายเขตประปา" not in html
    html = client.get(edition_url(announced, village="x", department="ไม่มี")).content.decode()
    assert "ทั้งหมด 3 โครงการ" in html  # unknown choices are ignored, never a 500


def test_each_project_has_its_own_page(client, announced):
    html = client.get(edition_url(announced)).content.decode()
    url = reverse("public:project", args=[announced.organization.slug, announced.pk, 1])
    assert f'href="{url}"' in html
    page = client.get(url).content.decode()
    assert '<h1 class="h4">ก่อสร้างถนนคอนกรีต</h1>' in page
    assert "250,000.00 บาท" in page and "สองแสนห้าหมื่นบาทถ้วน" in page
    missing = reverse("public:project", args=[announced.organization.slug, announced.pk, 4])
    assert client.get(missing).status_code == 404


def test_a_draft_is_never_shown(client, plan, other_plan):
    make_project(plan, name="ร่างที่ยังไม่ประกาศ")
    assert client.get(edition_url(plan)).status_code == 404
    url = reverse("public:project", args=[plan.organization.slug, plan.pk, 1])
    assert client.get(url).status_code == 404


def test_another_organizations_slug_does_not_open_the_edition(client, announced, other_plan):
    url = reverse("public:edition", args=[other_plan.organization.slug, announced.pk])
    assert client.get(url).status_code == 404


def test_the_rows_are_the_announced_ones(client, announced):
    Project.objects.filter(plan=announced).update(name="แก้ในฐานข้อมูลหลังประกาศ")
    html = client.get(edition_url(announced)).content.decode()
    assert "ก่อสร้างถนนคอนกรีต" in html and "แก้ในฐานข้อมูลหลังประกาศ" not in html


@pytest.mark.parametrize("count", [3, 60])
def test_the_queries_do_not_grow_with_the_rows(
    client, organization, planner, executive, count, django_assert_num_queries
):
    plan = make_plan(organization, fiscal_year=2571)
    announce_with(plan, planner, executive,
                  [(f"โครงการ {i} หมู่ที่ {i % 9 + 1}", "", "1000") for i in range(count)])  # fmt: skip
    client.get(edition_url(plan))  # a first visit may capture what is missing
    with django_assert_num_queries(2):
        client.get(edition_url(plan, village=2))
    with django_assert_num_queries(3):  # and the fiscal year's announced results rounds
        client.get(reverse("public:project", args=[organization.slug, plan.pk, 2]))
