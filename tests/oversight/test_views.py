"""The district and province pages: what each persona reaches, the XLSX downloads, and
the same number of queries per page for 20 and 200 organisations."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Organization, Supervision
from results.models import Round
from tests.factories import make_organization

pytestmark = pytest.mark.django_db
PAGES = ["oversight:status", "oversight:totals", "oversight:results"]
DOWNLOADS = ["oversight:status_xlsx", "oversight:totals_xlsx", "oversight:results_xlsx"]


@pytest.mark.parametrize("name", PAGES + DOWNLOADS)
def test_planners_and_committee_members_are_refused(client_for, area, name):
    response = client_for(area.planner).get(reverse(name))
    assert response.status_code == 403


def test_a_district_supervisor_starts_at_their_district(client_for, area):
    client = client_for(area.district)
    response = client.get(reverse("projects:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:status")
    page = client.get(reverse("oversight:status") + "?year=2570").content.decode()
    assert "อำเภอเมืองพะเยา จังหวัดพะเยา" in page
    assert "องค์การบริหารส่วนตำบลบ้านต๋อม" in page
    assert "องค์การบริหารส่วนตำบลดอกคำใต้" not in page  # another district
    assert "องค์การบริหารส่วนตำบลริมกก" not in page  # the same district name, another province
    assert "โครงการในร่าง ห้ามเห็น" not in page


def test_the_totals_page_never_shows_a_drafts_rows_or_money(client_for, area):
    page = client_for(area.district).get(reverse("oversight:totals") + "?year=2570")
    text = page.content.decode()
    assert "350,000.00" in text
    assert "999,999.00" not in text and "โครงการในร่าง" not in text


def test_another_supervisors_area_is_not_found(client_for, area):
    other = area.province.supervisions.get()
    response = client_for(area.district).get(reverse("oversight:status") + f"?area={other.pk}")
    assert response.status_code == 404


def test_the_status_filter_shows_only_the_late(client_for, area):
    response = client_for(area.district).get(
        reverse("oversight:status") + "?year=2570&standing=late"
    )
    assert response.content.decode().count('data-testid="status-row"') == 1
    assert "องค์การบริหารส่วนตำบลบ้านต๋อม" in response.content.decode()


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def test_the_totals_workbook_keeps_numbers_as_numbers(client_for, area):
    ws = _sheet(client_for(area.district).get(reverse("oversight:totals_xlsx") + "?year=2570"))
    rows = {row[0]: row[1:] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["แผนงานเคหะและชุมชน"] == (2, 2, 300000, 85.71)
    assert rows["รวมทั้งสิ้น"] == (2, 3, 350000, 100)


def test_the_status_workbook_lists_days_late_as_numbers(client_for, area):
    ws = _sheet(client_for(area.province).get(reverse("oversight:status_xlsx") + "?year=2570"))
    rows = {row[0]: row for row in ws.iter_rows(min_row=3, values_only=True)}
    late = rows["องค์การบริหารส่วนตำบลบ้านต๋อม"]
    assert late[5:7] == ("ประกาศช้ากว่ากำหนด", 5)
    assert late[4] == "20 ต.ค. 69"


def test_the_results_workbook_has_a_row_per_organisation_and_a_total(client_for, area):
    ws = _sheet(client_for(area.district).get(reverse("oversight:results_xlsx") + "?year=2570"))
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [
        "เทศบาลตำบลแม่กา", "องค์การบริหารส่วนตำบลบ้านต๋อม", "องค์การบริหารส่วนตำบลแม่ใส", "รวม",
    ]  # fmt: skip
    assert rows[-1][4:6] == (3, 0)


def _grow(count):
    for number in range(count):
        make_organization(f"องค์การบริหารส่วนตำบลทดสอบ{number}", amphoe="เมืองพะเยา")


@pytest.mark.parametrize(
    ("name", "queries"),
    [("oversight:status", 10), ("oversight:totals", 7), ("oversight:results", 9),
     ("oversight:status_xlsx", 10), ("oversight:totals_xlsx", 7), ("oversight:results_xlsx", 9)],
)  # fmt: skip
def test_each_page_runs_the_same_queries_for_20_and_200_organisations(
    client_for, area, django_assert_num_queries, name, queries
):
    Round.objects.create(organization=area.on_time, fiscal_year=2570, kind="six_month",
                         due_on=date(2027, 4, 30))  # fmt: skip
    client = client_for(area.district)
    url = reverse(name) + "?year=2570"
    _grow(17)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(180)
    assert Organization.objects.filter(province="พะเยา", amphoe="เมืองพะเยา").count() == 200
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def _supervision_queries(queries) -> int:
    """Queries reading the supervisions themselves (not the memberships' EXISTS)."""
    return sum('FROM "accounts_supervision" WHERE' in q["sql"] for q in queries)


class TestTheNavbar:
    """A supervisor who is also a member of an organisation (a ท้องถิ่นอำเภอ who keeps a
    role in their own อปท.) reaches the area pages from every page's navbar."""

    @staticmethod
    def links(client, url):
        html = client.get(url).content.decode()
        nav = html[html.index('<nav class="navbar') : html.index("</nav>")]
        return {
            "area": f'href="{reverse("oversight:status")}"' in nav,
            "organizations": f'href="{reverse("oversight:organizations")}"' in nav,
            "settings": f'href="{reverse("accounts:organization")}"' in nav,
        }

    def test_a_member_who_oversees_a_district_gets_the_area_link(self, client_for, area):
        Supervision.objects.create(user=area.planner, province="พะเยา", amphoe="เมืองพะเยา")
        client = client_for(area.planner)
        for url in (reverse("projects:dashboard"), reverse("approvals:inbox")):
            assert self.links(client, url) == {
                "area": True, "organizations": False, "settings": True,
            }, url  # fmt: skip
        page = client.get(reverse("oversight:status") + "?year=2570")
        assert page.status_code == 200
        assert "องค์การบริหารส่วนตำบลบ้านต๋อม" in page.content.decode()

    def test_a_member_who_administers_a_province_finds_the_organisations_in_the_area_tabs(
        self, client_for, area
    ):
        Supervision.objects.create(
            user=area.planner, province="พะเยา", can_manage_organizations=True
        )
        client = client_for(area.planner)
        links = self.links(client, reverse("projects:dashboard"))
        assert links == {"area": True, "organizations": False, "settings": True}
        page = client.get(reverse("oversight:status")).content.decode()
        tabs = page[page.index('<ul class="nav nav-tabs') :]
        assert f'href="{reverse("oversight:organizations")}"' in tabs

    def test_a_member_who_oversees_nothing_gets_neither_and_no_query_for_it(
        self, client_for, area, django_assert_max_num_queries
    ):
        client = client_for(area.planner)
        assert self.links(client, reverse("projects:dashboard")) == {
            "area": False, "organizations": False, "settings": True,
        }  # fmt: skip
        with django_assert_max_num_queries(50) as page:
            client.get(reverse("projects:dashboard"))
        assert _supervision_queries(page.captured_queries) == 0
        Supervision.objects.create(user=area.planner, province="พะเยา")
        with django_assert_max_num_queries(50) as page:
            client.get(reverse("projects:dashboard"))
        assert _supervision_queries(page.captured_queries) == 1

    def test_supervisors_without_an_organisation_keep_their_links(self, client_for, area):
        links = self.links(client_for(area.admin), reverse("oversight:status"))
        assert links == {"area": True, "organizations": True, "settings": False}


@pytest.fixture
def on_10_november_2569(monkeypatch):
    from django.utils import timezone

    from tests.oversight.conftest import TODAY

    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def test_a_past_years_missing_plan_shows_as_late_on_the_page(client_for, area, on_10_november_2569):
    html = (
        client_for(area.province).get(reverse("oversight:status") + "?year=2569").content.decode()
    )
    assert "ยังไม่ประกาศ (ยังไม่เลยกำหนด)</a>" not in html
    assert 'data-testid="count-overdue">เลยกำหนดแล้วยังไม่ประกาศ 4</a>' in html
    assert html.count("เลยกำหนดแล้วยังไม่ประกาศ 375 วัน") == 4
    assert html.count('data-testid="presumed">(ประมาณ*)') == 4
    assert 'data-testid="presumed-note">* ปีงบประมาณสิ้นสุดแล้ว' in html


def test_a_past_years_missing_plan_shows_as_late_in_the_workbook(
    client_for, area, on_10_november_2569
):
    response = client_for(area.province).get(reverse("oversight:status_xlsx") + "?year=2569")
    rows = list(_sheet(response).iter_rows(min_row=3, values_only=True))
    pending = next(row for row in rows if row[0] == "องค์การบริหารส่วนตำบลดอกคำใต้")
    assert pending[3] == "31 ต.ค. 68 (ประมาณ*)"
    assert pending[5:7] == ("เลยกำหนดแล้วยังไม่ประกาศ", 375)
    assert rows[-1][0].startswith("* ปีงบประมาณสิ้นสุดแล้วแต่ไม่ได้บันทึกวันประกาศข้อบัญญัติ")
