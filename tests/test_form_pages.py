"""Every form page has the same breadcrumb, starting at หน้าหลัก, and a ยกเลิก link back to
the page above it in that breadcrumb (issue #15 §5). The planner sees each page with its
form."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from approvals.models import CommitteeKind
from tests.factories import committee_of, make_budget_event, make_project, make_strategy

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The breadcrumb's links (href, text), its current item, and the hrefs of ยกเลิก links."""

    def __init__(self):
        super().__init__()
        self.crumbs, self.current, self.cancels = [], None, []
        self._in_breadcrumb = self._in_current = False
        self._anchor = None  # [href, text] of the <a> being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "breadcrumb":
            self._in_breadcrumb = True
        elif tag == "li" and self._in_breadcrumb and attrs.get("aria-current") == "page":
            self._in_current, self.current = True, ""
        elif tag == "a":
            self._anchor = [attrs.get("href"), ""]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_breadcrumb = False
        elif tag == "li":
            self._in_current = False
        elif tag == "a" and self._anchor is not None:
            href, text = self._anchor[0], self._anchor[1].strip()
            if self._in_breadcrumb:
                self.crumbs.append((href, text))
            elif text == "ยกเลิก":
                self.cancels.append(href)
            self._anchor = None

    def handle_data(self, data):
        if self._anchor is not None:
            self._anchor[1] += data
        if self._in_current:
            self.current += data.strip()


def _pages(organization, plan):
    department = organization.departments.get(name="กองช่าง")
    committee = committee_of(organization, CommitteeKind.DEVELOPMENT)
    strategy = make_strategy(organization)
    project = make_project(plan, strategy=strategy)
    event = make_budget_event(organization)
    dashboard = reverse("projects:dashboard")
    settings = reverse("accounts:organization")
    committees = reverse("approvals:committees")
    strategies = reverse("projects:strategies")
    plan_page = reverse("projects:plan", args=[plan.pk])
    events = reverse("budget:events")
    # page → (the page above it, the current crumb)
    return {
        settings: (dashboard, "ตั้งค่า อปท."),
        reverse("accounts:department_create"): (settings, "เพิ่มหน่วยงาน"),
        reverse("accounts:department_edit", args=[department.pk]): (settings, "กองช่าง"),
        committees: (dashboard, "คณะกรรมการ"),
        reverse("approvals:member_add", args=[committee.pk]): (committees, committee.name),
        reverse("projects:plan_create"): (dashboard, "สร้างแผนใหม่"),
        reverse("projects:strategy_create"): (strategies, "เพิ่มยุทธศาสตร์"),
        reverse("projects:strategy_edit", args=[strategy.pk]): (strategies, "แก้ไขยุทธศาสตร์"),
        reverse("projects:project_create", args=[plan.pk]): (plan_page, None),
        reverse("projects:project_edit", args=[project.pk]): (plan_page, None),
        reverse("projects:plan_events", args=[plan.pk]): (plan_page, "เหตุการณ์งบประมาณของแผน"),
        reverse("budget:event_create"): (events, "บันทึกใหม่"),
        reverse("budget:event_edit", args=[event.pk]): (events, "แก้ไข"),
    }


def test_every_form_page_has_the_breadcrumb_and_a_cancel_link_back(
    client_for, planner, organization, plan
):
    client = client_for(planner)
    dashboard = reverse("projects:dashboard")
    for url, (above, current) in _pages(organization, plan).items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = _Page()
        page.feed(response.content.decode())
        assert page.crumbs[0] == (dashboard, "หน้าหลัก"), url
        assert page.crumbs[-1][0] == above, url  # the crumb just above this page
        if current is not None:
            assert page.current == current, url
        else:
            assert page.current, url
        assert page.cancels, f"{url} has no ยกเลิก"
        assert set(page.cancels) == {above}, url


def test_the_committees_page_offers_no_form_and_no_cancel_to_a_reader(
    client_for, executive, organization
):
    committee_of(organization, CommitteeKind.DEVELOPMENT)
    response = client_for(executive).get(reverse("approvals:committees"))
    page = _Page()
    page.feed(response.content.decode())
    assert page.crumbs == [(reverse("projects:dashboard"), "หน้าหลัก")]
    assert page.current == "คณะกรรมการ"
    assert page.cancels == []
    assert "เพิ่มคณะกรรมการ" not in response.content.decode()
