from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.models import Membership, Organization, Role, User
from projects.models import Plan, PlanKind, PlanStatus
from thai.format import fiscal_year_of

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_creates_the_demo_organization_users_and_a_draft_plan():
    output = seed()
    organization = Organization.objects.get(slug="demo")
    assert organization.type_short == "อบต."
    roles = {
        m.user.username: (m.role, m.department.name if m.department else None)
        for m in Membership.objects.filter(organization=organization).select_related(
            "user", "department"
        )
    }
    assert roles == {
        "planner": (Role.PLANNER, None),
        "dept": (Role.DEPARTMENT_STAFF, "กองช่าง"),
        "support": (Role.SUPPORT_COMMITTEE, None),
        "committee": (Role.DEVELOPMENT_COMMITTEE, None),
        "executive": (Role.EXECUTIVE, None),
    }
    for username in roles:
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=username, password="demo1234") is not None
        assert username in output
    assert "demo1234" in output
    plan = Plan.objects.get(organization=organization, status=PlanStatus.DRAFT)
    assert plan.kind == PlanKind.ORIGINAL


def test_the_plan_is_for_the_current_fiscal_year():
    from django.utils import timezone

    seed()
    draft = Plan.objects.get(status=PlanStatus.DRAFT)
    assert draft.fiscal_year == fiscal_year_of(timezone.localdate())


def test_running_twice_changes_nothing():
    seed()
    counts = (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Plan.objects.count(),
    )
    seed()
    assert counts == (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Plan.objects.count(),
    )
    assert counts == (1, 5, 5, 3)  # this year's draft; last year's plan and its supplement


def test_an_existing_account_with_a_demo_name_is_never_touched(organization):
    from django.core.management.base import CommandError

    from tests.factories import UserFactory

    real = UserFactory(username="planner")
    real.set_password("a-real-secret")
    real.save()
    with pytest.raises(CommandError, match="มีผู้ใช้ชื่อ “planner” อยู่แล้ว"):
        seed()
    real.refresh_from_db()
    assert real.check_password("a-real-secret")
    assert not Organization.objects.filter(slug="demo").exists()


def test_the_demo_plan_is_filled_through_the_write_paths():
    seed()
    plan = Plan.objects.get(status=PlanStatus.DRAFT)
    assert plan.projects.count() == 24
    assert plan.projects.filter(is_equipment=True).count() == 3
    assert plan.deadline() is not None
    assert plan.organization.strategies.count() == 4


def test_last_years_plan_is_announced_and_posted_through_the_workflow():
    from django.utils import timezone

    seed()
    last = Plan.objects.get(status=PlanStatus.POSTED, kind=PlanKind.ORIGINAL)
    assert last.fiscal_year == fiscal_year_of(timezone.localdate()) - 1
    assert last.projects.count() == 40
    assert list(last.decisions.values_list("action", flat=True)) == [
        "submit",
        "request_changes",
        "confirm_changes",
        "endorse",
        "announce",
        "record_posting",
    ]
    # Every step is dated by its event, in order, none on the day the demo was seeded.
    dates = list(last.decisions.values_list("occurred_on", flat=True))
    assert dates == sorted(dates) and timezone.localdate() not in dates
    meetings = {m.decision_id: m.held_on for m in last.meetings.all()}
    for decision in last.decisions.filter(meeting__isnull=False):
        assert decision.occurred_on == meetings[decision.pk]
    assert last.decisions.get(action="announce").occurred_on == last.announced_on
    assert last.announced_on is not None and last.posting_started_on > last.announced_on
    assert last.meetings.count() == 2
    assert last.organization.committees.count() == 2


def test_last_year_also_has_a_posted_supplement_with_its_own_trail():
    seed()
    supplement = Plan.objects.get(kind=PlanKind.SUPPLEMENTARY)
    assert supplement.title.startswith("แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/")
    assert supplement.status == PlanStatus.POSTED
    assert supplement.projects.count() == 3
    assert supplement.meetings.count() == 2
    assert supplement.budget_events.get().kind == "supplementary"
    assert supplement.postings.get().photo
