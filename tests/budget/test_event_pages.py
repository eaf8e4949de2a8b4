from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from budget.events import save_budget_event
from budget.models import BudgetEvent, Program
from tests.factories import make_budget_event

pytestmark = pytest.mark.django_db


def event_data(**changes):
    data = {
        "fiscal_year": "2570",
        "kind": "annual",
        "title": "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570",
        "reference": "",
        "announced_on": "2026-09-15",
        "total": "12,500,000",
    }
    data.update(changes)
    return data


def test_the_planner_records_an_event_with_appropriations(client_for, planner, organization):
    education = Program.objects.get(code="education")
    response = client_for(planner).post(
        reverse("budget:event_create"), event_data(**{f"program_{education.pk}": "2,150,000"})
    )
    assert response.status_code == 302
    event = organization.budget_events.get()
    assert event.total == Decimal("12500000.00")
    assert event.deadline == date(2026, 10, 15)
    assert list(event.appropriations.values_list("program__code", "amount")) == [
        ("education", Decimal("2150000.00"))
    ]
    html = client_for(planner).get(reverse("budget:events")).content.decode()
    assert "15 ตุลาคม 2569" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total": "-1"}, "จำนวนเงินต้องไม่ติดลบ"),
        ({"fiscal_year": "2026"}, "ปีงบประมาณต้องเป็นปี พ.ศ."),
        ({"announced_on": "31/02/2569"}, "ไม่มีวันที่ 31 กุมภาพันธ์ 2569 ในปฏิทิน"),
        ({"title": ""}, "ต้องกรอกช่องนี้"),
    ],
)
def test_bad_input_is_refused_in_thai(client_for, planner, organization, changes, message):
    response = client_for(planner).post(reverse("budget:event_create"), event_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BudgetEvent.objects.exists()


@pytest.mark.parametrize("persona", ["department_staff", "committee_member", "viewer"])
def test_only_planners_record_events(request, client_for, persona, organization):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("budget:events")).status_code == 200
    assert client.post(reverse("budget:event_create"), event_data()).status_code == 403
    with pytest.raises(PermissionDenied):
        save_budget_event(
            BudgetEvent(organization=organization, **{**event_data(), "total": None}),
            {},
            by=request.getfixturevalue(persona),
        )
    assert not BudgetEvent.objects.exists()


def test_another_organizations_events_are_invisible(client_for, other_org_planner, organization):
    event = make_budget_event(organization, title="ข้อบัญญัติของหนองบัว")
    client = client_for(other_org_planner)
    assert "ข้อบัญญัติของหนองบัว" not in client.get(reverse("budget:events")).content.decode()
    assert client.get(reverse("budget:event_edit", args=[event.pk])).status_code == 404


def test_editing_replaces_the_appropriations(planner, organization):
    event = make_budget_event(organization)
    education, health = Program.objects.filter(code__in=["education", "public_health"]).order_by(
        "order"
    )
    save_budget_event(event, {education: Decimal("10"), health: None}, by=planner)
    save_budget_event(event, {education: None, health: Decimal("20")}, by=planner)
    assert list(event.appropriations.values_list("program__code", "amount")) == [
        ("public_health", Decimal("20.00"))
    ]


def test_the_planner_adds_an_agency_budget_source_used_by_projects(
    client_for, planner, organization
):
    from budget.models import BudgetSource

    response = client_for(planner).post(
        reverse("budget:source_create"), {"name": "งบประมาณ อบจ.พะเยา", "kind": "other_agency"}
    )
    assert response.status_code == 302
    source = BudgetSource.objects.get(organization=organization)
    assert (source.name, source.kind) == ("งบประมาณ อบจ.พะเยา", "other_agency")
    html = client_for(planner).get(reverse("budget:events")).content.decode()
    assert "งบประมาณ อบจ.พะเยา" in html


def test_a_duplicate_or_empty_source_is_refused_and_others_cannot_add(
    client_for, planner, viewer, organization
):
    from budget.models import BudgetSource

    client = client_for(planner)
    client.post(reverse("budget:source_create"), {"name": "งบ อบจ.", "kind": "other_agency"})
    response = client.post(
        reverse("budget:source_create"), {"name": "งบ อบจ.", "kind": "other_agency"}, follow=True
    )
    assert "เพิ่มแหล่งงบประมาณไม่สำเร็จ" in response.content.decode()
    response = client_for(viewer).post(
        reverse("budget:source_create"), {"name": "แอบเพิ่ม", "kind": "other_agency"}
    )
    assert response.status_code == 403
    assert list(
        BudgetSource.objects.filter(organization=organization).values_list("name", flat=True)
    ) == ["งบ อบจ."]
