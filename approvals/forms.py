from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from approvals.meetings import SCHEDULED_FIELDS
from approvals.models import Committee, CommitteeMember, MeetingMethod, Outcome, PostingRecord
from projects.models import PlanStatus
from thai.forms import DateField, PrintedTextForm
from uploads.images import PhotoField


class CommitteeForm(PrintedTextForm, forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["kind", "name", "term_start", "term_end"]
        field_classes = {"term_start": DateField, "term_end": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "เพิ่มคณะกรรมการ"))


class MemberForm(PrintedTextForm, forms.ModelForm):
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


def _member_label(member):
    return f"{member.name} — {member.get_role_display()}" + (
        f" ({member.position})" if member.position else ""
    )


class MeetingForm(PrintedTextForm, forms.Form):
    """Schedule a meeting (or a resolution by circulation) of the considering committee."""

    committee = forms.ModelChoiceField(label="คณะกรรมการ", queryset=None, empty_label=None)
    method = forms.ChoiceField(
        label="วิธีพิจารณา", choices=MeetingMethod.choices, initial=MeetingMethod.MEETING,
        widget=forms.RadioSelect,
    )  # fmt: skip
    number = forms.CharField(label="ครั้งที่", max_length=40, help_text="เช่น 1/2570")
    held_on = DateField(label="วันที่ประชุม", help_text="มติเวียน: วันที่ครบกำหนดตอบ")
    starts_at = forms.TimeField(
        label="เวลาเริ่มประชุม", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label="เวลาเลิกประชุม", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label="สถานที่", max_length=300, required=False)
    agenda = forms.CharField(
        label="เรื่องที่เสนอพิจารณาเพิ่มเติม (ระเบียบวาระ)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="ข้อละบรรทัด ร่างแผนที่พิจารณาอยู่ในระเบียบวาระเสมอ",
    )
    invitees = forms.ModelMultipleChoiceField(
        label="ผู้ได้รับเชิญ", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    letter_number = forms.CharField(
        label="เลขที่หนังสือเชิญประชุม",
        max_length=60,
        required=False,
        help_text="พิมพ์ในหนังสือเชิญประชุม เช่น พย 76801/123 (ไม่บังคับ)",
    )
    invited_on = DateField(label="วันที่ในหนังสือเชิญประชุม", required=False)

    def __init__(self, *args, plan, meeting=None, **kwargs):
        from approvals.meetings import considering_committee

        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(meeting, name) for name in SCHEDULED_FIELDS}
                | {"committee": meeting.committee, "invitees": list(meeting.invitees.all())},
            )
        super().__init__(*args, **kwargs)
        kind = considering_committee(plan)
        committees = plan.organization.committees.filter(kind=kind)
        self.fields["committee"].queryset = committees
        if meeting is not None:
            self.fields["committee"].disabled = True
        members = CommitteeMember.objects.filter(committee__in=committees).select_related(
            "committee"
        )
        self.fields["invitees"].queryset = members
        self.fields["invitees"].label_from_instance = _member_label
        if meeting is None and not self.is_bound:
            self.initial.setdefault("invitees", list(members))
        self.stage_label = dict(PlanStatus.choices).get(plan.status, "")

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม")
        invited_on, held_on = data.get("invited_on"), data.get("held_on")
        if invited_on and held_on and invited_on > held_on:
            self.add_error("invited_on", "วันที่ในหนังสือเชิญต้องไม่หลังวันประชุม")
        committee, invitees = data.get("committee"), data.get("invitees")
        if committee and invitees and any(m.committee_id != committee.pk for m in invitees):
            self.add_error("invitees", "ผู้ได้รับเชิญต้องเป็นกรรมการของคณะที่เลือก")
        return data


