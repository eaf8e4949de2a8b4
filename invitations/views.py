from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache

from accounts.models import User
from invitations import invitations, permissions
from invitations.forms import AcceptForm, InviteForm
from invitations.models import Invitation
from invitations.tokens import LinkStatus, invitation_token


def site_of(request) -> tuple[str, str]:
    """(domain, protocol) for the links in an e-mail, from the request being answered."""
    return request.get_host(), "https" if request.is_secure() else "http"


def invite_from_form(request, form, organization) -> bool:
    """Call the write path with the form's values; True when the invitation went out.
    Errors are put on the form (Thai, by field)."""
    domain, protocol = site_of(request)
    try:
        invitation = invitations.invite(
            organization,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            department=form.cleaned_data.get("department"),
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            by=request.user,
            domain=domain,
            protocol=protocol,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    messages.success(
        request,
        f"ส่งคำเชิญไปที่ {invitation.email} แล้ว ({organization.role_label(invitation.role)})",
    )
    return True


def people(request):
    """The current organisation's people and invitations; the planning officer invites."""
    organization = request.organization
    if organization is None or not permissions.can_invite(request.user, organization, None):
        raise PermissionDenied(invitations.MEMBERS_ONLY)
    roles = permissions.invitable_roles(request.user, organization)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        organization=organization,
        roles=roles,
    )
    posted = request.method == "POST" and form.is_valid()
    if posted and invite_from_form(request, form, organization):
        return redirect("invitations:people")
    members = (
        permissions.visible_members(request.user, organization)
        .select_related("user", "department")
        .order_by("user__first_name", "user__username", "role")
    )
    return render(
        request,
        "invitations/people.html",
        {
            "organization": organization,
            "form": form,
            "members": [
                (m, organization.role_label(m.role), m.user.has_usable_password()) for m in members
            ],
            "invitations": Invitation.objects.filter(organization=organization).select_related(
                "user", "invited_by", "department"
            )[:20],
        },
    )


def _user_of(uidb64):
    try:
        return User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


EXPLANATIONS = {
    LinkStatus.EXPIRED: "ลิงก์คำเชิญนี้หมดอายุแล้ว กรุณาขอให้ผู้เชิญ (นักวิเคราะห์นโยบายและแผน "
    "หรือผู้ดูแล อปท. ของจังหวัด) ส่งคำเชิญอีกครั้ง",
    LinkStatus.USED: "ลิงก์คำเชิญนี้ใช้ตั้งรหัสผ่านไปแล้ว เข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านที่ตั้งไว้ "
    "หากลืมรหัสผ่านใช้ “ลืมรหัสผ่าน” ที่หน้าเข้าสู่ระบบ",
    LinkStatus.INVALID: "ลิงก์คำเชิญนี้ไม่ถูกต้อง อาจคัดลอกมาไม่ครบ "
    "กรุณาเปิดจากอีเมลอีกครั้ง หรือขอให้ผู้เชิญส่งคำเชิญใหม่",
}


@login_not_required
@never_cache
def accept(request, uidb64, token):
    """The e-mailed link: the invitee's name and password, then sign in."""
    user = _user_of(uidb64)
    status = invitation_token.status(user, token)
    if status != LinkStatus.VALID:
        return render(
            request,
            "invitations/accept.html",
            {"problem": EXPLANATIONS[status], "status": status},
            status=410 if status in (LinkStatus.EXPIRED, LinkStatus.USED) else 404,
        )
    form = AcceptForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            f"ตั้งรหัสผ่านแล้ว เข้าสู่ระบบด้วยชื่อผู้ใช้ {user.username} และรหัสผ่านที่เพิ่งตั้งได้เลย",
        )
        return redirect("accounts:login")
    pending = invitations.pending_invitations(user).select_related("organization")
    return render(
        request,
        "invitations/accept.html",
        {"form": form, "account": user, "organizations": {i.organization for i in pending}},
    )
