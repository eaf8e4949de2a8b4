"""The lifecycle table: every (status, action) pair, for every persona."""

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from accounts.models import AmendmentPath, Organization
from approvals import workflow
from approvals.models import Decision
from projects.models import Plan, PlanKind, PlanStatus

pytestmark = pytest.mark.django_db

PERSONAS = [
    "planner",
    "department_staff",
    "support_member",
    "committee_member",
    "executive",
    "viewer",
]
ARGS = {"note": "เหตุผลประกอบ", "announced_on": date(2026, 10, 20), "announced_by": "นายก",
        "posted_on": date(2026, 10, 21)}  # fmt: skip


# The edition shapes the table distinguishes: (kind, number, organisation's amendment path).
SHAPES = {
    "original": (PlanKind.ORIGINAL, 0, AmendmentPath.EXECUTIVE),
    "supplementary": (PlanKind.SUPPLEMENTARY, 1, AmendmentPath.EXECUTIVE),
    "amendment_by_executive": (PlanKind.AMENDMENT, 1, AmendmentPath.EXECUTIVE),
    "amendment_via_committees": (PlanKind.AMENDMENT, 1, AmendmentPath.COMMITTEES),
}


def expected_step(shape, status, action):
    """Written out independently of the table's conditions."""
    steps = [t for t in workflow.TRANSITIONS if (t.source, t.action) == (status, action)]
    if (status, action) == (PlanStatus.DRAFT, "submit"):
        return steps[0] if shape != "amendment_by_executive" else None
    if (status, action) == (PlanStatus.DRAFT, "propose_to_executive"):
        return steps[0] if shape == "amendment_by_executive" else None
    assert len(steps) <= 1
    return steps[0] if steps else None


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("status", PlanStatus.values)
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_every_status_and_action_for_every_persona(request, plan, shape, status, action):
    kind, number, path = SHAPES[shape]
    Organization.objects.filter(pk=plan.organization_id).update(amendment_path=path)
    Plan.objects.filter(pk=plan.pk).update(kind=kind, number=number)
    plan = Plan.objects.select_related("organization").get(pk=plan.pk)
    step = expected_step(shape, status, action)
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        Plan.objects.filter(pk=plan.pk).update(status=status)
        plan.refresh_from_db()
        assert workflow.transition(plan, action) == step
        before = Decision.objects.count()
        allowed = step is not None and bool(
            {r for m in user.memberships.all() for r in [m.role]} & step.roles
        )
        if allowed:
            decision = workflow.perform(plan, action, by=user, **ARGS)
            plan.refresh_from_db()
            assert plan.status == step.target, (persona, status, action)
            assert (decision.from_status, decision.to_status, decision.actor) == (
                status,
                step.target,
                user,
            )
            assert Decision.objects.count() == before + 1
        else:
            with pytest.raises(PermissionDenied):
                workflow.perform(plan, action, by=user, **ARGS)
            plan.refresh_from_db()
            assert plan.status == status, (persona, status, action)
            assert Decision.objects.count() == before


def test_the_table_reaches_every_status_and_returns_from_every_review_state():
    targets = {t.target for t in workflow.TRANSITIONS}
    assert targets == set(PlanStatus.values)
    returns = {t.source for t in workflow.TRANSITIONS if t.action == "return"}
    assert returns == {
        PlanStatus.SUPPORT_REVIEW,
        PlanStatus.DEVELOPMENT_REVIEW,
        PlanStatus.ENDORSED,
    }
    assert all(t.needs_reason for t in workflow.TRANSITIONS if t.action == "return")


def test_the_whole_path_leaves_one_decision_per_step(
    plan, planner, support_member, committee_member, executive
):
    workflow.perform(plan, "submit", by=planner)
    workflow.perform(plan, "send_to_development", by=support_member, note="มติที่ประชุมครั้งที่ 1/2569")
    workflow.perform(plan, "endorse", by=committee_member)
    workflow.perform(
        plan, "announce", by=executive, announced_on=date(2026, 10, 20), announced_by="นายสมศักดิ์"
    )
    workflow.perform(plan, "record_posting", by=planner, posted_on=date(2026, 10, 21))
    plan.refresh_from_db()
    assert (plan.status, plan.announced_on, plan.announced_by) == (
        "posted",
        date(2026, 10, 20),
        "นายสมศักดิ์",
    )
    assert list(plan.decisions.values_list("action", flat=True)) == [
        "submit",
        "send_to_development",
        "endorse",
        "announce",
        "record_posting",
    ]


