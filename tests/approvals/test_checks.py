"""Issue 15.6: before a plan is sent on, what deserves a look is listed; the user
confirms or goes back, and nothing moves until they confirm."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals import checks, workflow
from approvals.comments import add_comment
from budget.models import Appropriation, BudgetSource, Program
from tests.factories import endorse, make_budget_event, make_project

pytestmark = pytest.mark.django_db


def texts(plan):
    return [finding.text for finding in checks.findings(plan)]


def test_a_clean_plan_has_nothing_to_look_at(plan):
    make_project(plan, budget=Decimal("1000"), months=1)
    assert texts(plan) == []


def test_each_thing_that_deserves_a_look_is_listed(plan, planner, committee_member):
    education = Program.objects.get(code="education")
    event = make_budget_event(plan.organization, fiscal_year=plan.fiscal_year)
    plan.budget_events.add(event)
    Appropriation.objects.create(event=event, program=education, amount=Decimal("5000"))
    make_project(plan, program=education, budget=Decimal("6000"))
    make_project(plan, program=education, budget=Decimal("0"), details="", months=1)
    none = BudgetSource.objects.get(organization=None, kind="no_budget")
    make_project(plan, program=education, budget=Decimal("0"), details="", budget_source=none)
    add_comment(plan, by=committee_member, text="ขอรายละเอียด")
    assert texts(plan) == [
        "ความเห็นที่ยังไม่ได้ตอบ 1 รายการ",
        "โครงการงบประมาณ 0 บาทที่ไม่มีรายละเอียดและไม่ได้ระบุว่า “ไม่ใช้งบประมาณ” 1 รายการ",
        "แผนงานการศึกษา: รวมในแผน 6,000.00 บาท เกินงบประมาณที่ได้รับ 1,000.00 บาท",
    ]


def test_submitting_shows_the_list_and_moves_nothing_until_confirmed(client_for, planner, plan):
    make_project(plan, budget=Decimal("0"), details="")
    url = reverse("approvals:perform", args=[plan.pk, "submit"])
    response = client_for(planner).post(url, {"note": "ส่งตามกำหนด"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "โครงการงบประมาณ 0 บาทที่ไม่มีรายละเอียด" in html
    assert '<input type="hidden" name="note" value="ส่งตามกำหนด">' in html
    assert "กลับไปแก้ไข" in html
    plan.refresh_from_db()
    assert (plan.status, plan.decisions.count()) == ("draft", 0)

    client_for(planner).post(url, {"note": "ส่งตามกำหนด", "checked": "1"})
    plan.refresh_from_db()
    assert plan.status == "support_review"
    assert plan.decisions.get().note == "ส่งตามกำหนด"


def test_someone_who_may_not_submit_gets_no_list(client_for, committee_member, plan):
    make_project(plan, budget=Decimal("0"), details="")
    url = reverse("approvals:perform", args=[plan.pk, "submit"])
    assert client_for(committee_member).post(url).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_the_announcement_page_lists_them_above_the_form(client_for, planner, executive, plan):
    make_project(plan, budget=Decimal("0"), details="")
    endorse(plan, by=planner, held_on=date(2026, 10, 1))
    html = client_for(executive).get(reverse("approvals:decide", args=[plan.pk, "announce"]))
    assert "โครงการงบประมาณ 0 บาทที่ไม่มีรายละเอียด" in html.content.decode()
    assert workflow.transition(plan, "announce") is not None


def test_an_empty_edition_is_refused_on_the_plan_page_which_says_so_before_the_button(
    client_for, planner, plan
):
    """The review: an empty supplementary edition, with an appropriation to look at, went
    through the list ("ตรวจแล้ว ส่ง…") to the support committee."""
    refused = "ยังไม่มีโครงการในแผนนี้ เพิ่มโครงการก่อน “ส่งคณะกรรมการสนับสนุนฯ”"
    plan.kind, plan.number = "supplementary", 1
    plan.save(update_fields=["kind", "number"])
    event = make_budget_event(plan.organization, fiscal_year=plan.fiscal_year)
    plan.budget_events.add(event)
    education = Program.objects.get(code="education")
    Appropriation.objects.create(event=event, program=education, amount=Decimal("5000"))
    assert texts(plan)  # there is a list to look at: the refusal comes before it
    client = client_for(planner)
    plan_page = reverse("projects:plan", args=[plan.pk])
    assert f'data-testid="not-ready">{refused}</p>' in client.get(plan_page).content.decode()

    url = reverse("approvals:perform", args=[plan.pk, "submit"])
    for data in ({"note": "ส่งตามกำหนด"}, {"note": "ส่งตามกำหนด", "checked": "1"}):
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [(plan_page, 302)], data
        html = response.content.decode()
        assert re.search(rf'class="alert alert-danger" role="alert">\s*{refused}\s*</div>', html), (
            data
        )
        assert "ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว" not in html
        plan.refresh_from_db()
        assert (plan.status, plan.decisions.count()) == ("draft", 0)

    make_project(plan, program=education, budget=Decimal("5000"))
    assert "not-ready" not in client.get(plan_page).content.decode()
    client.post(url, {"checked": "1"})
    plan.refresh_from_db()
    assert plan.status == "support_review"