class ResolutionForm(PrintedTextForm, forms.Form):
    """What the committee resolved: attendance (or each member's answer), the outcome,
    the changes it asks for and the minutes."""

    held_on = DateField(label="วันที่ประชุมจริง", help_text="แก้ได้ถ้าเลื่อนประชุม ต้องไม่หลังวันนี้")
    attendees = forms.ModelMultipleChoiceField(
        label="ผู้มาประชุม", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.ChoiceField(label="ผลการพิจารณา (มติ)", choices=Outcome.choices,
                                widget=forms.RadioSelect)  # fmt: skip
    resolution = forms.CharField(
        label="มติที่ประชุม", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="ข้อความมติตามที่ประชุม เช่น ที่ประชุมมีมติเห็นชอบร่างแผน…",
    )  # fmt: skip
    changes = forms.CharField(
        label="รายการที่ต้องแก้ไขตามมติ", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="กรณีเห็นชอบโดยมีข้อแก้ไข: ข้อละบรรทัด เจ้าหน้าที่แก้ไขแล้วยืนยันได้โดยไม่ต้องประชุมใหม่",
    )  # fmt: skip
    minutes = forms.CharField(
        label="บันทึกรายงานการประชุม", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="สาระสำคัญของการประชุม (พิมพ์ในรายงานการประชุม)",
    )  # fmt: skip

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("initial", {"held_on": meeting.held_on})
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        members = list(meeting.committee.members.all())
        self.members = members
        self.fields["attendees"].queryset = meeting.committee.members.all()
        self.fields["attendees"].label_from_instance = _member_label
        self.answer_fields = []
        if meeting.is_circulation:
            del self.fields["attendees"]
            self.fields["held_on"].label = "วันที่สรุปมติเวียน"
            self.fields["minutes"].label = "บันทึกสรุปมติเวียน"
            for member in members:
                name = f"answer_{member.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=_member_label(member), required=False,
                    choices=[("", "ยังไม่ได้ตอบ"), *Outcome.choices],
                )  # fmt: skip
                self.fields[f"note_{member.pk}"] = forms.CharField(
                    label=f"หมายเหตุของ {member.name}", required=False, max_length=500
                )
                self.answer_fields.append((member, name, f"note_{member.pk}"))
            # Each member's answer first, then what they resolved together.
            answers = [field for _, *fields in self.answer_fields for field in fields]
            self.order_fields(["held_on", *answers, "outcome", "resolution", "changes"])

    def answers(self) -> dict:
        data = self.cleaned_data
        return {member: data[name] for member, name, _ in self.answer_fields if data.get(name)}

    def notes(self) -> dict:
        data = self.cleaned_data
        return {member: data.get(note, "") for member, _, note in self.answer_fields}


class AnnounceForm(PrintedTextForm, forms.Form):
    announced_on = DateField(label="วันที่ประกาศ (วันที่ลงนาม)")
    announced_by = forms.CharField(label="ผู้ลงนามประกาศ (ชื่อและตำแหน่ง)", max_length=200)


class CorrectAnnouncementForm(AnnounceForm):
    reason = forms.CharField(
        label="เหตุผลที่แก้ไข", widget=forms.Textarea(attrs={"rows": 2}),
        help_text="บันทึกไว้ในประวัติการพิจารณาและภาคผนวกของรูปเล่ม ข้อมูลเดิมยังแสดงอยู่",
    )  # fmt: skip


class PostingForm(PrintedTextForm, forms.ModelForm):
    """Where and when the announced plan was posted; approvals.posting checks the rules."""

    class Meta:
        model = PostingRecord
        fields = ["place", "place_detail", "url", "starts_on", "ends_on", "photo"]
        # The photo's header is checked here; approvals.posting stores it normalised.
        field_classes = {"starts_on": DateField, "ends_on": DateField, "photo": PhotoField}
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


class PostingCorrectionForm(PostingForm):
    """A new record that replaces a wrong one: the same details, and the reason."""

    class Meta(PostingForm.Meta):
        fields = [*PostingForm.Meta.fields, "reason"]
        labels = {"reason": "เหตุผลที่แก้ไขบันทึก"}
        widgets = PostingForm.Meta.widgets | {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["photo"].help_text = "เว้นว่างได้ถ้าใช้ภาพถ่ายเดิม (สถานที่เดิม)"
        self.helper.inputs[0].value = "บันทึกการแก้ไข"


class OfflineAnnouncementForm(PrintedTextForm, forms.Form):
    """An announcement signed on paper before OpPlan; approvals.offline checks the rules."""

    announced_on = DateField(label="วันที่ลงนามประกาศ", help_text="ตามที่ลงวันที่ไว้ในประกาศ")
    signer = forms.CharField(label="ผู้ลงนามประกาศ", max_length=200, help_text="ชื่อ-สกุล")
    position = forms.CharField(
        label="ตำแหน่ง", max_length=200, required=False,
        help_text="เช่น นายกองค์การบริหารส่วนตำบลหนองบัว",
    )  # fmt: skip
    scan = forms.FileField(
        label="สำเนาประกาศที่ลงนาม (PDF)",
        required=False,
        help_text="สแกนประกาศที่ลงนามแล้วเป็นไฟล์ PDF ขนาดไม่เกิน 20 MB (แนะนำให้แนบ)",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ExtensionForm(PrintedTextForm, forms.Form):
    new_date = DateField(label="ขยายกำหนดส่งแผนถึงวันที่")
    reason = forms.CharField(
        label="เหตุผลที่ขยายกำหนด",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "กรุณากรอกช่อง “เหตุผลที่ขยายกำหนด” (บันทึกไว้ในประวัติการพิจารณา)"},
    )


class PostingChangeForm(PrintedTextForm, forms.Form):
    reason = forms.CharField(label="เหตุผลที่ถอนบันทึก", widget=forms.Textarea(attrs={"rows": 2}))


# The page of each FORM transition of the table: its form, and the Decision's details.
DECISION_FORMS = {
    "announce": AnnounceForm,
    "correct_announcement": CorrectAnnouncementForm,
    "extend_deadline": ExtensionForm,
}
