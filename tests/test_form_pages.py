"""Every form page has the same breadcrumb, starting at หน้าหลัก, and a ยกเลิก link back to
the page above it in that breadcrumb (issue #15 §5). The planner sees each page with its
form."""

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import meetings, workflow
from approvals.models import CommitteeKind
from reports.models import Render
from results import rounds
from results.models import ResultStatus
from results.rounds import Entry
from tests.factories import (
    announce,
    committee_of,
    make_budget_event,
    make_plan,
    make_posting_record,
    make_project,
    make_strategy,
    results_setup,
)
from tests.oversight.conftest import supervisor
from tests.results.test_imports import HEADER, workbook_bytes

pytestmark = pytest.mark.django_db
BACK = "ยกเลิก"
CHECKS_BACK = "กลับไปแก้ไข"  # the checks page's way back (issue #15 §6 names it so)


class _Page(HTMLParser):
    """The breadcrumb's links (href, text), its current item, the hrefs of the links
    back out of the page (ยกเลิก, or the checks page's กลับไปแก้ไข) by their text, and of
    those the ones outside any form (below it, not beside its buttons)."""

    def __init__(self):
        super().__init__()
        self.crumbs, self.current, self.backs, self.outside = [], None, {}, []
        self._in_breadcrumb = self._in_current = False
        self._forms = 0  # forms open around the element being read
        self._anchor = None  # [href, text] of the <a> being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "breadcrumb":
            self._in_breadcrumb = True
        elif tag == "li" and self._in_breadcrumb and attrs.get("aria-current") == "page":
            self._in_current, self.current = True, ""
        elif tag == "a":
            self._anchor = [attrs.get("href"), ""]
        elif tag == "form":
            self._forms += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self._forms -= 1
        elif tag == "nav":
            self._in_breadcrumb = False
        elif tag == "li":
            self._in_current = False
        elif tag == "a" and self._anchor is not None:
            href, text = self._anchor[0], self._anchor[1].strip()
            if self._in_breadcrumb:
                self.crumbs.append((href, text))
            elif text in (BACK, CHECKS_BACK):
                self.backs.setdefault(text, []).append(href)
                if not self._forms:
                    self.outside.append(text)
            self._anchor = None

    def handle_data(self, data):
        if self._anchor is not None:
            self._anchor[1] += data
        if self._in_current:
            self.current += data.strip()


def _read(response):
    assert response.status_code == 200, response.request["PATH_INFO"]
    page = _Page()
    page.feed(response.content.decode())
    return page


def _check(response, above, current, back=BACK):
    """The page's breadcrumb starts at หน้าหลัก and ends, before the page's own item, with
    `above`; its way back (`back`: ยกเลิก, or None for a page that is not a form one
    abandons) goes to `above` and nowhere else. Returns the problems found."""
    url = response.request["PATH_INFO"] + (
        "?" + response.request["QUERY_STRING"] if response.request.get("QUERY_STRING") else ""
    )
    page = _read(response)
    problems = []
    if not page.crumbs or page.crumbs[0] != (reverse("projects:dashboard"), "หน้าหลัก"):
        problems.append(f"{url}: the breadcrumb does not start at หน้าหลัก ({page.crumbs})")
    elif page.crumbs[-1][0] != above:
        problems.append(f"{url}: the crumb above the page is {page.crumbs[-1]}, not {above}")
    if not page.current or (current is not None and page.current != current):
        problems.append(f"{url}: the current crumb is {page.current!r}, not {current!r}")
    backs = page.backs.get(back or BACK, [])
    if back is None and backs:
        problems.append(f"{url}: a page one does not abandon has ยกเลิก ({backs})")
    if back is not None and set(backs) != {above}:
        problems.append(f"{url}: {back} goes to {backs or 'nowhere'}, not to {above}")
    if back == BACK and BACK in page.outside:
        problems.append(f"{url}: ยกเลิก is outside the form, not beside its buttons")
    return problems


