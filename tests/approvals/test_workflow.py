"""The lifecycle table: every (status, action) pair and every resolution, for every persona."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AmendmentPath, Organization, Role
from approvals import meetings, offline, workflow
from approvals.models import (
    CommitteeMember,
    Decision,
    Meeting,
    MemberRole,
    Notification,
    OfflineAnnouncement,
    Outcome,
    Snapshot,
)
from projects.models import Plan, PlanKind, PlanStatus
from tests.factories import committee_of, make_project, member, resolve, submit

pytestmark = pytest.mark.django_db

PERSONAS = [
    "planner",
    "department_staff",
    "support_member",
    "committee_member",
    "executive",
    "viewer",
    "support_secretary",
]


@pytest.fixture
def support_secretary(organization):
    """The support committee's secretary, with an account (no role of their own)."""
    user = member(organization, Role.VIEWER, username="secretary")
    committee = committee_of(organization, "support")
    CommitteeMember.objects.create(
        committee=committee, name="นางสาวเลขา ตั้งใจ", role=MemberRole.SECRETARY, user=user
    )
    return user


def details():
    today = timezone.localdate()
    return {
        "note": "เหตุผลประกอบ",
        "announced_on": date(2026, 10, 20),
        "announced_by": "นายก",
        "new_date": today + timedelta(days=30),
    }


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


def take(plan, step, user):
    """Take `step` the way its `via` says: a button or a form through `perform`, an
    announcement made on paper through its record (approvals/offline.py)."""
    if step.via == workflow.OFFLINE:
        with pytest.raises(ValidationError) as refusal:  # never without the paper's record
            workflow.perform(plan, step.action, by=user, **details())
        assert refusal.value.code == "needs_paper"
        paper = offline.record_announcement(
            plan, by=user, announced_on=details()["announced_on"], signer="นายสมศักดิ์ ใจดี"
        )
        return paper.decision
    return workflow.perform(plan, step.action, by=user, **details())


def refuse(plan, action, user, expected):
    """Every way in is refused: `perform`, and for an announcement made on paper its own
    write path as well. Returns perform's refusal."""
    with pytest.raises(expected) as refusal:
        workflow.perform(plan, action, by=user, **details())
    if action == offline.ACTION:
        with pytest.raises(expected):
            offline.record_announcement(plan, by=user, announced_on=date(2026, 10, 20),
                                        signer="นาย ก")  # fmt: skip
    return refusal


def force(plan, status):
    """Put the plan in `status` for the table test (the one place that may)."""
    announced = status in (PlanStatus.ANNOUNCED, PlanStatus.POSTED)
    Plan.objects.filter(pk=plan.pk).update(
        status=status,
        announced_on=date(2026, 10, 10) if announced else None,
        announced_by="นายเดิม" if announced else "",
    )
    plan.refresh_from_db()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("status", PlanStatus.values)
@pytest.mark.parametrize("action", workflow.ACTIONS)
def test_every_status_and_action_for_every_persona(request, plan, shape, status, action):
    make_project(plan)  # an empty plan is not sent for review: TestAnEmptyPlan
    kind, number, path = SHAPES[shape]
    Organization.objects.filter(pk=plan.organization_id).update(amendment_path=path)
    Plan.objects.filter(pk=plan.pk).update(kind=kind, number=number)
    plan = Plan.objects.select_related("organization").get(pk=plan.pk)
    step = expected_step(shape, status, action)
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        force(plan, status)
        assert workflow.transition(plan, action) == step
        counted = (Decision, Meeting, OfflineAnnouncement, Snapshot)
        before = tuple(model.objects.count() for model in counted)
        roles = {m.role for m in user.memberships.all()}
        allowed = step is not None and step.via in (
            workflow.BUTTON,
            workflow.FORM,
            workflow.OFFLINE,
        )
        allowed = allowed and bool(roles & step.roles)
        if allowed:
            decision = take(plan, step, user)
            plan.refresh_from_db()
            assert plan.status == step.target, (persona, status, action)
            assert (decision.from_status, decision.to_status, decision.actor) == (
                status,
                step.target,
                user,
            )
            assert Decision.objects.count() == before[0] + 1
            assert Meeting.objects.count() == before[1]  # no committee step is ever faked
            if step.via == workflow.OFFLINE:
                assert (decision.occurred_on, plan.announced_on) == (date(2026, 10, 20),) * 2
                assert OfflineAnnouncement.objects.count() == before[2] + 1
            records = action in workflow.ANNOUNCING or action == "correct_announcement"
            assert Snapshot.objects.count() == before[3] + records
            continue
        if step is None:
            expected = ValidationError  # not in this state: its own Thai message
        elif not workflow.may_take(user, plan, step):
            expected = PermissionDenied
        else:
            expected = ValidationError  # a resolution or a posting is needed
        refusal = refuse(plan, action, user, expected)
        if step is None:
            assert refusal.value.code == "invalid_state"
        plan.refresh_from_db()
        assert plan.status == status, (persona, status, action)
        assert tuple(model.objects.count() for model in counted) == before


