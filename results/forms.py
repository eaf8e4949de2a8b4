"""The forms of rounds and results. They read what people type (Thai digits, commas,
Buddhist-era years); the rules are results.rounds' (the one write path)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from results.models import REMARK_LENGTH, ResultStatus, RoundKind, ShareBasis
from results.rounds import ZERO, Entry
from thai.format import arabic_digits
from thai.forms import DateField, MoneyField
from uploads.images import PhotoField

# The grid's status keys (docs/adr/0028): a digit in front of each label, so typing it
# picks the status in any browser, and with JavaScript one Thai letter each. Two
# statuses start with ย, so ยกเลิก takes ล (เลิก) and กันเงิน… takes ก.
STATUS_KEYS = {
    ResultStatus.NOT_STARTED: ("1", "ย"),
    ResultStatus.IN_PROGRESS: ("2", "อ"),
    ResultStatus.DONE: ("3", "ด"),
    ResultStatus.CANCELLED: ("4", "ล"),
    ResultStatus.CARRIED_OVER: ("5", "ก"),
}
GRID_STATUS_CHOICES = [
    (status.value, f"{STATUS_KEYS[status][0]} {status.label}") for status in ResultStatus
]


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class OpenRoundForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="ปีงบประมาณ (พ.ศ.)", coerce=int)
    kind = forms.ChoiceField(label="รอบรายงาน", choices=RoundKind.choices)
    due_on = DateField(
        label="กำหนดส่งรายงานของหน่วยงาน",
        help_text="หน่วยงานที่ยังไม่ส่งจะได้รับการเตือนก่อนครบกำหนด 7 วันและ 1 วัน และทุกวันเมื่อเลยกำหนด",
    )
    share_basis = forms.ChoiceField(
        label="ร้อยละในตารางรายยุทธศาสตร์คิดจาก",
        choices=ShareBasis.choices,
        initial=ShareBasis.STRATEGY,
        widget=forms.RadioSelect,
        help_text="พิมพ์ไว้ในรายงานว่าใช้ตัวหารใด",
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(year, f"พ.ศ. {year}") for year in years]
        self.helper = _helper("เปิดรอบรายงาน")


class AnnounceRoundForm(forms.Form):
    announced_on = DateField(label="วันที่ประกาศ (วันที่ลงนาม)")
    signer = forms.CharField(label="ผู้ลงนามประกาศ", max_length=200)
    position = forms.CharField(label="ตำแหน่งผู้ลงนาม", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("ประกาศผลการดำเนินงาน")


class RoundPostingForm(forms.Form):
    posted_from = DateField(label="เริ่มปิดประกาศ")
    posted_until = DateField(label="ปิดประกาศถึง")
    where = forms.CharField(
        label="สถานที่หรือช่องทางที่ปิดประกาศ",
        max_length=300,
        help_text="เช่น บอร์ดประชาสัมพันธ์หน้าที่ทำการ และเว็บไซต์ของ อปท.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("บันทึกการปิดประกาศ")


class PercentField(forms.IntegerField):
    """A whole percentage, typed with Thai or Arabic digits (and maybe a % sign)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=100, **kwargs)
        self.error_messages["invalid"] = "กรอกความก้าวหน้าเป็นตัวเลขร้อยละ 0–100"
        self.error_messages["min_value"] = "ความก้าวหน้าต้องเป็นร้อยละ 0–100"
        self.error_messages["max_value"] = "ความก้าวหน้าต้องเป็นร้อยละ 0–100"

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digits(value).replace("%", "").strip()
        return super().to_python(value)


class ResultRowForm(forms.Form):
    """One row of the grid, as posted (by fetch or by the row's own submit button).

    Every row's inputs carry the prefix "r<lineage>" so that a page of rows has unique
    names and ids; the same prefix reads them back."""

    status = forms.ChoiceField(label="สถานะ", choices=GRID_STATUS_CHOICES)
    disbursed = MoneyField(label="เบิกจ่าย (บาท)", required=False)
    contract_amount = MoneyField(label="วงเงินตามสัญญา (บาท)", required=False)
    progress = PercentField(label="ความก้าวหน้า (ร้อยละ)", required=False)
    problems = forms.CharField(label="ปัญหา อุปสรรค", required=False, max_length=REMARK_LENGTH)
    suggestions = forms.CharField(label="ข้อเสนอแนะ", required=False, max_length=REMARK_LENGTH)
    confirm_over_budget = forms.BooleanField(label="ยืนยันเบิกจ่ายเกินงบประมาณ", required=False)

    def __init__(self, *args, lineage, **kwargs):
        super().__init__(*args, prefix=f"r{lineage}", **kwargs)
        self.fields["status"].error_messages["required"] = "เลือกสถานะของโครงการ"
        self.fields["status"].error_messages["invalid_choice"] = "สถานะไม่ถูกต้อง เลือกจากรายการ"

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            status=data["status"],
            disbursed=data["disbursed"] if data["disbursed"] is not None else ZERO,
            contract_amount=data["contract_amount"],
            progress=data["progress"],
            problems=data["problems"],
            suggestions=data["suggestions"],
            confirm_over_budget=data["confirm_over_budget"],
        )


class ResultPhotoForm(forms.Form):
    image = PhotoField(
        label="ภาพถ่ายผลการดำเนินงาน",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    caption = forms.CharField(label="คำอธิบายภาพ", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("แนบภาพถ่าย")