def _pages(organization, plan):
    department = organization.departments.get(name="กองช่าง")
    committee = committee_of(organization, CommitteeKind.DEVELOPMENT)
    strategy = make_strategy(organization)
    project = make_project(plan, strategy=strategy)
    event = make_budget_event(organization)
    earlier = make_plan(organization, fiscal_year=2569)
    make_project(earlier, strategy=strategy)
    job = Render.objects.create(digest="0" * 64, document="pd02", fmt="pdf", plan=plan)
    dashboard = reverse("projects:dashboard")
    settings = reverse("accounts:organization")
    committees = reverse("approvals:committees")
    strategies = reverse("projects:strategies")
    plan_page = reverse("projects:plan", args=[plan.pk])
    events = reverse("budget:events")
    copy = reverse("projects:plan_copy", args=[plan.pk])
    # page → (the page above it, the current crumb[, the way back; None: breadcrumb only])
    return {
        settings: (dashboard, "ตั้งค่า อปท."),
        reverse("accounts:department_create"): (settings, "เพิ่มหน่วยงาน"),
        reverse("accounts:department_edit", args=[department.pk]): (settings, "กองช่าง"),
        reverse("accounts:password_change"): (dashboard, "เปลี่ยนรหัสผ่าน"),
        reverse("invitations:people"): (dashboard, "ผู้ใช้"),
        committees: (dashboard, "คณะกรรมการ"),
        reverse("approvals:member_add", args=[committee.pk]): (committees, committee.name),
        reverse("projects:plan_create"): (dashboard, "สร้างแผนใหม่"),
        strategies: (dashboard, "ยุทธศาสตร์"),
        reverse("projects:strategy_create"): (strategies, "เพิ่มยุทธศาสตร์"),
        reverse("projects:strategy_edit", args=[strategy.pk]): (strategies, "แก้ไขยุทธศาสตร์"),
        plan_page: (dashboard, None, None),
        reverse("projects:project_create", args=[plan.pk]): (plan_page, None),
        reverse("projects:project_edit", args=[project.pk]): (plan_page, None),
        reverse("projects:project_delete", args=[project.pk]): (plan_page, "ลบโครงการ"),
        reverse("projects:plan_events", args=[plan.pk]): (plan_page, "เหตุการณ์งบประมาณของแผน"),
        copy: (plan_page, "คัดลอกจากแผนอื่น"),
        f"{copy}?source={earlier.pk}": (plan_page, "คัดลอกจากแผนอื่น"),
        reverse("projects:plan_import", args=[plan.pk]): (plan_page, "นำเข้าจาก Excel"),
        reverse("approvals:announce_offline", args=[plan.pk]): (plan_page, "บันทึกประกาศนอกระบบ"),
        reverse("reports:book_text", args=[plan.pk, "intro"]): (
            reverse("reports:form", args=[plan.pk, "pd01"]),
            None,
        ),
        reverse("reports:form", args=[plan.pk, "pd01"]): (plan_page, None, None),
        reverse("reports:render", args=[job.pk]): (plan_page, None, None),
        events: (dashboard, "เหตุการณ์งบประมาณ"),
        reverse("budget:event_create"): (events, "บันทึกใหม่"),
        reverse("budget:event_edit", args=[event.pk]): (events, "แก้ไข"),
    }


def test_every_form_page_has_the_breadcrumb_and_a_cancel_link_back(
    client_for, planner, organization, plan
):
    client = client_for(planner)
    problems = []
    for url, (above, current, *back) in _pages(organization, plan).items():
        problems += _check(client.get(url), above, current, *back)
    assert problems == []


