from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm

from accounts import logins, passwords, tasks
from accounts.areas import ORGANIZATION_AREA_HELP
from accounts.models import Department, Organization
from accounts.organizations import EDITABLE_FIELDS
from thai.forms import PrintedTextForm
from uploads.images import LogoField


class SaysWhenLockedOut:
    """A sign-in form that, when throttling refused it, says so and when to try again."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return forms.ValidationError(
                logins.refusal(self.request, self.cleaned_data.get("username")),
                code="locked_out",
            )
        return super().get_invalid_login_error()


class AdminLoginForm(SaysWhenLockedOut, AdminAuthenticationForm):
    """The admin's sign-in form, throttled like OpPlan's own."""


class LoginForm(SaysWhenLockedOut, AuthenticationForm):
    """Django's sign-in form with OpPlan's Thai labels and messages."""

    error_messages = {
        "invalid_login": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง "
        "(ตัวพิมพ์เล็กและพิมพ์ใหญ่ถือว่าต่างกัน)",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "ชื่อผู้ใช้"
        self.fields["password"].label = "รหัสผ่าน"
        for field in self.fields.values():
            field.error_messages["required"] = f"กรุณากรอก{field.label}"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "เข้าสู่ระบบ", css_class="w-100"))


def _submit(form, label):
    form.helper = FormHelper()
    form.helper.add_input(Submit("submit", label))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Ask for a link by e-mail. The same answer whether or not an account has the address;
    the message is written and sent by the worker (accounts/tasks.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "อีเมลที่ลงทะเบียนไว้กับบัญชี"
        email.error_messages = {
            "required": "กรุณากรอกอีเมล",
            "invalid": "รูปแบบอีเมลไม่ถูกต้อง เช่น somsri@example.go.th",
        }
        _submit(self, "ส่งลิงก์ตั้งรหัสผ่านใหม่")

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        tasks.send_password_reset.enqueue(
            context["user"].pk, to_email, context["domain"], context["protocol"]
        )


class _OwnPassword:
    """Thai labels for the two new-password boxes; saved through passwords.set_password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน",
        }
        self.fields["new_password1"].label = "รหัสผ่านใหม่"
        self.fields["new_password2"].label = "รหัสผ่านใหม่อีกครั้ง"
        self.fields["new_password2"].help_text = "พิมพ์รหัสผ่านใหม่ซ้ำ เพื่อยืนยันว่าพิมพ์ถูก"
        for field in self.fields.values():
            field.error_messages["required"] = f"กรุณากรอก{field.label}"
        _submit(self, "บันทึกรหัสผ่านใหม่")

    def save(self, commit=True):
        passwords.set_password(self.user, self.cleaned_data["new_password1"])
        return self.user


class SetPasswordForm(_OwnPassword, auth_forms.SetPasswordForm):
    """A new password from the e-mailed link."""


class PasswordChangeForm(_OwnPassword, auth_forms.PasswordChangeForm):
    """A new password for the signed-in account, which types its current one first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "รหัสผ่านปัจจุบันไม่ถูกต้อง",
        }
        self.fields["old_password"].label = "รหัสผ่านปัจจุบัน"
        self.fields["old_password"].error_messages["required"] = "กรุณากรอกรหัสผ่านปัจจุบัน"


class OrganizationChoiceForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)


LOGO_MAX_BYTES = 2 * 1024 * 1024


class OrganizationForm(PrintedTextForm, forms.ModelForm):
    """The settings a planning officer keeps for their own organisation."""

    class Meta:
        model = Organization
        fields = EDITABLE_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        help_texts = ORGANIZATION_AREA_HELP
        # Format and size checked from the header here; stored normalised by the write
        # path (accounts.organizations, uploads.images).
        field_classes = {"logo": LogoField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = "ไฟล์ PNG หรือ JPEG ไม่เกิน 2 MB ใช้ในประกาศและปกแผน"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "บันทึก"))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "image") and logo.size > LOGO_MAX_BYTES:  # a new upload
            raise forms.ValidationError("ไฟล์ตราสัญลักษณ์ใหญ่เกิน 2 MB")
        return logo


class DepartmentForm(PrintedTextForm, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind", "order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "kind"
        ].help_text = "หน่วยงานภายนอก เช่น อบจ. ส่วนราชการ หรือรัฐวิสาหกิจที่ดำเนินโครงการในพื้นที่"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "บันทึก"))