@pytest.mark.parametrize("status", PlanStatus.values)
@pytest.mark.parametrize("outcome", Outcome.values)
@pytest.mark.parametrize("kind", ["support", "development"])
def test_every_resolution_in_every_status_for_every_persona(request, plan, status, outcome, kind):
    """Only the considering committee's resolution, recorded by the planner or that
    committee's secretary, moves the plan; every other attempt changes nothing."""
    committee = committee_of(plan.organization, kind)
    considering = workflow.REVIEWING_COMMITTEE.get(status)
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        force(plan, status)
        meeting = Meeting.objects.create(
            committee=committee, plan=plan, number="9/2570", held_on=date(2026, 10, 1)
        )
        before = Decision.objects.count()
        allowed = considering == kind and (
            persona == "planner" or (persona == "support_secretary" and kind == "support")
        )
        call = dict(
            by=user,
            outcome=outcome,
            resolution="มติที่ประชุม",
            changes="แก้ไขข้อ 1",
            attendees=list(committee.members.all()),
        )
        if allowed:
            meetings.record_resolution(meeting, **call)
            plan.refresh_from_db()
            step = workflow.resolution_transition(Plan(status=status), outcome)
            assert plan.status == step.target, (persona, status, outcome, kind)
            assert Decision.objects.count() == before + 1
            continue
        with pytest.raises((PermissionDenied, ValidationError)):
            meetings.record_resolution(meeting, **call)
        plan.refresh_from_db()
        meeting.refresh_from_db()
        assert plan.status == status, (persona, status, outcome, kind)
        assert (meeting.outcome, meeting.decision_id) == ("", None)
        assert Decision.objects.count() == before


def test_the_table_reaches_every_status_and_every_committee_stage_is_a_resolution():
    targets = {t.target for t in workflow.TRANSITIONS}
    assert targets == set(PlanStatus.values)
    # Every way out of a committee's review forward is a recorded resolution.
    for status in (PlanStatus.SUPPORT_REVIEW, PlanStatus.DEVELOPMENT_REVIEW):
        forward = [t for t in workflow.TRANSITIONS if t.source == status and t.moves
                   and t.action != "withdraw"]  # fmt: skip
        assert {t.via for t in forward} == {workflow.RESOLUTION}
        assert {t.outcome for t in forward} == set(Outcome.values)
    # Nothing reaches "endorsed" by a button except the planner's confirmation of changes a
    # committee resolved, and the amendment the executive approves alone.
    into_endorsed = {t.action for t in workflow.TRANSITIONS if t.target == PlanStatus.ENDORSED
                     and t.via == workflow.BUTTON}  # fmt: skip
    assert into_endorsed == {"confirm_changes", "propose_to_executive"}
    assert workflow.REVIEWING_COMMITTEE == {
        PlanStatus.SUPPORT_REVIEW: "support",
        PlanStatus.DEVELOPMENT_REVIEW: "development",
    }


def test_the_whole_path_leaves_one_decision_per_step_dated_by_its_event(plan, planner, executive):
    submit(plan, by=planner)
    resolve(plan, "approved_with_changes", by=planner, held_on=date(2026, 10, 1))
    assert plan.status == "support_changes"
    workflow.perform(plan, "confirm_changes", by=planner, on=date(2026, 10, 3))
    resolve(plan, by=planner, held_on=date(2026, 10, 8))
    workflow.perform(
        plan, "announce", by=executive, announced_on=date(2026, 10, 20), announced_by="นายสมศักดิ์"
    )
    plan.refresh_from_db()
    assert (plan.status, plan.announced_on, plan.announced_by) == (
        "announced",
        date(2026, 10, 20),
        "นายสมศักดิ์",
    )
    assert list(plan.decisions.values_list("action", "occurred_on")) == [
        ("submit", timezone.localdate()),
        ("request_changes", date(2026, 10, 1)),
        ("confirm_changes", date(2026, 10, 3)),
        ("endorse", date(2026, 10, 8)),
        ("announce", date(2026, 10, 20)),
    ]


