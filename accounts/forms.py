from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import Department, Organization
from accounts.organizations import EDITABLE_FIELDS
from uploads.images import LogoField


class LoginForm(AuthenticationForm):
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


class OrganizationChoiceForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)


LOGO_MAX_BYTES = 2 * 1024 * 1024


class OrganizationForm(forms.ModelForm):
    """The settings a planning officer keeps for their own organisation."""

    class Meta:
        model = Organization
        fields = EDITABLE_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
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


class DepartmentForm(forms.ModelForm):
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
