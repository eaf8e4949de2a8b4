from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from accounts.forms import (
    DepartmentForm,
    LoginForm,
    OrganizationChoiceForm,
    OrganizationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from accounts.middleware import choose_organization
from accounts.models import Department, Organization
from accounts.organizations import save_department, update_organization
from accounts.passwords import reset_hours
from accounts.permissions import (
    PLANNERS_ONLY,
    can_manage_organization,
    visible_departments,
    visible_organizations,
)
from files.serving import file_response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """ "ลืมรหัสผ่าน": a link by e-mail to the account's registered address."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"reset_hours": reset_hours()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The e-mailed link: a new password, then sign in with it."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "ตั้งรหัสผ่านใหม่แล้ว เข้าสู่ระบบด้วยรหัสผ่านใหม่ได้เลย")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """The signed-in account's own password; where a one-time password leads."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("projects:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "เปลี่ยนรหัสผ่านแล้ว")
        return response


@require_POST
def switch_organization(request):
    """Work in another of the user's organisations (the navbar's switcher)."""
    form = OrganizationChoiceForm(request.POST)
    if not form.is_valid():
        raise Http404("ไม่พบ อปท. ที่เลือก")
    organization = get_object_or_404(
        visible_organizations(request.user), pk=form.cleaned_data["organization"]
    )
    choose_organization(request, organization)
    messages.success(request, f"เปลี่ยนไปทำงานที่ {organization.name} แล้ว")
    return redirect("projects:dashboard")


def _managed_organization(request) -> Organization:
    organization = request.organization
    if organization is None or not can_manage_organization(request.user, organization):
        raise PermissionDenied(PLANNERS_ONLY)
    # A fresh copy: a form with errors must not change what the rest of the page shows.
    return visible_organizations(request.user).get(pk=organization.pk)


def organization_settings(request):
    """The organisation's own settings and its departments (planning officers only)."""
    organization = _managed_organization(request)
    form = OrganizationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_organization(form.instance, by=request.user, changed=form.changed_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "บันทึกการตั้งค่า อปท. แล้ว")
            return redirect("accounts:organization")
    return render(
        request,
        "accounts/organization.html",
        {
            "form": form,
            "organization": organization,
            "departments": organization.departments.all(),
            "department_form": DepartmentForm(prefix="department"),
        },
    )


def organization_logo(request, pk):
    """The uploaded logo, for anyone with a role in its organisation (printed documents
    carry it inside the PDF; nothing serves the upload itself without this check)."""
    organization = get_object_or_404(visible_organizations(request.user).exclude(logo=""), pk=pk)
    return file_response(organization.logo, missing="ไม่พบไฟล์ตราสัญลักษณ์")


def department_edit(request, pk=None):
    """Add (pk None) or change a department of the current organisation."""
    organization = _managed_organization(request)
    if pk is None:
        department = Department(organization=organization)
    else:
        department = get_object_or_404(
            visible_departments(request.user).filter(organization=organization), pk=pk
        )
    form = DepartmentForm(
        request.POST if request.method == "POST" else None, instance=department, prefix="department"
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_department(form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"บันทึกหน่วยงาน “{department.name}” แล้ว")
            return redirect("accounts:organization")
    return render(
        request, "accounts/department_form.html", {"form": form, "department": department}
    )
