"""Results of a fiscal year's plan: rounds (6 months, 12 months, optional quarters), one
result per project in force per round, the departments that have reported, and the
round's announcement (domain.md §5)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Department, Organization
from projects.models import Project


class RoundKind(models.TextChoices):
    """The round and the last day it covers (month, day; the fiscal year starts in ต.ค.)."""

    QUARTER_1 = "quarter_1", "ไตรมาสที่ 1 (ต.ค.–ธ.ค.)"
    SIX_MONTH = "six_month", "รอบ 6 เดือน (ต.ค.–มี.ค.)"
    QUARTER_3 = "quarter_3", "ไตรมาสที่ 3 (ต.ค.–มิ.ย.)"
    ANNUAL = "annual", "รอบ 12 เดือน (ต.ค.–ก.ย.)"


# (month, day, years before the fiscal year's own): the day a round reports "as of".
AS_OF = {
    RoundKind.QUARTER_1: (12, 31, 1),
    RoundKind.SIX_MONTH: (3, 31, 0),
    RoundKind.QUARTER_3: (6, 30, 0),
    RoundKind.ANNUAL: (9, 30, 0),
}
ROUND_ORDER = list(AS_OF)  # quarter 1, six months, quarter 3, the year
# What the round's report is called, before what it follows: the report prints the two on
# lines of their own (as a form prints its title over its plan line), pages and the
# announcement on one (report_title).
REPORT_NAMES = {
    RoundKind.QUARTER_1: "รายงานผลการดำเนินงาน ไตรมาสที่ 1",
    RoundKind.SIX_MONTH: "รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน",
    RoundKind.QUARTER_3: "รายงานผลการดำเนินงาน ไตรมาสที่ 3",
    RoundKind.ANNUAL: "รายงานผลการดำเนินงาน รอบ 12 เดือน",
}


def followed_plan(fiscal_year) -> str:
    """ "ตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569": what a round's report follows."""
    return f"ตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {fiscal_year}"


def report_title(kind, fiscal_year) -> str:
    """ "รายงานผลการดำเนินงาน ไตรมาสที่ 1 ตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569"."""
    return f"{REPORT_NAMES[RoundKind(kind)]} {followed_plan(fiscal_year)}"


class RoundStatus(models.TextChoices):
    OPEN = "open", "เปิดรับรายงาน"
    CLOSED = "closed", "ปิดรับรายงานแล้ว"
    ANNOUNCED = "announced", "ประกาศผลแล้ว"


class ShareBasis(models.TextChoices):
    """What a strategy's shares are divided by (domain.md §5: both are in use)."""

    STRATEGY = "strategy", "จำนวนโครงการของแต่ละยุทธศาสตร์"
    PLAN = "plan", "จำนวนโครงการทั้งแผน"


