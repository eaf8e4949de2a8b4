import pytest

from accounts.models import Role
from accounts.permissions import (
    can_manage_organization,
    can_view_organization,
    roles_in,
    staff_department_ids,
    visible_departments,
    visible_organizations,
)
from projects.permissions import can_create_plan, can_view_plan, visible_plans
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MEMBERS = [
    "planner",
    "department_staff",
    "committee_member",
    "support_member",
    "executive",
    "viewer",
]


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_sees_their_own_organization_and_only_it(
    request, persona, organization, other_organization
):
    user = request.getfixturevalue(persona)
    assert list(visible_organizations(user)) == [organization]
    assert can_view_organization(user, organization)
    assert not can_view_organization(user, other_organization)


@pytest.mark.parametrize("persona", MEMBERS)
def test_no_member_sees_another_organizations_plans_or_departments(
    request, persona, plan, other_plan
):
    user = request.getfixturevalue(persona)
    assert list(visible_plans(user)) == [plan]
    assert not can_view_plan(user, other_plan)
    assert other_plan.organization.departments.exists()
    assert not visible_departments(user).filter(organization=other_plan.organization).exists()


def test_the_other_organizations_planner_sees_none_of_ours(other_org_planner, plan, other_plan):
    assert list(visible_plans(other_org_planner)) == [other_plan]
    assert not can_view_plan(other_org_planner, plan)
    assert not can_create_plan(other_org_planner, plan.organization)


def test_anonymous_sees_nothing(plan):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not visible_organizations(anonymous).exists()
    assert not visible_plans(anonymous).exists()
    assert not can_view_plan(anonymous, plan)


def test_an_inactive_user_loses_every_scope(planner, plan):
    planner.is_active = False
    assert not visible_plans(planner).exists()
    assert not can_view_plan(planner, plan)


def test_a_superuser_without_membership_sees_no_organization_data_in_the_app(plan):
    # Superusers work in the admin; the application's scopes follow memberships only.
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert not visible_plans(admin).exists()


@pytest.mark.parametrize(
    ("persona", "may_manage"),
    [
        ("planner", True),
        ("department_staff", False),
        ("committee_member", False),
        ("support_member", False),
        ("executive", False),
        ("viewer", False),
    ],
)
def test_only_the_planning_officer_manages_the_organization_and_creates_plans(
    request, persona, may_manage, organization
):
    user = request.getfixturevalue(persona)
    assert can_manage_organization(user, organization) is may_manage
    assert can_create_plan(user, organization) is may_manage


def test_roles_in_lists_every_role_held_there(organization, other_organization):
    user = UserFactory()
    from tests.factories import member

    member(organization, Role.PLANNER, user=user)
    member(organization, Role.DEPARTMENT_STAFF, user=user)
    member(other_organization, Role.VIEWER, user=user)
    assert roles_in(user, organization) == {Role.PLANNER, Role.DEPARTMENT_STAFF}
    assert roles_in(user, other_organization) == {Role.VIEWER}
    assert staff_department_ids(user, organization) == {
        organization.departments.get(name="กองช่าง").pk
    }


def test_memberships_are_read_with_one_query(django_assert_num_queries, planner, organization):
    with django_assert_num_queries(1):
        for _ in range(5):
            can_view_organization(planner, organization)
            can_manage_organization(planner, organization)