class TestRequiredDetails:
    def test_returning_needs_a_reason(self, plan, planner, support_member):
        workflow.perform(plan, "submit", by=planner)
        with pytest.raises(ValidationError, match="กรุณาระบุเหตุผล"):
            workflow.perform(plan, "return", by=support_member, note="  ")
        plan.refresh_from_db()
        assert plan.status == "support_review"
        assert plan.decisions.count() == 1
        workflow.perform(plan, "return", by=support_member, note="งบประมาณแผนงานการศึกษาเกิน")
        plan.refresh_from_db()
        assert plan.status == "draft"
        assert plan.decisions.last().note == "งบประมาณแผนงานการศึกษาเกิน"

    def test_announcing_needs_a_date_and_a_signer(self, plan, executive):
        Plan.objects.filter(pk=plan.pk).update(status="endorsed")
        plan.refresh_from_db()
        with pytest.raises(ValidationError, match="วันที่ประกาศและผู้ลงนาม"):
            workflow.perform(plan, "announce", by=executive, announced_on=None, announced_by="นายก")
        assert not plan.decisions.exists()

    def test_posting_cannot_start_before_the_announcement(self, plan, planner):
        Plan.objects.filter(pk=plan.pk).update(status="announced", announced_on=date(2026, 10, 20))
        plan.refresh_from_db()
        with pytest.raises(ValidationError, match="ต้องไม่ก่อนวันที่ประกาศ"):
            workflow.perform(plan, "record_posting", by=planner, posted_on=date(2026, 10, 1))
        plan.refresh_from_db()
        assert plan.status == "announced"


def test_a_stale_page_gets_a_thai_message_not_a_second_decision(plan, planner, support_member):
    stale = Plan.objects.get(pk=plan.pk)
    workflow.perform(plan, "submit", by=planner)
    with pytest.raises(ValidationError, match="โดยผู้ใช้อื่น"):
        workflow.perform(stale, "submit", by=planner)
    assert plan.decisions.count() == 1


def test_decisions_are_never_changed_or_deleted(plan, planner):
    decision = workflow.perform(plan, "submit", by=planner)
    decision.note = "แก้ย้อนหลัง"
    with pytest.raises(ValueError, match="never changed"):
        decision.save()
    with pytest.raises(ValueError, match="never deleted"):
        decision.delete()


def test_the_next_actors_are_emailed_after_commit(plan, planner, support_member, mailoutbox,
                                                  django_capture_on_commit_callbacks):  # fmt: skip
    support_member.email = "village-head@example.go.th"
    support_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(plan, "submit", by=planner)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["village-head@example.go.th"]
    assert "คณะกรรมการสนับสนุนฯ กำลังพิจารณา" in mailoutbox[0].subject


class TestButtons:
    def test_each_persona_sees_only_its_buttons(self, client_for, plan, planner, committee_member):
        submit = reverse("approvals:perform", args=[plan.pk, "submit"])
        assert submit in client_for(planner).get(f"/plans/{plan.pk}/").content.decode()
        assert submit not in client_for(committee_member).get(f"/plans/{plan.pk}/").content.decode()

    def test_pressing_a_button_moves_the_plan(self, client_for, plan, planner):
        response = client_for(planner).post(
            reverse("approvals:perform", args=[plan.pk, "submit"]), follow=True
        )
        assert "ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว" in response.content.decode()
        plan.refresh_from_db()
        assert plan.status == "support_review"

    def test_a_missing_reason_is_a_thai_message(self, client_for, plan, planner, support_member):
        workflow.perform(plan, "submit", by=planner)
        response = client_for(support_member).post(
            reverse("approvals:perform", args=[plan.pk, "return"]), {"note": ""}, follow=True
        )
        assert "กรุณาระบุเหตุผลที่ส่งกลับไปแก้ไข" in response.content.decode()
        plan.refresh_from_db()
        assert plan.status == "support_review"

    def test_refusals(self, client_for, plan, viewer, other_org_planner, planner):
        url = reverse("approvals:perform", args=[plan.pk, "submit"])
        assert client_for(viewer).post(url).status_code == 403
        assert client_for(other_org_planner).post(url).status_code == 404
        assert client_for(planner).get(url).status_code == 405
        assert (
            client_for(planner)
            .post(reverse("approvals:perform", args=[plan.pk, "fly"]))
            .status_code
            == 404
        )
        plan.refresh_from_db()
        assert plan.status == "draft"
        assert not plan.decisions.exists()


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_one_succeeds_one_decision(request):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL (CI); SQLite serialises writers itself")
    from accounts.models import Role
    from tests.factories import make_organization, make_plan, member

    organization = make_organization(slug="race")
    plan = make_plan(organization)
    first = member(organization, Role.PLANNER, username="race-1")
    second = member(organization, Role.PLANNER, username="race-2")
    barrier = threading.Barrier(2)
    outcomes = []

    def press(user):
        from django.db import connections

        try:
            stale = Plan.objects.get(pk=plan.pk)
            barrier.wait(timeout=10)
            workflow.perform(stale, "submit", by=user)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes)[0] == "ok"
    assert "โดยผู้ใช้อื่น" in sorted(outcomes)[1]
    assert Decision.objects.filter(plan=plan).count() == 1
