"""Committees, their members, and meetings whose resolutions move the plan."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals import workflow
from approvals.meetings import (
    cancel_meeting,
    record_resolution,
    save_committee,
    save_member,
    schedule_meeting,
    update_meeting,
)
from approvals.models import Committee, CommitteeMember, Decision, Meeting, MemberAnswer
from tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(organization, committee_member):
    committee = Committee.objects.create(
        organization=organization, kind="support", name="คณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น"
    )
    chair = CommitteeMember.objects.create(committee=committee, name="นายปลัด ใจดี", role="chair")
    secretary = CommitteeMember.objects.create(
        committee=committee, name="นางสาวเลขา ตั้งใจ", role="secretary", user=committee_member
    )
    village = CommitteeMember.objects.create(
        committee=committee, name="นายผู้ใหญ่ บ้านนา", position="ผู้ใหญ่บ้านหมู่ที่ 3"
    )
    return committee, chair, secretary, village


@pytest.fixture
def under_review(plan, planner):
    submit(plan, by=planner)
    plan.refresh_from_db()
    return plan


HELD = date(2026, 10, 5)


def schedule(plan, by, committee, **extra):
    extra.setdefault("held_on", HELD)
    return schedule_meeting(plan, by=by, committee=committee, number="1/2570", **extra)


def resolve_it(meeting, by, outcome="approved", **extra):
    extra.setdefault("resolution", "เห็นชอบร่างแผน")
    return record_resolution(meeting, by=by, outcome=outcome, **extra)


class TestScheduling:
    def test_a_meeting_is_scheduled_before_it_happens_and_invites_every_member(
        self, under_review, planner, support
    ):
        committee = support[0]
        tomorrow = timezone.localdate() + timedelta(days=1)
        meeting = schedule(under_review, planner, committee, held_on=tomorrow, place="ห้องประชุม",
                           agenda="เรื่องแจ้งเพื่อทราบ", starts_at=time(9, 30))  # fmt: skip
        assert (meeting.is_recorded, meeting.decision_id, meeting.held_on) == (
            False,
            None,
            tomorrow,
        )
        assert set(meeting.invitees.all()) == set(committee.members.all())
        under_review.refresh_from_db()
        assert under_review.status == "support_review"
        assert under_review.decisions.count() == 1  # only the submission

    def test_the_secretary_schedules_and_edits_but_a_plain_member_may_not(
        self, under_review, committee_member, support_member, support
    ):
        committee = support[0]
        meeting = schedule(under_review, committee_member, committee)  # the secretary's account
        update_meeting(meeting, by=committee_member, place="ศาลาประชาคม", held_on=date(2026, 10, 6))
        meeting.refresh_from_db()
        assert (meeting.place, meeting.held_on) == ("ศาลาประชาคม", date(2026, 10, 6))
        with pytest.raises(PermissionDenied):
            schedule(under_review, support_member, committee)
        assert Meeting.objects.count() == 1

    def test_only_the_considering_committee_meets(self, under_review, planner, organization):
        development = Committee.objects.create(
            organization=organization, kind="development", name="คณะพัฒนา"
        )
        with pytest.raises(ValidationError) as refusal:
            schedule(under_review, planner, development)
        assert "คณะกรรมการสนับสนุน" in refusal.value.message_dict["committee"][0]
        assert not Meeting.objects.exists()

    def test_a_draft_has_no_meeting(self, plan, planner, support):
        with pytest.raises(ValidationError, match="ไม่ได้อยู่ระหว่างการพิจารณา"):
            schedule(plan, planner, support[0])
        assert not Meeting.objects.exists()

    def test_invitees_sit_on_the_committee(self, under_review, planner, support, organization):
        other = Committee.objects.create(organization=organization, kind="support", name="คณะเก่า")
        stranger = CommitteeMember.objects.create(committee=other, name="คนนอก")
        with pytest.raises(ValidationError, match="ต้องเป็นกรรมการของคณะนี้"):
            schedule(under_review, planner, support[0], invitees=[stranger])
        assert not Meeting.objects.exists()

    def test_a_scheduled_meeting_may_be_cancelled_a_recorded_one_never(
        self, under_review, planner, support
    ):
        committee, chair, secretary, _ = support
        cancel_meeting(schedule(under_review, planner, committee), by=planner)
        assert not Meeting.objects.exists()
        meeting = schedule(under_review, planner, committee)
        resolve_it(meeting, planner, attendees=[chair, secretary])
        with pytest.raises(ValidationError, match="บันทึกมติของการประชุมนี้แล้ว"):
            cancel_meeting(meeting, by=planner)
        with pytest.raises(ValidationError, match="บันทึกมติของการประชุมนี้แล้ว"):
            update_meeting(meeting, by=planner, place="ที่อื่น")
        assert Meeting.objects.get().place == ""


class TestResolutions:
    def test_the_secretarys_resolution_sends_the_plan_on(self, under_review, committee_member,
                                                         support):  # fmt: skip
        committee, chair, secretary, village = support
        meeting = resolve_it(schedule(under_review, committee_member, committee), committee_member,
                             attendees=[chair, secretary], minutes="ที่ประชุมพิจารณารายโครงการ")  # fmt: skip
        under_review.refresh_from_db()
        assert under_review.status == "development_review"
        assert meeting.decision.action == "send_to_development"
        assert meeting.decision.occurred_on == HELD
        assert "ครั้งที่ 1/2570: เห็นชอบร่างแผน" in meeting.decision.note
        assert (meeting.outcome, meeting.minutes) == ("approved", "ที่ประชุมพิจารณารายโครงการ")
        assert meeting.absentees() == [village]

    def test_not_approved_returns_the_plan_with_the_reasons(self, under_review, planner, support):
        committee, chair, secretary, _ = support
        resolve_it(schedule(under_review, planner, committee), planner, outcome="rejected",
                   resolution="ให้ทบทวนงบแผนงานการศึกษา", attendees=[chair, secretary])  # fmt: skip
        under_review.refresh_from_db()
        assert under_review.status == "draft"
        assert Decision.objects.last().action == "return"
        assert "ให้ทบทวนงบแผนงานการศึกษา" in Decision.objects.last().note

    def test_approved_with_changes_returns_to_the_planner_who_confirms_without_a_meeting(
        self, under_review, planner, support, department_staff
    ):
        committee, chair, secretary, _ = support
        resolve_it(schedule(under_review, planner, committee), planner,
                   outcome="approved_with_changes", attendees=[chair, secretary],
                   changes="ตัดโครงการซ้ำออก\nแก้งบประมาณโครงการที่ 3")  # fmt: skip
        under_review.refresh_from_db()
        assert under_review.status == "support_changes"
        assert under_review.is_editable  # the planner makes the listed changes
        with pytest.raises(PermissionDenied):
            workflow.perform(under_review, "confirm_changes", by=department_staff)
        workflow.perform(under_review, "confirm_changes", by=planner, note="แก้ครบ 2 ข้อ")
        under_review.refresh_from_db()
        assert under_review.status == "development_review"
        assert Meeting.objects.count() == 1
        assert list(under_review.decisions.values_list("action", flat=True)) == [
            "submit",
            "request_changes",
            "confirm_changes",
        ]

    def test_approved_with_changes_must_list_them(self, under_review, planner, support):
        committee, chair, secretary, _ = support
        meeting = schedule(under_review, planner, committee)
        with pytest.raises(ValidationError) as refusal:
            resolve_it(meeting, planner, outcome="approved_with_changes",
                       attendees=[chair, secretary])  # fmt: skip
        assert "ต้องระบุรายการที่ต้องแก้ไข" in refusal.value.message_dict["changes"][0]
        meeting.refresh_from_db()
        assert (meeting.outcome, under_review.decisions.count()) == ("", 1)

    def test_a_meeting_in_the_future_cannot_be_recorded(self, under_review, planner, support):
        committee, chair, secretary, _ = support
        tomorrow = timezone.localdate() + timedelta(days=1)
        meeting = schedule(under_review, planner, committee, held_on=tomorrow)
        with pytest.raises(ValidationError) as refusal:
            resolve_it(meeting, planner, attendees=[chair, secretary])
        assert "ยังไม่ถึงวันประชุม" in refusal.value.message_dict["held_on"][0]
        meeting.refresh_from_db()
        assert (meeting.outcome, meeting.held_on) == ("", tomorrow)
        # Held earlier than planned: the real date is recorded with the resolution.
        resolve_it(meeting, planner, attendees=[chair, secretary], held_on=date(2026, 10, 2))
        meeting.refresh_from_db()
        assert meeting.decision.occurred_on == date(2026, 10, 2)

    def test_without_quorum_nothing_is_resolved(self, under_review, planner, support):
        committee, chair, _, _ = support
        meeting = schedule(under_review, planner, committee)
        with pytest.raises(ValidationError) as refusal:
            resolve_it(meeting, planner, attendees=[chair])
        assert refusal.value.message_dict["attendees"] == [
            "ไม่ครบองค์ประชุม: กรรมการมาประชุม 1 คน ต้องไม่น้อยกว่ากึ่งหนึ่งของกรรมการทั้งหมด (2 จาก 3 คน)"
        ]
        under_review.refresh_from_db()
        assert under_review.status == "support_review"

    def test_attendees_must_sit_on_the_committee(self, under_review, planner, support,
                                                 organization):  # fmt: skip
        other = Committee.objects.create(organization=organization, kind="support", name="คณะเก่า")
        stranger = CommitteeMember.objects.create(committee=other, name="คนนอก")
        meeting = schedule(under_review, planner, support[0])
        with pytest.raises(ValidationError, match="ต้องเป็นกรรมการของคณะนี้"):
            resolve_it(meeting, planner, attendees=[stranger])
        assert under_review.decisions.count() == 1

    def test_a_resolution_by_circulation_records_each_members_answer(
        self, under_review, planner, support
    ):
        committee, chair, secretary, village = support
        meeting = schedule(under_review, planner, committee, method="circulation")
        answers = {chair: "approved", secretary: "approved", village: "rejected"}
        resolve_it(meeting, planner, answers=answers, notes={village: "ขอเพิ่มถนนหมู่ 3"})
        under_review.refresh_from_db()
        assert under_review.status == "development_review"
        recorded = {(a.member.name, a.answer, a.note) for a in MemberAnswer.objects.all()}
        assert recorded == {
            ("นายปลัด ใจดี", "approved", ""),
            ("นางสาวเลขา ตั้งใจ", "approved", ""),
            ("นายผู้ใหญ่ บ้านนา", "rejected", "ขอเพิ่มถนนหมู่ 3"),
        }
        assert Meeting.objects.get().decision.note.startswith("มติเวียน: ")

    def test_a_circulation_outcome_must_follow_its_majority(self, under_review, planner, support):
        committee, chair, secretary, village = support
        meeting = schedule(under_review, planner, committee, method="circulation")
        with pytest.raises(ValidationError, match="เสียงเห็นชอบ \\(1\\) ไม่มากกว่าไม่เห็นชอบ \\(2\\)"):
            resolve_it(meeting, planner,
                       answers={chair: "approved", secretary: "rejected", village: "rejected"})  # fmt: skip
        with pytest.raises(ValidationError, match="ไม่ครบองค์ประชุม: กรรมการตอบมติเวียน 1 คน"):
            resolve_it(meeting, planner, answers={chair: "approved"})
        assert not MemberAnswer.objects.exists()
        under_review.refresh_from_db()
        assert under_review.status == "support_review"


class TestPages:
    def test_schedule_print_then_record_from_the_pages(self, client_for, committee_member,
                                                       under_review, support):  # fmt: skip
        committee, chair, secretary, village = support
        client = client_for(committee_member)
        page = client.get(reverse("projects:plan", args=[under_review.pk])).content.decode()
        assert reverse("approvals:meeting_schedule", args=[under_review.pk]) in page
        response = client.post(
            reverse("approvals:meeting_schedule", args=[under_review.pk]),
            {"committee": committee.pk, "method": "meeting", "number": "1/2570",
             "held_on": "2569-10-05", "place": "ห้องประชุม",
             "invitees": [chair.pk, secretary.pk, village.pk]},
        )  # fmt: skip
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        assert meeting.held_on == date(2026, 10, 5)  # a พ.ศ. year typed by habit
        assert (
            client.get(reverse("reports:meeting_invitation", args=[meeting.pk])).status_code == 200
        )
        assert client.get(reverse("reports:meeting_minutes", args=[meeting.pk])).status_code == 404
        response = client.post(
            reverse("approvals:meeting_resolution", args=[meeting.pk]),
            {"held_on": "2026-10-05", "attendees": [chair.pk, secretary.pk], "outcome": "approved",
             "resolution": "เห็นชอบ", "minutes": "", "changes": ""},
        )  # fmt: skip
        assert response.status_code == 302
        under_review.refresh_from_db()
        assert under_review.status == "development_review"

    def test_the_resolution_page_names_what_is_wrong_and_keeps_it(
        self, client_for, planner, under_review, support
    ):
        committee, chair, _, _ = support
        meeting = schedule(under_review, planner, committee)
        response = client_for(planner).post(
            reverse("approvals:meeting_resolution", args=[meeting.pk]),
            {"held_on": "2026-10-05", "attendees": [chair.pk], "outcome": "approved_with_changes",
             "resolution": "เห็นชอบโดยมีข้อแก้ไข", "changes": ""},
        )  # fmt: skip
        page = response.content.decode()
        assert response.status_code == 200
        assert "ต้องระบุรายการที่ต้องแก้ไข" in page
        assert "เห็นชอบโดยมีข้อแก้ไข</textarea>" in page
        meeting.refresh_from_db()
        assert meeting.outcome == ""


def test_committees_page_and_adding_members(client_for, planner, viewer, organization):
    client = client_for(planner)
    client.post(reverse("approvals:committees"),
                {"committee-kind": "development", "committee-name": "คณะกรรมการพัฒนาท้องถิ่น"})  # fmt: skip
    committee = Committee.objects.get(organization=organization)
    response = client.post(reverse("approvals:member_add", args=[committee.pk]),
                           {"name": "นายกำนัน ตำบลนา", "position": "กำนัน", "role": "member", "order": 1})  # fmt: skip
    assert response.status_code == 302
    assert (
        "นายกำนัน ตำบลนา" in client_for(viewer).get(reverse("approvals:committees")).content.decode()
    )
    assert client_for(viewer).post(reverse("approvals:committees"),
                                   {"committee-kind": "support", "committee-name": "x"}).status_code == 403  # fmt: skip
    assert Committee.objects.count() == 1


def test_a_member_account_must_belong_to_the_organization(planner, other_org_planner, organization):
    committee = save_committee(
        Committee(organization=organization, kind="support", name="คณะ"), by=planner
    )
    with pytest.raises(ValidationError, match=r"ไม่ได้อยู่ใน อปท\. นี้"):
        save_member(
            CommitteeMember(committee=committee, name="x", user=other_org_planner), by=planner
        )