def test_the_pages_of_a_plan_on_its_way_have_it_too(
    client_for, planner, executive, organization, plan
):
    """The checks before sending on, the executive's decision, the committee's meeting
    pages; then, announced, its posting pages and the next edition."""
    make_project(plan, budget=Decimal("0"), details="")  # something for the checks to list
    plan_page = reverse("projects:plan", args=[plan.pk])
    client = client_for(planner)
    submit = reverse("approvals:perform", args=[plan.pk, "submit"])
    problems = _check(client.post(submit), plan_page, "ตรวจก่อนส่งคณะกรรมการสนับสนุนฯ", CHECKS_BACK)
    decide = reverse("approvals:decide", args=[plan.pk, "extend_deadline"])
    problems += _check(client_for(executive).get(decide), plan_page, None)
    workflow.perform(plan, "submit", by=planner)
    committee = committee_of(organization, meetings.considering_committee(plan))
    meeting = meetings.schedule_meeting(
        plan, by=planner, committee=committee, number="1/2570", held_on=date(2026, 10, 1)
    )
    for name, args, current in (
        ("approvals:meeting_schedule", [plan.pk], "นัดประชุมคณะกรรมการ"),
        ("approvals:meeting_edit", [meeting.pk], "แก้ไขการนัดประชุม"),
        ("approvals:meeting_resolution", [meeting.pk], "บันทึกผลการประชุมและมติ"),
    ):
        problems += _check(client.get(reverse(name, args=args)), plan_page, current)
    announce(plan, planner=planner, executive=executive)
    record = make_posting_record(plan)
    posting = reverse("approvals:posting", args=[plan.pk])
    problems += _check(client.get(posting), plan_page, "การปิดประกาศ")
    correct = reverse("approvals:posting_correct", args=[record.pk])
    problems += _check(client.get(correct), posting, "แก้ไขบันทึก")
    edition = reverse("projects:edition_create", args=[plan.pk])
    problems += _check(client.get(edition), plan_page, "จัดทำฉบับเพิ่มเติม/แก้ไข")
    assert problems == []


def test_the_results_pages_have_it_from_the_rounds_list(client_for, settings, tmp_path):
    """The rounds list, a round and its grid, import (upload and preview), photos and
    report; then closed, announced and carried over."""
    settings.MEDIA_ROOT = tmp_path
    s = results_setup()
    six = rounds.open_round(s.organization, 2569, "six_month", due_on=date(2026, 4, 30),
                            by=s.planner)  # fmt: skip
    rounds.save_result(six, s.road, Entry(ResultStatus.IN_PROGRESS), by=s.planner)
    dashboard = reverse("projects:dashboard")
    rounds_page = reverse("results:rounds")
    round_page = reverse("results:round", args=[six.pk])
    grid = reverse("results:grid", args=[six.pk])
    client = client_for(s.planner)
    problems = _check(client.get(rounds_page), dashboard, "ติดตามผล")
    problems += _check(client.get(round_page), rounds_page, None, None)
    problems += _check(client.get(grid), round_page, "ตารางบันทึกผล", None)
    problems += _check(client.get(reverse("reports:results", args=[six.pk])), round_page, None,
                       None)  # fmt: skip
    photos = reverse("results:row_photos", args=[six.pk, s.road.lineage])
    problems += _check(client.get(photos), f"{grid}#row-{s.road.lineage}", "ภาพถ่าย")
    imports = reverse("results:round_import", args=[six.pk])
    problems += _check(client.get(imports), round_page, "นำเข้าจาก Excel")
    workbook = SimpleUploadedFile("r.xlsx", workbook_bytes(
        [HEADER, ["ถนนคอนกรีต หมู่ที่ 1", "แล้วเสร็จ", "249000"]]))  # fmt: skip
    preview = client.post(imports, {"file": workbook})
    assert preview.context["token"]
    problems += _check(preview, round_page, "นำเข้าจาก Excel")

    rounds.close_round(six, by=s.planner)
    announce_page = reverse("results:announce", args=[six.pk])
    problems += _check(client_for(s.executive).get(announce_page), round_page, "ประกาศผล")
    rounds.announce_round(six, by=s.executive, announced_on=date(2026, 5, 10), signer="นายก")
    posting = reverse("results:posting", args=[six.pk])
    problems += _check(client.get(posting), round_page, "การปิดประกาศ")

    annual = rounds.open_round(s.organization, 2569, "annual", due_on=date(2026, 10, 31),
                               by=s.planner)  # fmt: skip
    rounds.close_round(annual, by=s.planner)  # the road, still in progress, is offered
    carry = reverse("results:carry_over", args=[annual.pk])
    problems += _check(client.get(carry), reverse("results:round", args=[annual.pk]),
                       "ยกไปปีถัดไป")  # fmt: skip
    assert problems == []