class TestAnEmptyPlan:
    """The review sent a supplementary edition with no project to the support committee."""

    @pytest.mark.parametrize("shape", SHAPES)
    def test_no_step_sends_it_for_review_until_it_has_a_project(self, plan, planner, shape):
        kind, number, path = SHAPES[shape]
        Organization.objects.filter(pk=plan.organization_id).update(amendment_path=path)
        Plan.objects.filter(pk=plan.pk).update(kind=kind, number=number)
        plan = Plan.objects.select_related("organization").get(pk=plan.pk)
        action, label = {
            "amendment_by_executive": ("propose_to_executive", "เสนอผู้บริหารอนุมัติการแก้ไข"),
        }.get(shape, ("submit", "ส่งคณะกรรมการสนับสนุนฯ"))
        step = workflow.transition(plan, action)
        with pytest.raises(ValidationError) as refusal:
            workflow.perform(plan, action, by=planner, note="ส่งตามกำหนด")
        assert refusal.value.code == "not_ready"
        assert refusal.value.messages == [f"ยังไม่มีโครงการในแผนนี้ เพิ่มโครงการก่อน “{label}”"]
        plan.refresh_from_db()
        assert plan.status == "draft"
        assert (Decision.objects.count(), Notification.objects.count()) == (0, 0)

        make_project(plan)
        workflow.perform(plan, action, by=planner)
        plan.refresh_from_db()
        assert plan.status == step.target != "draft"

    def test_only_the_steps_that_send_it_on_need_a_project(self):
        needing = {(t.source, t.action) for t in workflow.TRANSITIONS if t.needs_projects}
        assert needing == {
            ("draft", "submit"),
            ("draft", "propose_to_executive"),
            ("support_changes", "confirm_changes"),
            ("development_changes", "confirm_changes"),
            ("draft", "announce_offline"),
        }

    @pytest.mark.parametrize("status", ["support_changes", "development_changes"])
    def test_rows_deleted_during_the_changes_asked_for_keep_it_back(self, plan, planner, status):
        # The planner may edit, and so delete every row, while making the committee's changes.
        Plan.objects.filter(pk=plan.pk).update(status=status)
        plan.refresh_from_db()
        with pytest.raises(ValidationError) as refusal:
            workflow.perform(plan, "confirm_changes", by=planner)
        assert refusal.value.code == "not_ready"
        plan.refresh_from_db()
        assert (plan.status, Decision.objects.count()) == (status, 0)

    def test_an_empty_draft_is_not_recorded_as_announced_on_paper(self, plan, planner):
        with pytest.raises(ValidationError) as refusal:
            workflow.perform(plan, "announce_offline", by=planner)
        assert refusal.value.messages == ["ยังไม่มีโครงการในแผนนี้ เพิ่มโครงการก่อน “ประกาศนอกระบบ”"]
        plan.refresh_from_db()
        assert (plan.status, Decision.objects.count()) == ("draft", 0)


