"""Committees, their members, and meetings whose resolutions move the plan."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals import workflow
from approvals.meetings import record_meeting, save_committee, save_member
from approvals.models import Committee, CommitteeMember, Decision, Meeting

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
    workflow.perform(plan, "submit", by=planner)
    plan.refresh_from_db()
    return plan


def record(plan, by, committee, approve=True, **extra):
    return record_meeting(
        plan, by=by, committee=committee, number="1/2570", held_on=date(2026, 10, 5),
        resolution=extra.pop("resolution", "เห็นชอบร่างแผน"), approve=approve, **extra,
    )  # fmt: skip


def test_the_secretarys_resolution_sends_the_plan_on(under_review, committee_member, support):
    committee, chair, secretary, village = support
    meeting = record(under_review, committee_member, committee, attendees=[chair, secretary])
    under_review.refresh_from_db()
    assert under_review.status == "development_review"
    assert meeting.decision.action == "send_to_development"
    assert "ครั้งที่ 1/2570: เห็นชอบร่างแผน" in meeting.decision.note
    assert meeting.absentees() == [village]


def test_a_resolution_to_return_sends_the_plan_back_with_the_reason(under_review, planner, support):
    committee = support[0]
    record(under_review, planner, committee, approve=False, resolution="ให้ทบทวนงบแผนงานการศึกษา")
    under_review.refresh_from_db()
    assert under_review.status == "draft"
    assert Decision.objects.last().action == "return"


def test_the_wrong_committee_or_recorder_changes_nothing(
    under_review, support, viewer, organization
):
    development = Committee.objects.create(
        organization=organization, kind="development", name="คณะพัฒนา"
    )
    with pytest.raises(ValidationError, match="คณะกรรมการสนับสนุน"):
        record(under_review, support[2].user, development)
    with pytest.raises(PermissionDenied):
        record(under_review, viewer, support[0])
    under_review.refresh_from_db()
    assert under_review.status == "support_review"
    assert not Meeting.objects.exists()
    assert Decision.objects.count() == 1


def test_attendees_must_sit_on_the_committee(under_review, planner, support, organization):
    other = Committee.objects.create(organization=organization, kind="support", name="คณะเก่า")
    stranger = CommitteeMember.objects.create(committee=other, name="คนนอก")
    with pytest.raises(ValidationError, match="ผู้มาประชุมต้องเป็นกรรมการของคณะนี้"):
        record(under_review, planner, support[0], attendees=[stranger])
    assert not Meeting.objects.exists()


def test_no_meeting_can_move_a_draft(plan, planner, support):
    with pytest.raises(PermissionDenied):
        record(plan, planner, support[0])


def test_the_meeting_page_records_and_moves_the_plan(
    client_for, committee_member, under_review, support
):
    committee, chair, secretary, _ = support
    client = client_for(committee_member)
    assert (
        "บันทึกการประชุมและมติ"
        in client.get(reverse("projects:plan", args=[under_review.pk])).content.decode()
    )
    response = client.post(
        reverse("approvals:meeting_record", args=[under_review.pk]),
        {"committee": committee.pk, "number": "1/2570", "held_on": "2026-10-05", "place": "ห้องประชุม",
         "attendees": [chair.pk, secretary.pk], "resolution": "เห็นชอบ", "approve": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    under_review.refresh_from_db()
    assert under_review.status == "development_review"


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
