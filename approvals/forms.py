from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from approvals.models import Committee, CommitteeMember, PostingRecord
from projects.models import PlanStatus
from thai.forms import DateField


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["kind", "name", "term_start", "term_end"]
        field_classes = {"term_start": DateField, "term_end": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "เพิ่มคณะกรรมการ"))


class MemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "position", "role", "user", "order"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["user"].queryset = User.objects.filter(
            memberships__organization=organization
        ).distinct()
        self.fields["user"].help_text = "ผูกกับบัญชีเพื่อให้เลขานุการบันทึกมติได้เอง (ไม่บังคับ)"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "เพิ่มกรรมการ"))


class MeetingForm(forms.Form):
    field_order = ["committee", "number", "held_on", "starts_at", "ends_at", "place", "agenda",
                   "attendees", "resolution", "approve", "letter_number", "invited_on"]  # fmt: skip

    committee = forms.ModelChoiceField(label="คณะกรรมการ", queryset=None, empty_label=None)
    number = forms.CharField(label="ครั้งที่", max_length=40, help_text="เช่น 1/2570")
    held_on = DateField(label="วันที่ประชุม")
    starts_at = forms.TimeField(
        label="เวลาเริ่มประชุม", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label="เวลาเลิกประชุม", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label="สถานที่", max_length=300, required=False)
    agenda = forms.CharField(
        label="ระเบียบวาระ", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attendees = forms.ModelMultipleChoiceField(
        label="ผู้มาประชุม", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    resolution = forms.CharField(label="มติที่ประชุม", widget=forms.Textarea(attrs={"rows": 3}))
    letter_number = forms.CharField(
        label="เลขที่หนังสือเชิญประชุม",
        max_length=60,
        required=False,
        help_text="พิมพ์ในหนังสือเชิญประชุม เช่น พย 76801/123 (ไม่บังคับ)",
    )
    invited_on = DateField(label="วันที่ในหนังสือเชิญประชุม", required=False)
    approve = forms.TypedChoiceField(
        label="ผลการพิจารณา",
        choices=[("1", "เห็นชอบ ส่งขั้นต่อไป"), ("0", "ส่งกลับไปแก้ไข (มติคือเหตุผล)")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        from approvals.meetings import STAGES

        kind = STAGES.get(plan.status, (None,))[0]
        committees = plan.organization.committees.filter(kind=kind)
        self.fields["committee"].queryset = committees
        self.fields["attendees"].queryset = CommitteeMember.objects.filter(committee__in=committees)
        self.fields["attendees"].label_from_instance = lambda m: (
            f"{m.name} — {m.get_role_display()}"
        )
        self.stage_label = dict(PlanStatus.choices).get(plan.status, "")

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม")
        invited_on, held_on = data.get("invited_on"), data.get("held_on")
        if invited_on and held_on and invited_on > held_on:
            self.add_error("invited_on", "วันที่ในหนังสือเชิญต้องไม่หลังวันประชุม")
        return data


class PostingForm(forms.ModelForm):
    """Where and when the announced plan was posted; approvals.posting checks the rules."""

    class Meta:
        model = PostingRecord
        fields = ["place", "place_detail", "url", "starts_on", "ends_on", "photo"]
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        widgets = {
            "photo": forms.ClearableFileInput(
                attrs={"accept": "image/*", "capture": "environment"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "บันทึกการปิดประกาศ"))

    def _post_clean(self):
        # The write path (approvals.posting.record_posting) validates the whole record.
        pass


class ExtensionForm(forms.Form):
    new_date = DateField(label="ขยายกำหนดส่งแผนถึงวันที่")
    reason = forms.CharField(label="เหตุผล", widget=forms.Textarea(attrs={"rows": 2}))
