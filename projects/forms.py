from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q

from accounts.models import Department
from budget.models import BudgetSource, Program
from projects import months
from projects.models import PlanKind, Project, Strategy
from thai.format import FISCAL_MONTHS
from thai.forms import MoneyField, PrintedTextForm


class MonthsWidget(forms.CheckboxSelectMultiple):
    """Twelve toggles in fiscal order with whole-year and range shortcuts (static/js/months.js)."""

    template_name = "projects/widgets/months.html"


class MonthsField(forms.TypedMultipleChoiceField):
    """Planned months as a 12-bit mask (projects/months.py)."""

    widget = MonthsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(m.number, m.abbr) for m in FISCAL_MONTHS])
        kwargs.setdefault("coerce", int)
        super().__init__(**kwargs)
        self.error_messages["required"] = "ต้องเลือกเดือนที่ดำเนินการอย่างน้อย 1 เดือน"
        self.error_messages["invalid_choice"] = "เดือน %(value)s ไม่อยู่ในปีงบประมาณ"

    def prepare_value(self, value):
        if isinstance(value, int):
            return [str(n) for n in months.from_mask(value)]
        return value

    def clean(self, value):
        return months.to_mask(super().clean(value))

    def has_changed(self, initial, data):
        initial_mask = initial if isinstance(initial, int) else months.to_mask(initial or [])
        try:
            return initial_mask != months.to_mask(data or [])
        except ValueError:
            return True


class ProjectForm(PrintedTextForm, forms.ModelForm):
    budget = MoneyField(label="งบประมาณ (บาท)", help_text="ใส่ 0 สำหรับกิจกรรมที่ไม่ใช้งบประมาณ")
    months = MonthsField(label="เดือนที่ดำเนินการ")

    class Meta:
        model = Project
        fields = [
            "strategy",
            "program",
            "name",
            "details",
            "budget",
            "budget_source",
            "location",
            "department",
            "months",
            "is_equipment",
            "equipment_type",
            "equipment_category",
            "target",
            "development_plan_ref",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "details": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, plan, department_ids=None, **kwargs):
        """`department_ids`: the departments the user may choose (None: all of the organisation)."""
        super().__init__(*args, **kwargs)
        organization = plan.organization
        self.instance.plan = plan
        self.fields["strategy"].queryset = Strategy.objects.filter(organization=organization)
        self.fields["program"].queryset = Program.objects.select_related("sector")
        self.fields["budget_source"].queryset = BudgetSource.objects.filter(
            Q(organization=None) | Q(organization=organization), is_active=True
        )
        departments = Department.objects.filter(organization=organization)
        if department_ids is not None:
            departments = departments.filter(pk__in=department_ids)
        if self.instance.pk is None:
            departments = departments.filter(is_active=True)
        else:
            departments = departments.filter(Q(is_active=True) | Q(pk=self.instance.department_id))
        self.fields["department"].queryset = departments
        if department_ids is not None and len(department_ids) == 1 and not self.instance.pk:
            # The form's own initial (None from the new instance) would win over the field's.
            self.initial["department"] = next(iter(department_ids))
        for name in ("strategy", "program", "budget_source", "department"):
            self.fields[name].empty_label = "— เลือก —"
        self.helper = FormHelper()
        self.helper.form_tag = False


class StrategyForm(PrintedTextForm, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["number", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "บันทึก"))


class PlanCreateForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="ปีงบประมาณ (พ.ศ.)", coerce=int)
    budget_events = forms.ModelMultipleChoiceField(
        label="เหตุการณ์งบประมาณที่เริ่มนับกำหนดส่งแผน",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="เช่น วันประกาศใช้ข้อบัญญัติงบประมาณรายจ่ายประจำปี แผนต้องประกาศภายใน 30 วัน",
    )

    def __init__(self, *args, organization, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, str(y)) for y in years]
        self.fields["budget_events"].queryset = organization.budget_events.all()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "สร้างแผน"))


