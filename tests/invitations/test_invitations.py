"""Inviting people by e-mail: the planner invites staff and committee members, the
province administrator invites a planner; the invitee sets a password through a one-time
link; expired, used and broken links are explained; outsiders change nothing."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Membership, Role, User
from invitations import invitations
from invitations.models import Invitation
from invitations.tokens import invitation_token
from tests.oversight.conftest import supervisor
from tests.reference_data import restore_reference_data

pytestmark = pytest.mark.django_db(transaction=True)  # e-mail goes on commit
SITE = {"domain": "testserver", "protocol": "http"}


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    restore_reference_data()


def _link(message):
    return re.search(r"http://testserver(/invitations/\S+/\S+/)", message.body)[1]


def test_a_planner_invites_department_staff_who_sets_a_password_and_signs_in(
    client_for, client, organization, planner
):
    works = organization.departments.get(name="กองช่าง")
    response = client_for(planner).post(
        reverse("invitations:people"),
        {"email": "Somchai@Example.go.th", "first_name": "สมชาย", "last_name": "ช่างงาม",
         "role": Role.DEPARTMENT_STAFF, "department": works.pk},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email="somchai@example.go.th")
    assert user.username == "somchai@example.go.th"
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("role", "department__name")) == [
        ("department_staff", "กองช่าง")
    ]
    [message] = mail.outbox
    assert message.to == ["somchai@example.go.th"]
    assert "องค์การบริหารส่วนตำบลหนองบัว" in message.subject
    assert "เจ้าหน้าที่หน่วยงาน (กองช่าง)" in message.body

    link = _link(message)
    page = client.get(link)
    assert "somchai@example.go.th" in page.content.decode()
    response = client.post(link, {"first_name": "สมชาย", "last_name": "ช่างงาม",
                                  "new_password1": "ใหม่-Phayao-2570",
                                  "new_password2": "ใหม่-Phayao-2570"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password("ใหม่-Phayao-2570")
    assert Invitation.objects.get(user=user).accepted_at is not None
    signed_in = client.post(reverse("accounts:login"),
                            {"username": "somchai@example.go.th", "password": "ใหม่-Phayao-2570"})  # fmt: skip
    assert signed_in.status_code == 302

    used = client.get(link)
    assert used.status_code == 410
    assert "ลิงก์คำเชิญนี้ใช้ตั้งรหัสผ่านไปแล้ว" in used.content.decode()


def test_an_expired_link_says_so_and_sets_nothing(client, organization, planner, monkeypatch):
    invitations.invite(organization, email="a@example.go.th", role=Role.VIEWER, by=planner, **SITE)
    link = _link(mail.outbox[0])
    later = invitation_token._now() + timedelta(days=8)
    monkeypatch.setattr(invitation_token, "_now", lambda: later)
    response = client.post(link, {"first_name": "ก", "last_name": "ข",
                                  "new_password1": "ใหม่-Phayao-2570",
                                  "new_password2": "ใหม่-Phayao-2570"})  # fmt: skip
    assert response.status_code == 410
    assert "ลิงก์คำเชิญนี้หมดอายุแล้ว" in response.content.decode()
    assert not User.objects.get(email="a@example.go.th").has_usable_password()


def test_a_broken_link_is_explained(client, organization, planner):
    invitations.invite(organization, email="a@example.go.th", role=Role.VIEWER, by=planner, **SITE)
    link = _link(mail.outbox[0])
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 404
    assert "ลิงก์คำเชิญนี้ไม่ถูกต้อง" in response.content.decode()
    assert client.get("/invitations/zz/1-2/").status_code == 404


def test_a_password_reset_token_is_not_an_invitation(client, organization, planner):
    from django.contrib.auth.tokens import default_token_generator

    invitation = invitations.invite(
        organization, email="a@example.go.th", role=Role.VIEWER, by=planner, **SITE
    )
    uid = _link(mail.outbox[0]).split("/")[2]
    token = default_token_generator.make_token(invitation.user)
    assert client.get(f"/invitations/{uid}/{token}/").status_code == 404


def test_a_committee_member_is_invited_with_the_committee_role(organization, planner):
    invitation = invitations.invite(organization, email="kamnan@example.go.th",
                                    role=Role.DEVELOPMENT_COMMITTEE, by=planner, **SITE)  # fmt: skip
    assert Membership.objects.get(user=invitation.user).role == "development_committee"


def test_someone_with_an_account_gets_the_role_and_a_note_without_a_link(
    organization, other_organization, planner, other_org_planner
):
    other_org_planner.email = "other@example.go.th"
    other_org_planner.save()
    invitations.invite(organization, email="OTHER@example.go.th", role=Role.VIEWER, by=planner,
                       **SITE)  # fmt: skip
    assert Membership.objects.filter(user=other_org_planner, organization=organization).exists()
    [message] = mail.outbox
    assert "/invitations/" not in message.body
    assert "ท่านมีบัญชี OpPlan อยู่แล้ว" in message.body


def test_inviting_again_before_the_password_is_set_sends_the_link_again(organization, planner):
    for _ in range(2):
        invitations.invite(organization, email="a@example.go.th", role=Role.VIEWER, by=planner,
                           **SITE)  # fmt: skip
    assert len(mail.outbox) == 2
    assert Membership.objects.filter(user__email="a@example.go.th").count() == 1
    assert Invitation.objects.filter(email="a@example.go.th").count() == 2


def test_inviting_an_active_member_into_the_same_role_is_refused(organization, planner):
    planner.email = "planner@example.go.th"
    planner.save()
    with pytest.raises(ValidationError) as error:
        invitations.invite(organization, email="planner@example.go.th", role=Role.PLANNER,
                           by=planner, **SITE)  # fmt: skip
    assert "มีบทบาทนักวิเคราะห์นโยบายและแผนใน องค์การบริหารส่วนตำบลหนองบัว อยู่แล้ว" in str(error.value)
    assert mail.outbox == []


def test_another_organisations_planner_cannot_invite_into_this_one(organization, other_org_planner):
    with pytest.raises(PermissionDenied):
        invitations.invite(organization, email="x@example.go.th", role=Role.VIEWER,
                           by=other_org_planner, **SITE)  # fmt: skip
    assert not User.objects.filter(email="x@example.go.th").exists()
    assert Invitation.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize("persona", ["department_staff", "executive", "committee_member"])
def test_members_other_than_the_planner_cannot_invite(request, client_for, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        reverse("invitations:people"), {"email": "x@example.go.th", "role": Role.VIEWER}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.go.th").exists()


def test_a_department_of_another_organisation_is_refused(
    client_for, organization, other_organization, planner
):
    foreign = other_organization.departments.get(name="กองช่าง")
    response = client_for(planner).post(
        reverse("invitations:people"),
        {"email": "x@example.go.th", "role": Role.DEPARTMENT_STAFF, "department": foreign.pk},
    )
    assert response.status_code == 200
    assert "กรุณาเลือกหน่วยงานของ อปท. นี้" in response.content.decode()
    assert not User.objects.filter(email="x@example.go.th").exists()


def test_department_staff_need_a_department(client_for, planner):
    response = client_for(planner).post(
        reverse("invitations:people"), {"email": "x@example.go.th", "role": Role.DEPARTMENT_STAFF}
    )
    assert "เจ้าหน้าที่หน่วยงานต้องระบุหน่วยงาน" in response.content.decode()
    assert not User.objects.filter(email="x@example.go.th").exists()


def test_the_province_administrator_invites_a_planner_but_not_staff(organization):
    admin = supervisor("พะเยา", manages=True)
    invitation = invitations.invite(organization, email="p@example.go.th", role=Role.PLANNER,
                                    by=admin, **SITE)  # fmt: skip
    assert invitation.invited_by == admin
    with pytest.raises(PermissionDenied):
        invitations.invite(organization, email="s@example.go.th", role=Role.VIEWER, by=admin,
                           **SITE)  # fmt: skip
    assert not User.objects.filter(email="s@example.go.th").exists()


@pytest.mark.parametrize("where", [("เชียงราย", "", True), ("พะเยา", "เมือง", False),
                                   ("พะเยา", "", False)])  # fmt: skip
def test_supervisors_who_are_not_this_provinces_administrator_cannot_invite_a_planner(
    organization, where
):
    province, amphoe, manages = where
    user = supervisor(province, amphoe, manages=manages)
    with pytest.raises(PermissionDenied):
        invitations.invite(organization, email="p@example.go.th", role=Role.PLANNER, by=user,
                           **SITE)  # fmt: skip
    assert not User.objects.filter(email="p@example.go.th").exists()
