"""A budget event recorded before any edition is linked to it shows on the dashboard with
its 30-day deadline (domain.md §2: each event starts a new clock) and the step that answers
it: create the year's plan, link it to the edition being drafted, or start a เพิ่มเติม
edition. 'Today' is 10 November 2026 (fiscal year 2570)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import announce, make_budget_event, make_organization, make_plan, submit

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 10)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def dashboard(client):
    return client.get(reverse("projects:dashboard")).content.decode()


def reminders(html):
    return re.findall(r'data-testid="event-reminder"', html)


def text(html):
    """The page's words as a reader sees them (tags dropped, spaces collapsed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_recorded_supplementary_budget_shows_its_deadline_until_an_edition_answers_it(
    client_for, planner, executive, plan
):
    announce(plan, planner=planner, executive=executive, announced_on=date(2026, 10, 20))
    client = client_for(planner)
    assert not reminders(dashboard(client))
    response = client.post(reverse("budget:event_create"), {
        "fiscal_year": "2570", "kind": "supplementary", "reference": "ครั้งที่ 1/2570",
        "title": "ข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม ฉบับที่ 1 พ.ศ. 2570",
        "announced_on": "1/11/2569", "total": "1,000,000",
    })  # fmt: skip
    assert response.status_code == 302
    event = plan.organization.budget_events.get(kind="supplementary")

    html = dashboard(client)
    assert len(reminders(html)) == 1
    assert "ข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม ฉบับที่ 1 พ.ศ. 2570" in html
    deadline = re.search(r'data-testid="event-deadline">(.*?)</div>', html, re.S).group(1)
    assert text(deadline) == "ต้องประกาศแผนภายใน 1 ธันวาคม 2569 (เหลือ 21 วัน)"
    create = reverse("projects:edition_create", args=[plan.pk]) + f"?event={event.pk}"
    assert f'href="{create}"' in html

    form = client.get(create).context["form"]
    assert (form["kind"].value(), form["budget_events"].value()) == ("supplementary", [event.pk])
    response = client.post(create, {"kind": "supplementary", "budget_events": [event.pk]})
    assert response.status_code == 302
    assert not reminders(dashboard(client))


def test_an_event_of_a_year_without_a_plan_offers_to_create_it(client_for, planner, organization):
    event = make_budget_event(organization, fiscal_year=2571, announced_on=date(2026, 11, 5))
    html = dashboard(client_for(planner))
    assert len(reminders(html)) == 1
    assert "ต้องประกาศแผนภายใน 5 ธันวาคม 2569 (เหลือ 25 วัน)" in text(html)
    create = reverse("projects:plan_create") + f"?event={event.pk}"
    assert f'href="{create}">สร้างแผนปี 2571</a>' in html
    form = client_for(planner).get(create).context["form"]
    assert (form["fiscal_year"].value(), form["budget_events"].value()) == (2571, [event.pk])


def test_an_event_recorded_while_the_plan_is_drafted_offers_to_link_it(client_for, planner, plan):
    event = make_budget_event(plan.organization, announced_on=date(2026, 9, 15))
    html = dashboard(client_for(planner))
    link = reverse("projects:plan_events", args=[plan.pk]) + f"?event={event.pk}"
    assert f'href="{link}">ผูกกับแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570</a>' in html
    assert "ต้องประกาศแผนภายใน 15 ตุลาคม 2569 (เลยกำหนด 26 วัน)" in text(html)
    form = client_for(planner).get(link).context["form"]
    assert form["budget_events"].value() == [event.pk]
    plan.budget_events.add(event)
    assert not reminders(dashboard(client_for(planner)))


def test_only_the_planner_is_offered_the_step(client_for, viewer, plan):
    make_budget_event(plan.organization, announced_on=date(2026, 11, 1))
    html = dashboard(client_for(viewer))
    assert len(reminders(html)) == 1
    assert "ผูกกับแผน" not in html and "?event=" not in html


def test_events_answered_or_long_past_are_not_reminded(client_for, planner, executive, plan):
    organization = plan.organization
    announce(plan, planner=planner, executive=executive, announced_on=date(2026, 10, 20))
    make_budget_event(organization, announced_on=date(2026, 9, 15))  # the year's plan is out
    make_budget_event(organization, fiscal_year=2569, announced_on=date(2025, 9, 15),
                      kind="supplementary")  # fmt: skip  # last year's, its clock long over
    linked = make_budget_event(organization, announced_on=date(2026, 11, 1), kind="supplementary")
    make_plan(organization, fiscal_year=2570, kind="supplementary", number=1).budget_events.add(
        linked
    )
    other = make_organization("องค์การบริหารส่วนตำบลอื่น", slug="other")
    make_budget_event(other, announced_on=date(2026, 11, 1), title="ของ อปท. อื่น")
    html = dashboard(client_for(planner))
    assert not reminders(html)
    assert "ของ อปท. อื่น" not in html


def test_an_annual_event_while_the_plan_is_considered_shows_the_deadline_only(
    client_for, planner, plan
):
    submit(plan, by=planner)
    make_budget_event(plan.organization, announced_on=date(2026, 11, 1))
    html = dashboard(client_for(planner))
    assert len(reminders(html)) == 1
    assert "ต้องประกาศแผนภายใน 1 ธันวาคม 2569 (เหลือ 21 วัน)" in text(html)
    assert "แผนฉบับแรกของปีนี้อยู่ระหว่างการพิจารณา" in html and "?event=" not in html


def test_the_dashboard_asks_the_same_queries_for_one_reminder_or_many(
    client_for, planner, executive, plan, django_assert_num_queries
):
    organization = plan.organization
    make_budget_event(organization, announced_on=date(2026, 11, 1))
    client = client_for(planner)
    client.get(reverse("projects:dashboard"))  # warm the session
    with django_assert_num_queries(9) as one:
        assert len(reminders(client.get(reverse("projects:dashboard")).content.decode())) == 1
    for year in (2571, 2572):
        make_plan(organization, fiscal_year=year)
        make_budget_event(organization, fiscal_year=year, announced_on=date(2026, 11, 2))
    make_budget_event(organization, fiscal_year=2573, announced_on=date(2026, 11, 3))
    make_budget_event(organization, announced_on=date(2026, 11, 4), kind="specific_grant")
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(reverse("projects:dashboard")).content.decode()
    assert len(reminders(html)) == 5
