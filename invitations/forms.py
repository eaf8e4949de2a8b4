from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from accounts.forms import SetPasswordForm
from accounts.models import Department, Role
from invitations import invitations


class InviteForm(forms.Form):
    """Whom to invite, in which role (a department for department staff)."""

    email = forms.EmailField(
        label="อีเมล",
        error_messages={
            "required": "กรุณากรอกอีเมลของผู้ที่จะเชิญ",
            "invalid": "รูปแบบอีเมลไม่ถูกต้อง เช่น somsri@example.go.th",
        },
    )
    first_name = forms.CharField(label="ชื่อ", max_length=150, required=False)
    last_name = forms.CharField(label="นามสกุล", max_length=150, required=False)
    role = forms.ChoiceField(label="บทบาท", error_messages={"required": "กรุณาเลือกบทบาท"})
    department = forms.ModelChoiceField(
        label="หน่วยงาน",
        queryset=Department.objects.none(),
        required=False,
        help_text="ระบุเฉพาะเจ้าหน้าที่หน่วยงาน",
        error_messages={"invalid_choice": "กรุณาเลือกหน่วยงานของ อปท. นี้"},
    )

    def __init__(self, *args, organization, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        choices = [(r.value, organization.role_label(r)) for r in roles]
        self.fields["role"].choices = choices if len(roles) == 1 else [("", "— เลือก —"), *choices]
        if roles == [Role.PLANNER]:
            self.fields["role"].initial = Role.PLANNER
            del self.fields["department"]
        else:
            self.fields["department"].queryset = organization.departments.filter(is_active=True)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "ส่งคำเชิญทางอีเมล"))


class AcceptForm(SetPasswordForm):
    """The invitee's name and own password, from the e-mailed link."""

    first_name = forms.CharField(label="ชื่อ", max_length=150)
    last_name = forms.CharField(label="นามสกุล", max_length=150)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        kwargs.setdefault("initial", {"first_name": user.first_name, "last_name": user.last_name})
        super().__init__(user, *args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].error_messages["required"] = f"กรุณากรอก{self.fields[name].label}"
        self.order_fields(self.field_order)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "ตั้งรหัสผ่านและเริ่มใช้งาน"))

    def save(self, commit=True):
        return invitations.accept(
            self.user,
            password=self.cleaned_data["new_password1"],
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
        )