class TestAnnouncementDates:
    @pytest.fixture
    def endorsed(self, plan, planner):
        submit(plan, by=planner)
        resolve(plan, by=planner, held_on=date(2026, 10, 1))
        resolve(plan, by=planner, held_on=date(2026, 10, 8))
        return plan

    def test_announcing_needs_a_date_and_a_signer_by_field(self, endorsed, executive):
        with pytest.raises(ValidationError) as refusal:
            workflow.perform(endorsed, "announce", by=executive, announced_on=None, announced_by="")
        assert refusal.value.message_dict == {
            "announced_on": ["กรุณาระบุวันที่ประกาศ"],
            "announced_by": ["กรุณาระบุผู้ลงนามประกาศ (ชื่อและตำแหน่ง)"],
        }
        assert endorsed.decisions.filter(action="announce").count() == 0

    @pytest.mark.parametrize(
        ("announced_on", "message"),
        [
            (date(1990, 1, 1), "ต้องไม่ก่อนวันที่คณะกรรมการมีมติ/เสนอผู้บริหาร (8 ตุลาคม 2569)"),
            (date(2026, 10, 7), "ต้องไม่ก่อนวันที่คณะกรรมการมีมติ/เสนอผู้บริหาร"),
            (None, "กรุณาระบุวันที่ประกาศ"),
        ],
    )
    def test_an_implausible_date_is_refused_by_name(self, endorsed, executive, announced_on,
                                                    message):  # fmt: skip
        with pytest.raises(ValidationError) as refusal:
            workflow.perform(endorsed, "announce", by=executive, announced_on=announced_on,
                             announced_by="นายก")  # fmt: skip
        assert message in refusal.value.message_dict["announced_on"][0]
        endorsed.refresh_from_db()
        assert (endorsed.status, endorsed.announced_on) == ("endorsed", None)

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("3000-01-01", "ปี 3000 ไม่ถูกต้อง"),
            ("1990-01-01", "ต้องไม่ก่อนวันที่คณะกรรมการมีมติ/เสนอผู้บริหาร (8 ตุลาคม 2569)"),
        ],
    )
    def test_the_page_names_the_date_field_and_keeps_the_signer(
        self, client_for, endorsed, executive, typed, message
    ):
        """The review saw year 3000 refused as "ต้องระบุวันที่ประกาศและผู้ลงนาม"."""
        response = client_for(executive).post(
            reverse("approvals:decide", args=[endorsed.pk, "announce"]),
            {"announced_on": typed, "announced_by": "นายสมศักดิ์ ใจดี"},
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert message in form.errors["announced_on"][0]
        assert "announced_by" not in form.errors
        assert 'value="นายสมศักดิ์ ใจดี"' in response.content.decode()
        endorsed.refresh_from_db()
        assert (endorsed.status, endorsed.announced_on) == ("endorsed", None)

    def test_an_announcement_in_the_future_is_refused(self, endorsed, executive):
        tomorrow = timezone.localdate() + timedelta(days=1)
        with pytest.raises(ValidationError, match="ต้องไม่หลังวันนี้"):
            workflow.perform(endorsed, "announce", by=executive, announced_on=tomorrow,
                             announced_by="นายก")  # fmt: skip

    def test_the_announcement_day_of_the_resolution_is_accepted(self, endorsed, executive):
        workflow.perform(
            endorsed, "announce", by=executive, announced_on=date(2026, 10, 8), announced_by="นายก"
        )
        assert endorsed.status == "announced"

    def test_a_wrong_date_is_corrected_by_a_new_decision_with_its_reason(self, endorsed, executive):
        workflow.perform(
            endorsed, "announce", by=executive, announced_on=date(2026, 10, 9), announced_by="นายก"
        )
        first = endorsed.snapshots.get()
        workflow.correct_announcement(
            endorsed, by=executive, announced_on=date(2026, 10, 19),
            announced_by="นายสมศักดิ์ ใจดี นายกองค์การบริหารส่วนตำบลหนองบัว",
            reason="พิมพ์วันที่ผิดจากประกาศที่ลงนามจริง",
        )  # fmt: skip
        endorsed.refresh_from_db()
        assert endorsed.announced_on == date(2026, 10, 19)
        correction = endorsed.decisions.get(action="correct_announcement")
        assert correction.note == (
            "แก้ไขการประกาศจาก 9 ตุลาคม 2569 โดย นายก เป็น 19 ตุลาคม 2569 โดย "
            "นายสมศักดิ์ ใจดี นายกองค์การบริหารส่วนตำบลหนองบัว: พิมพ์วันที่ผิดจากประกาศที่ลงนามจริง"
        )
        assert (correction.from_status, correction.to_status) == ("announced", "announced")
        # The announced record keeps both revisions; neither was overwritten.
        revisions = list(endorsed.snapshots.order_by("revision"))
        assert [r.revision for r in revisions] == [1, 2]
        assert revisions[0].sha256 == first.sha256
        assert revisions[0].content["announced_on"] == "2026-10-09"
        assert revisions[1].content["announced_on"] == "2026-10-19"
        assert revisions[1].decision == correction

    def test_a_correction_needs_a_reason_and_the_executive(self, endorsed, executive, planner):
        workflow.perform(
            endorsed, "announce", by=executive, announced_on=date(2026, 10, 9), announced_by="นายก"
        )
        with pytest.raises(ValidationError) as refusal:
            workflow.correct_announcement(endorsed, by=executive, announced_on=date(2026, 10, 19),
                                          announced_by="นายก", reason=" ")  # fmt: skip
        assert refusal.value.message_dict == {"note": ["กรุณาระบุเหตุผลที่แก้ไข"]}
        with pytest.raises(PermissionDenied):
            workflow.correct_announcement(endorsed, by=planner, announced_on=date(2026, 10, 19),
                                          announced_by="นายก", reason="ผิด")  # fmt: skip
        endorsed.refresh_from_db()
        assert endorsed.announced_on == date(2026, 10, 9)
        assert endorsed.snapshots.count() == 1


def test_a_button_step_dated_earlier_may_not_precede_the_last_step(plan, planner):
    submit(plan, by=planner, on=date(2026, 10, 5))
    resolve(plan, "approved_with_changes", by=planner, held_on=date(2026, 10, 6))
    with pytest.raises(ValidationError, match="ต้องไม่ก่อนขั้นก่อนหน้า"):
        workflow.perform(plan, "confirm_changes", by=planner, on=date(2026, 10, 5))
    with pytest.raises(ValidationError, match="ต้องไม่หลังวันนี้"):
        workflow.perform(plan, "confirm_changes", by=planner,
                         on=timezone.localdate() + timedelta(days=1))  # fmt: skip
    plan.refresh_from_db()
    assert plan.status == "support_changes"


def test_a_stale_page_gets_a_thai_message_not_a_second_decision(plan, planner, support_member):
    stale = Plan.objects.get(pk=plan.pk)
    submit(plan, by=planner)
    with pytest.raises(ValidationError, match="โดยผู้ใช้อื่น"):
        workflow.perform(stale, "submit", by=planner)
    assert plan.decisions.count() == 1


def test_decisions_are_never_changed_or_deleted(plan, planner):
    decision = submit(plan, by=planner)
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
        submit(plan, by=planner)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["village-head@example.go.th"]
    assert "คณะกรรมการสนับสนุนฯ กำลังพิจารณา" in mailoutbox[0].subject


class TestButtons:
    def test_each_persona_sees_only_its_buttons(self, client_for, plan, planner, committee_member):
        submit = reverse("approvals:perform", args=[plan.pk, "submit"])
        assert submit in client_for(planner).get(f"/plans/{plan.pk}/").content.decode()
        assert submit not in client_for(committee_member).get(f"/plans/{plan.pk}/").content.decode()

    def test_pressing_a_button_moves_the_plan(self, client_for, plan, planner):
        make_project(plan)
        response = client_for(planner).post(
            reverse("approvals:perform", args=[plan.pk, "submit"]), follow=True
        )
        assert "ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว" in response.content.decode()
        plan.refresh_from_db()
        assert plan.status == "support_review"

    def test_a_missing_reason_is_a_thai_message(self, client_for, plan, planner):
        submit(plan, by=planner)
        response = client_for(planner).post(
            reverse("approvals:perform", args=[plan.pk, "withdraw"]), {"note": ""}, follow=True
        )
        assert "กรุณาระบุเหตุผล" in response.content.decode()
        plan.refresh_from_db()
        assert plan.status == "support_review"

    def test_no_button_moves_a_plan_past_a_committee(self, client_for, plan, planner,
                                                     support_member, committee_member):  # fmt: skip
        """The review reported three clicks from draft to the executive: no more."""
        make_project(plan)
        planner_client = client_for(planner)
        planner_client.post(reverse("approvals:perform", args=[plan.pk, "submit"]))
        for user in (planner, support_member, committee_member):
            page = client_for(user).get(f"/plans/{plan.pk}/").content.decode()
            assert reverse("approvals:perform", args=[plan.pk, "send_to_development"]) not in page
            for action in ("send_to_development", "endorse", "request_changes", "return"):
                response = client_for(user).post(
                    reverse("approvals:perform", args=[plan.pk, action]), {"note": "x"}
                )
                assert response.status_code in (302, 403)
        plan.refresh_from_db()
        assert plan.status == "support_review"
        assert list(plan.decisions.values_list("action", flat=True)) == ["submit"]

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
    # PostgreSQL locks the plan's row; SQLite's write transactions take the database's
    # lock when they begin (settings' SQLITE_OPTIONS): either way the second reads the
    # status the first wrote and is told so, in the same words.
    from accounts.models import Role
    from tests.factories import make_organization, make_plan, member

    organization = make_organization(slug="race")
    plan = make_plan(organization)
    make_project(plan)
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