def test_the_oversight_pages_have_it_too(client_for, organization):
    """The area's three views (a filter, no ยกเลิก) and the administrator's organisations."""
    admin = supervisor(organization.province, manages=True, username="province-admin")
    client = client_for(admin)
    dashboard = reverse("projects:dashboard")
    problems = []
    for name in ("oversight:status", "oversight:totals", "oversight:results"):
        problems += _check(client.get(reverse(name)), dashboard, "ภาพรวมพื้นที่", None)
    organizations = reverse("oversight:organizations")
    problems += _check(client.get(organizations), dashboard, "จัดการ อปท.", None)
    create = reverse("oversight:organization_create")
    problems += _check(client.get(create), organizations, "เพิ่ม อปท.")
    invite = reverse("oversight:invite_planner", args=[organization.pk])
    problems += _check(client.get(invite), organizations, "เชิญนักวิเคราะห์ฯ")
    assert problems == []


def test_a_password_that_must_be_changed_offers_no_way_around(client_for, planner):
    """Every page leads back to the form (accounts.middleware): no breadcrumb, no ยกเลิก."""
    planner.must_change_password = True
    planner.save(update_fields=["must_change_password"])
    page = _read(client_for(planner).get(reverse("accounts:password_change")))
    assert (page.crumbs, page.current, page.backs) == ([], None, {})


# Pages whose form is not one a signed-in user fills on the way through the app.
NO_BREADCRUMB = {
    "accounts/login.html": "signing in: the user is not in the app yet",
    "accounts/password_reset.html": "signed out",
    "accounts/password_reset_confirm.html": "signed out",
    "invitations/accept.html": "signed out: the invitation's link",
    "approvals/inbox.html": "a menu page whose only form is one button (mark all read)",
}


def test_every_template_with_a_form_has_the_breadcrumb():
    """A new page with a form fails here until it has the breadcrumb (or a reason not to):
    every template extending base.html that holds a form, or includes one that does."""
    root = Path(settings.BASE_DIR) / "templates"
    texts = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*.html")}

    def has(name, what, seen=()):
        text = texts.get(name, "")
        included = re.findall(r'{% include "([^"#]+)[^"]*"', text)
        return what(text) or any(
            has(other, what, (*seen, name)) for other in included if other not in seen
        )

    def form(text):
        return "<form" in text or "{% crispy " in text

    def breadcrumb(text):
        return '<nav aria-label="breadcrumb"' in text

    missing = [
        name
        for name, text in sorted(texts.items())
        if text.startswith('{% extends "base.html" %}')
        and not name.startswith("public/")  # the public pages have their own navigation
        and name not in NO_BREADCRUMB
        and has(name, form)
        and not has(name, breadcrumb)
    ]
    assert missing == []


def test_the_committees_page_offers_no_form_and_no_cancel_to_a_reader(
    client_for, executive, organization
):
    committee_of(organization, CommitteeKind.DEVELOPMENT)
    response = client_for(executive).get(reverse("approvals:committees"))
    page = _Page()
    page.feed(response.content.decode())
    assert page.crumbs == [(reverse("projects:dashboard"), "หน้าหลัก")]
    assert page.current == "คณะกรรมการ"
    assert page.backs == {}
    assert "เพิ่มคณะกรรมการ" not in response.content.decode()
