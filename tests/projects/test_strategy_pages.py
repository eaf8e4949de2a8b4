import pytest
from django.urls import reverse

from tests.factories import make_project, make_strategy

pytestmark = pytest.mark.django_db


def test_the_planner_adds_renames_and_deletes_strategies(client_for, planner, organization):
    client = client_for(planner)
    response = client.post(
        reverse("projects:strategy_create"), {"number": 1, "name": "การพัฒนาโครงสร้างพื้นฐาน"}
    )
    assert response.status_code == 302
    strategy = organization.strategies.get()
    client.post(
        reverse("projects:strategy_edit", args=[strategy.pk]), {"number": 1, "name": "ชื่อใหม่"}
    )
    strategy.refresh_from_db()
    assert strategy.name == "ชื่อใหม่"
    client.post(reverse("projects:strategy_delete", args=[strategy.pk]))
    assert not organization.strategies.exists()


def test_a_duplicate_number_is_refused_in_thai(client_for, planner, organization):
    make_strategy(organization, 1)
    response = client_for(planner).post(
        reverse("projects:strategy_create"), {"number": 1, "name": "ซ้ำ"}
    )
    assert "อปท. นี้มียุทธศาสตร์ลำดับที่นี้แล้ว" in response.content.decode()
    assert organization.strategies.count() == 1


def test_a_strategy_with_projects_cannot_be_deleted(client_for, planner, plan):
    project = make_project(plan)
    response = client_for(planner).post(
        reverse("projects:strategy_delete", args=[project.strategy_id]), follow=True
    )
    assert "ยุทธศาสตร์นี้มีโครงการอยู่ จึงลบไม่ได้" in response.content.decode()
    assert plan.organization.strategies.count() == 1


@pytest.mark.parametrize("persona", ["department_staff", "committee_member", "executive"])
def test_other_roles_read_but_do_not_change_strategies(request, client_for, persona, organization):
    strategy = make_strategy(organization, 1, "เดิม")
    client = client_for(request.getfixturevalue(persona))
    html = client.get(reverse("projects:strategies")).content.decode()
    assert "1. ยุทธศาสตร์เดิม" in html
    assert (
        client.post(reverse("projects:strategy_create"), {"number": 2, "name": "x"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("projects:strategy_edit", args=[strategy.pk]), {"number": 1, "name": "x"}
        ).status_code
        == 403
    )
    assert client.post(reverse("projects:strategy_delete", args=[strategy.pk])).status_code == 403
    strategy.refresh_from_db()
    assert strategy.name == "เดิม"
    assert organization.strategies.count() == 1


def test_another_organizations_strategy_is_not_found(client_for, other_org_planner, organization):
    strategy = make_strategy(organization)
    client = client_for(other_org_planner)
    assert client.get(reverse("projects:strategy_edit", args=[strategy.pk])).status_code == 404
    assert client.post(reverse("projects:strategy_delete", args=[strategy.pk])).status_code == 404
