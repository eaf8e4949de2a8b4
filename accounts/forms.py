from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's sign-in form with OpPlan's Thai labels and messages."""

    error_messages = {
        "invalid_login": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง "
        "(ตัวพิมพ์เล็กและพิมพ์ใหญ่ถือว่าต่างกัน)",
        "inactive": "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ",
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
