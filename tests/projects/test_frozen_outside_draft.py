"""What a plan that is no longer a draft holds cannot change through the shared pieces either."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budget.events import save_budget_event
from projects import editing
from projects.models import Plan, PlanStatus
from tests.factories import make_budget_event, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(plan):
    project = make_project(plan)
    event = make_budget_event(plan.organization)
    plan.budget_events.add(event)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ANNOUNCED)
    return project, event


def test_a_strategy_of_an_announced_plan_may_be_renamed_but_not_deleted(planner, announced):
    """The announced plan prints it as announced (its snapshot); later plans the new name."""
    project, _ = announced
    strategy = project.strategy
    strategy.name = "ชื่อใหม่ตามแผนพัฒนาท้องถิ่นฉบับทบทวน"
    editing.save_strategy(strategy, by=planner)
    with pytest.raises(ValidationError, match="มีโครงการอยู่"):
        editing.delete_strategy(strategy, by=planner)
    strategy.refresh_from_db()
    assert strategy.name == "ชื่อใหม่ตามแผนพัฒนาท้องถิ่นฉบับทบทวน"


@pytest.mark.parametrize("status", ["support_review", "development_review", "endorsed"])
def test_a_strategy_of_a_plan_under_consideration_cannot_change(planner, plan, status):
    strategy = make_project(plan).strategy
    Plan.objects.filter(pk=plan.pk).update(status=status)
    strategy.name = "ชื่อใหม่"
    with pytest.raises(ValidationError, match="กำลังเสนอคณะกรรมการหรือผู้บริหาร"):
        editing.save_strategy(strategy, by=planner)
    strategy.refresh_from_db()
    assert strategy.name != "ชื่อใหม่"


def test_a_budget_event_of_an_announced_plan_cannot_change(planner, announced):
    _, event = announced
    event.announced_on = date(2026, 10, 30)
    with pytest.raises(ValidationError, match="ผูกกับแผนที่เสนอหรือประกาศแล้ว"):
        save_budget_event(event, {}, by=planner)
    event.refresh_from_db()
    assert event.announced_on == date(2026, 9, 15)


def test_a_linked_event_cannot_move_to_another_year(planner, plan):
    event = make_budget_event(plan.organization)
    plan.budget_events.add(event)
    event.fiscal_year = 2555
    with pytest.raises(ValidationError, match="เปลี่ยนปีไม่ได้"):
        save_budget_event(event, {}, by=planner)


def test_the_admin_goes_through_the_write_path(client, announced):
    from tests.factories import UserFactory

    project, _ = announced
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(f"/admin/projects/project/{project.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert type(project).objects.filter(pk=project.pk).exists()
    with pytest.raises(PermissionDenied):
        editing.delete_project(project, by=admin)


def test_the_budget_check_counts_only_rows_paid_from_the_events_money(client_for, viewer, plan):
    from budget.models import Appropriation, BudgetSource, Program

    event = make_budget_event(plan.organization)
    plan.budget_events.add(event)
    housing = Program.objects.get(code="housing_and_community")
    Appropriation.objects.create(event=event, program=housing, amount=Decimal("100000"))
    make_project(plan, budget=Decimal("100000"))
    make_project(
        plan,
        budget=Decimal("900000"),
        budget_source=BudgetSource.objects.get(organization=None, kind="other_agency"),
    )
    html = client_for(viewer).get(f"/plans/{plan.pk}/budget-check/").content.decode()
    assert "ตรงกัน" in html
    assert "เกิน" not in html


def test_the_admin_cannot_change_or_delete_a_plan_that_is_not_a_draft(client, announced):
    from tests.factories import UserFactory

    project, _ = announced
    plan = project.plan
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/projects/plan/{plan.pk}/change/",
        {
            "organization": plan.organization_id,
            "fiscal_year": 2571,
            "kind": "original",
            "number": 0,
        },
    )
    plan.refresh_from_db()
    assert plan.fiscal_year == 2570
    assert response.status_code in (200, 302)
    assert (
        client.post(f"/admin/projects/plan/{plan.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Plan.objects.filter(pk=plan.pk).exists()