class PlanEventsForm(forms.Form):
    budget_events = forms.ModelMultipleChoiceField(
        label="เหตุการณ์งบประมาณ",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_events"].queryset = plan.organization.budget_events.filter(
            fiscal_year=plan.fiscal_year
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "บันทึก"))


SORTS = {
    "order": ("ลำดับในแผนงาน", ["order", "pk"]),
    "name": ("ชื่อโครงการ (ก–ฮ)", ["name", "pk"]),
    "-budget": ("งบประมาณ มาก → น้อย", ["-budget", "order", "pk"]),
    "budget": ("งบประมาณ น้อย → มาก", ["budget", "order", "pk"]),
}


class ProjectFilterForm(forms.Form):
    """The plan page's filters; every choice is limited to the plan's organisation."""

    q = forms.CharField(label="ค้นหา", required=False, max_length=200)
    strategy = forms.ModelChoiceField(label="ยุทธศาสตร์", queryset=None, required=False)
    program = forms.ModelChoiceField(label="แผนงาน", queryset=None, required=False)
    department = forms.ModelChoiceField(label="หน่วยงาน", queryset=None, required=False)
    budget_source = forms.ModelChoiceField(label="แหล่งงบประมาณ", queryset=None, required=False)
    equipment = forms.ChoiceField(
        label="ประเภทรายการ",
        required=False,
        choices=[("", "ทั้งหมด"), ("no", "โครงการ (ผด.02)"), ("yes", "ครุภัณฑ์ (ผด.02/1)")],
    )
    sort = forms.ChoiceField(
        label="เรียงตาม", required=False, choices=[(k, v[0]) for k, v in SORTS.items()]
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        organization = plan.organization
        self.fields["strategy"].queryset = Strategy.objects.filter(organization=organization)
        self.fields["program"].queryset = Program.objects.all()
        self.fields["department"].queryset = Department.objects.filter(organization=organization)
        self.fields["budget_source"].queryset = BudgetSource.objects.filter(
            Q(organization=None) | Q(organization=organization)
        )
        for name in ("strategy", "program", "department", "budget_source"):
            self.fields[name].empty_label = "ทั้งหมด"

    def apply(self, projects):
        """Filter and order a Project queryset by the valid choices (invalid ones are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            text = data["q"].strip()
            projects = projects.filter(
                Q(name__icontains=text) | Q(details__icontains=text) | Q(location__icontains=text)
            )
        for name in ("strategy", "program", "department", "budget_source"):
            if data.get(name):
                projects = projects.filter(**{name: data[name]})
        if data.get("equipment") in ("yes", "no"):
            projects = projects.filter(is_equipment=data["equipment"] == "yes")
        ordering = SORTS.get(data.get("sort") or "order", SORTS["order"])[1]
        if self.sorts_whole_plan:
            return projects.order_by(*ordering)
        return projects.order_by("strategy__number", "program__order", *ordering)

    @property
    def sorts_whole_plan(self) -> bool:
        """Sorted by name or budget: one list across every ยุทธศาสตร์ and แผนงาน (the
        plan's own order keeps the rows under their headings)."""
        return self.is_valid() and (self.cleaned_data.get("sort") or "order") != "order"


class EditionCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label="ประเภทฉบับ",
        choices=[
            (PlanKind.SUPPLEMENTARY, "ฉบับเพิ่มเติม — เพิ่มโครงการใหม่ (เช่น หลังมีงบประมาณเพิ่มเติม)"),
            (PlanKind.AMENDMENT, "ฉบับแก้ไข — แก้ไขโครงการที่ประกาศใช้แล้ว"),
        ],
        widget=forms.RadioSelect,
    )
    budget_events = forms.ModelMultipleChoiceField(
        label="เหตุการณ์งบประมาณที่เริ่มนับกำหนดส่งฉบับนี้",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="เช่น ข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม หรือการจ่ายขาดเงินสะสม",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_events"].queryset = plan.organization.budget_events.filter(
            fiscal_year=plan.fiscal_year
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "เริ่มจัดทำฉบับใหม่"))