class Round(models.Model):
    """One reporting round of a fiscal year's plan in force. Written only by results.rounds."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="rounds", verbose_name="อปท."
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    kind = models.CharField("รอบรายงาน", max_length=16, choices=RoundKind.choices)
    status = models.CharField(
        "สถานะ", max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    due_on = models.DateField("กำหนดส่งรายงานของหน่วยงาน")
    share_basis = models.CharField(
        "ร้อยละคิดจาก",
        max_length=16,
        choices=ShareBasis.choices,
        default=ShareBasis.STRATEGY,
        help_text="ตัวหารของร้อยละในตารางรายยุทธศาสตร์ (พิมพ์ไว้ในรายงาน)",
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField("ปิดรับรายงานเมื่อ", null=True, blank=True)
    announced_on = models.DateField("วันที่ประกาศผล", null=True, blank=True)
    announced_by = models.CharField("ผู้ลงนามประกาศ", max_length=200, blank=True)
    announced_position = models.CharField("ตำแหน่งผู้ลงนาม", max_length=200, blank=True)
    record = models.JSONField(
        "ผลการดำเนินงานที่ประกาศ",
        null=True,
        blank=True,
        editable=False,
        help_text="บันทึกเมื่อประกาศผล: รายงานพิมพ์จากบันทึกนี้ตลอดไป",
    )
    posted_from = models.DateField("เริ่มปิดประกาศ", null=True, blank=True)
    posted_until = models.DateField("ปิดประกาศถึง", null=True, blank=True)
    posted_where = models.CharField("สถานที่/ช่องทางปิดประกาศ", max_length=300, blank=True)
    last_reminded_on = models.DateField("เตือนหน่วยงานล่าสุด", null=True, blank=True)

    class Meta:
        verbose_name = "รอบรายงานผล"
        verbose_name_plural = "รอบรายงานผล"
        ordering = ["organization", "-fiscal_year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "kind"],
                name="round_once_per_year",
                violation_error_message="ปีงบประมาณนี้มีรอบรายงานนี้แล้ว",
            ),
            models.CheckConstraint(condition=Q(kind__in=RoundKind.values), name="round_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="round_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(share_basis__in=ShareBasis.values), name="round_share_basis_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=RoundStatus.ANNOUNCED, announced_on__isnull=False)
                | (~Q(status=RoundStatus.ANNOUNCED) & Q(announced_on__isnull=True)),
                name="round_announced_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.label} ปีงบประมาณ พ.ศ. {self.fiscal_year}"

    @property
    def label(self):
        return RoundKind(self.kind).label

    @property
    def title(self):
        return report_title(self.kind, self.fiscal_year)

    @property
    def as_of(self) -> date:
        """The last day the round covers, as a Gregorian date."""
        month, day, back = AS_OF[RoundKind(self.kind)]
        return date(self.fiscal_year - 543 - back, month, day)

    @property
    def is_open(self):
        return self.status == RoundStatus.OPEN

    @property
    def posting_started_late(self) -> bool:
        """Posting began more than OPPLAN_POSTING_WITHIN_DAYS after the announcement
        (accepted and recorded, shown as late — as for a plan's posting)."""
        if not (self.announced_on and self.posted_from):
            return False
        return (self.posted_from - self.announced_on).days > settings.OPPLAN_POSTING_WITHIN_DAYS

    @property
    def is_announced(self):
        return self.status == RoundStatus.ANNOUNCED


class ResultStatus(models.TextChoices):
    NOT_STARTED = "not_started", "ยังไม่ได้ดำเนินการ"
    IN_PROGRESS = "in_progress", "อยู่ระหว่างดำเนินการ"
    DONE = "done", "ดำเนินการแล้วเสร็จ"
    CANCELLED = "cancelled", "ยกเลิก"
    CARRIED_OVER = "carried_over", "กันเงิน/ขยายเวลาเบิกจ่ายไปปีถัดไป"


# Statuses whose projects may continue in next year's plan (results.carry_over).
UNFINISHED = (ResultStatus.NOT_STARTED, ResultStatus.IN_PROGRESS, ResultStatus.CARRIED_OVER)


# The longest ปัญหา อุปสรรค or ข้อเสนอแนะ a result takes, typed in the grid or imported.
REMARK_LENGTH = 3_000


class Result(models.Model):
    """What happened to one project of the plan in force, as of one round."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="results", verbose_name="รอบรายงาน"
    )
    lineage = models.PositiveIntegerField(
        "โครงการในแผนรวม", help_text="Project.lineage: the row's key across editions"
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="results", verbose_name="โครงการ"
    )
    status = models.CharField(
        "สถานะ", max_length=16, choices=ResultStatus.choices, default=ResultStatus.NOT_STARTED
    )
    disbursed = models.DecimalField("เบิกจ่าย (บาท)", max_digits=14, decimal_places=2, default=0)
    contract_amount = models.DecimalField(
        "วงเงินตามสัญญา (บาท)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    progress = models.PositiveSmallIntegerField("ความก้าวหน้า (ร้อยละ)", null=True, blank=True)
    problems = models.TextField("ปัญหา อุปสรรค", blank=True)
    suggestions = models.TextField("ข้อเสนอแนะ", blank=True)
    over_budget_confirmed = models.BooleanField("ยืนยันเบิกจ่ายเกินงบประมาณ", default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "ผลการดำเนินงานโครงการ"
        verbose_name_plural = "ผลการดำเนินงานโครงการ"
        ordering = ["round", "lineage"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "lineage"],
                name="result_once_per_round",
                violation_error_message="โครงการนี้มีผลการดำเนินงานของรอบนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ResultStatus.values), name="result_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(disbursed__gte=0),
                name="result_disbursed_not_negative",
                violation_error_message="เบิกจ่ายต้องไม่ติดลบ",
            ),
            models.CheckConstraint(
                condition=Q(contract_amount__isnull=True) | Q(contract_amount__gte=0),
                name="result_contract_not_negative",
                violation_error_message="วงเงินตามสัญญาต้องไม่ติดลบ",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="result_progress_percent",
                violation_error_message="ความก้าวหน้าต้องอยู่ระหว่าง 0–100",
            ),
        ]

    def __str__(self):
        return f"{self.project} — {self.get_status_display()}"


def result_photo_path(photo, filename):
    return f"results/{photo.result.round.organization.slug}/{photo.result.round_id}/{filename}"


class ResultPhoto(models.Model):
    """Photo evidence of a project's result (normalised like every uploaded image)."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="photos", verbose_name="ผลการดำเนินงาน"
    )
    image = models.ImageField("ภาพถ่าย", upload_to=result_photo_path, max_length=300)
    caption = models.CharField("คำอธิบายภาพ", max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "ภาพถ่ายผลการดำเนินงาน"
        verbose_name_plural = "ภาพถ่ายผลการดำเนินงาน"
        ordering = ["result", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class DepartmentReport(models.Model):
    """A department said its rows of a round are complete ("ส่งรายงานแล้ว")."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="department_reports", verbose_name="รอบรายงาน"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="หน่วยงาน"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "การส่งรายงานของหน่วยงาน"
        verbose_name_plural = "การส่งรายงานของหน่วยงาน"
        constraints = [
            models.UniqueConstraint(fields=["round", "department"], name="department_reports_once")
        ]

    def __str__(self):
        return f"{self.department} — {self.round}"


class ItaItem(models.Model):
    """An ITA item code of one assessment year (they change yearly: data, editable in admin)."""

    year = models.PositiveSmallIntegerField("ปีการประเมิน ITA (พ.ศ.)")
    document = models.CharField(
        "เอกสาร",
        max_length=20,
        choices=[
            ("plan", "แผนการดำเนินงาน"),
            ("six_month", "รายงานผล รอบ 6 เดือน"),
            ("annual", "รายงานผล ประจำปี"),
        ],
    )
    code = models.CharField("รหัสข้อ", max_length=10, help_text="เช่น O12")
    title = models.CharField("ชื่อข้อ", max_length=300)

    class Meta:
        verbose_name = "ข้อการประเมิน ITA"
        verbose_name_plural = "ข้อการประเมิน ITA"
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "document"], name="ita_item_once_per_year")
        ]

    def __str__(self):
        return f"ITA {self.year} {self.code} {self.title}"
