import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Membership, Role
from tests.factories import UserFactory


@pytest.mark.django_db
class TestMembershipRules:
    def test_department_staff_must_name_a_department(self, organization):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(
                user=UserFactory(), organization=organization, role=Role.DEPARTMENT_STAFF
            )

    def test_other_roles_must_not_name_a_department(self, organization):
        department = organization.departments.first()
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(
                user=UserFactory(),
                organization=organization,
                role=Role.PLANNER,
                department=department,
            )

    def test_the_database_refuses_an_unknown_role(self, organization):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=UserFactory(), organization=organization, role="mayor")

    def test_a_role_is_held_once_per_organization(self, organization):
        user = UserFactory()
        Membership.objects.create(user=user, organization=organization, role=Role.PLANNER)
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=user, organization=organization, role=Role.PLANNER)

    def test_a_user_may_hold_several_roles_and_organizations(
        self, organization, other_organization
    ):
        user = UserFactory()
        Membership.objects.create(user=user, organization=organization, role=Role.PLANNER)
        Membership.objects.create(user=user, organization=organization, role=Role.EXECUTIVE)
        Membership.objects.create(user=user, organization=other_organization, role=Role.VIEWER)
        assert user.memberships.count() == 3

    def test_a_department_of_another_organization_is_refused_with_a_thai_message(
        self, organization, other_organization
    ):
        membership = Membership(
            user=UserFactory(),
            organization=organization,
            role=Role.DEPARTMENT_STAFF,
            department=other_organization.departments.get(name="กองช่าง"),
        )
        with pytest.raises(ValidationError) as caught:
            membership.full_clean()
        assert caught.value.message_dict["department"] == ["หน่วยงานต้องอยู่ใน อปท. เดียวกับบทบาทนี้"]
