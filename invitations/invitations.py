"""The write path of invitations: invite someone by e-mail into an organisation with a
role, and accept (set the account's password through the e-mailed link).

Inviting gives the role at once. A new address gets an account whose password is
unusable (it cannot sign in) named after the address; the e-mail carries a one-time link
to set the password (invitations/tokens.py). An address that already has an account
with a password gets the role and a note saying so. Inviting again someone who has not
set a password yet sends the link again. docs/adr/0042.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts import passwords
from accounts.models import Membership, Role, User
from invitations import tasks
from invitations.models import Invitation
from invitations.permissions import can_invite

logger = logging.getLogger(__name__)

NOT_ALLOWED = {
    Role.PLANNER: "เฉพาะนักวิเคราะห์นโยบายและแผนของ อปท. นี้ หรือผู้ดูแล อปท. ของจังหวัด "
    "เท่านั้นที่เชิญนักวิเคราะห์นโยบายและแผนได้",
}
MEMBERS_ONLY = "เฉพาะนักวิเคราะห์นโยบายและแผนของ อปท. นี้เท่านั้นที่เชิญผู้ใช้เข้า อปท. ได้"


def _errors(organization, *, email, role, department) -> dict:
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "รูปแบบอีเมลไม่ถูกต้อง เช่น somsri@example.go.th"
    if role not in Role.values:
        errors["role"] = "กรุณาเลือกบทบาท"
    elif role == Role.DEPARTMENT_STAFF:
        if department is None:
            errors["department"] = "เจ้าหน้าที่หน่วยงานต้องระบุหน่วยงาน"
        elif department.organization_id != organization.pk or not department.is_active:
            errors["department"] = "หน่วยงานนี้ไม่ใช่หน่วยงานที่ใช้งานของ อปท. นี้"
    elif department is not None:
        errors["department"] = "ระบุหน่วยงานเฉพาะบทบาทเจ้าหน้าที่หน่วยงาน"
    return errors


def _account(email, first_name, last_name) -> User:
    """The account of `email`: the one that has it, or a new one that cannot sign in yet."""
    accounts = list(User.objects.filter(email__iexact=email)[:2])
    if len(accounts) > 1:
        raise ValidationError({"email": "มีหลายบัญชีใช้อีเมลนี้ กรุณาติดต่อผู้ดูแลระบบให้แก้ไขก่อนเชิญ"})
    if accounts:
        return accounts[0]
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": "มีบัญชีชื่อผู้ใช้นี้แต่ใช้อีเมลอื่นอยู่แล้ว กรุณาติดต่อผู้ดูแลระบบ"})
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def invite(organization, *, email, role, by, domain, protocol, department=None,
           first_name="", last_name="") -> Invitation:  # fmt: skip
    """Give the account of `email` `role` in `organization` and e-mail it (on commit).

    Raises PermissionDenied (not the organisation's planner; for a planner also not the
    province administrator) or ValidationError (Thai, by field) and then changes nothing.
    """
    email = (email or "").strip().lower()
    if not can_invite(by, organization, role):
        raise PermissionDenied(NOT_ALLOWED.get(role, MEMBERS_ONLY))
    errors = _errors(organization, email=email, role=role, department=department)
    if errors:
        raise ValidationError(errors)
    user = _account(email, (first_name or "").strip(), (last_name or "").strip())
    existing = Membership.objects.filter(
        user=user, organization=organization, role=role, department=department
    ).exists()
    if existing and user.has_usable_password():
        raise ValidationError(
            {"email": f"{email} มีบทบาท{organization.role_label(role)}ใน {organization.name} อยู่แล้ว"}
        )
    if not existing:
        membership = Membership(
            user=user, organization=organization, role=role, department=department
        )
        membership.full_clean()
        membership.save()
    invitation = Invitation.objects.create(
        organization=organization,
        user=user,
        email=email,
        role=role,
        department=department,
        invited_by=by if getattr(by, "pk", None) else None,
    )
    transaction.on_commit(lambda: tasks.send_invitation.enqueue(invitation.pk, domain, protocol))
    logger.info("%s invited %r into %s as %s", by, email, organization.slug, role)
    return invitation


def pending_invitations(user):
    return Invitation.objects.filter(user=user, accepted_at__isnull=True)


@transaction.atomic
def accept(user, *, password, first_name, last_name) -> User:
    """The invitee's own password and name, from the e-mailed link (checked by the view
    with invitations.tokens). Ends the link (the token hashes the password)."""
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    passwords.set_password(user, password)
    pending_invitations(user).update(accepted_at=timezone.now())
    return user
