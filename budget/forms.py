from crispy_forms.helper import FormHelper
from django import forms

from budget.models import BudgetEvent, BudgetSource, Program
from thai.forms import DateField, MoneyField, PrintedTextForm


class BudgetEventForm(PrintedTextForm, forms.ModelForm):
    """An event and, optionally, the amount it appropriates to each แผนงาน."""

    total = MoneyField(label="งบประมาณรวม (บาท)", required=False)

    class Meta:
        model = BudgetEvent
        fields = ["fiscal_year", "kind", "title", "reference", "announced_on", "total"]
        field_classes = {"announced_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["announced_on"].help_text = (
            "วันที่ประกาศใช้ข้อบัญญัติ/เทศบัญญัติ หรือวันที่ได้รับแจ้ง ต้องไม่หลังวันนี้ "
            "· พิมพ์ วัน/เดือน/ปี พ.ศ. เช่น 15/9/2569 หรือกดปุ่ม “ปฏิทิน” แล้วเลือกวันที่"
        )
        self.fields["total"].help_text = "งบประมาณตามแผนงานด้านล่างรวมกันต้องไม่เกินจำนวนนี้"
        self.fields["fiscal_year"].help_text = "ปี พ.ศ. เช่น 2570"
        self.programs = list(Program.objects.select_related("sector"))
        existing = {}
        if self.instance.pk:
            existing = {a.program_id: a.amount for a in self.instance.appropriations.all()}
        for program in self.programs:
            self.fields[f"program_{program.pk}"] = MoneyField(
                label=program.name, required=False, initial=existing.get(program.pk)
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def appropriations_shown(self) -> bool:
        """Open the แผนงาน amounts when editing, or when some were typed or refused."""
        if self.instance.pk or "total" in self.errors:
            return True
        return any(self[f"program_{p.pk}"].value() not in (None, "") for p in self.programs)

    def appropriation_fields(self):
        return [self[f"program_{program.pk}"] for program in self.programs]

    def appropriations(self) -> dict:
        return {p: self.cleaned_data.get(f"program_{p.pk}") for p in self.programs}


class BudgetSourceForm(PrintedTextForm, forms.ModelForm):
    class Meta:
        model = BudgetSource
        fields = ["name", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "name"
        ].help_text = "เช่น งบประมาณ อบจ.พะเยา หรือ เงินอุดหนุนจากกรมส่งเสริมการปกครองท้องถิ่น"
        self.fields["kind"].initial = "other_agency"
