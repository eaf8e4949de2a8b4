from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from accounts.areas import AMPHOE_HELP
from accounts.models import Organization, OrganizationType, name_contradicts_type


class OrganizationCreateForm(forms.Form):
    """A new organisation of the administrator's province (accounts.organizations)."""

    name = forms.CharField(
        label="ชื่อ อปท.", max_length=200, help_text="ชื่อเต็ม เช่น องค์การบริหารส่วนตำบลหนองบัว"
    )
    # No type preselected: a wrong default saved unnoticed is worse than one more choice.
    type = forms.ChoiceField(label="ประเภท", choices=[("", "— เลือก —"), *OrganizationType.choices])
    province = forms.ChoiceField(label="จังหวัด")
    amphoe = forms.CharField(
        label="อำเภอ",
        max_length=100,
        required=False,
        help_text=f"เว้นว่างได้เฉพาะ อบจ. · {AMPHOE_HELP} ให้ตรงกับที่ใช้อยู่ เพื่อให้ท้องถิ่นอำเภอเห็น อปท. นี้",
    )
    slug = forms.SlugField(
        label=Organization._meta.get_field("slug").verbose_name,
        max_length=60,
        help_text=Organization._meta.get_field("slug").help_text,
        error_messages={"invalid": "ใช้ได้เฉพาะตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข และขีด เช่น nongbua-phayao"},
    )

    def __init__(self, *args, provinces, amphoes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [(p, p) for p in provinces]
        self.fields["amphoe"].widget.attrs["list"] = "amphoe-choices"
        self.amphoes = amphoes
        for field in self.fields.values():
            field.error_messages["required"] = f"กรุณากรอก{field.label}"
        self.fields["type"].error_messages["required"] = "กรุณาเลือกประเภท อปท."
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "เพิ่ม อปท."))

    def clean(self):
        cleaned = super().clean()
        contradiction = name_contradicts_type(cleaned.get("name", ""), cleaned.get("type"))
        if contradiction:
            self.add_error("name", contradiction)
        return cleaned
