"""Plans (editions of an organisation's operational plan), strategies and projects."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum

from accounts.models import Department, Organization
from budget.models import BudgetEvent, BudgetSource, Program
from projects import months
from projects.months import ALL_MONTHS
from thai.collation import THAI_COLLATION
from thai.format import format_fiscal_year_range


class PlanKind(models.TextChoices):
    ORIGINAL = "original", "แผนการดำเนินงาน"
    SUPPLEMENTARY = "supplementary", "แผนการดำเนินงาน เพิ่มเติม"
    AMENDMENT = "amendment", "แผนการดำเนินงาน แก้ไข"


class PlanStatus(models.TextChoices):
    """The lifecycle of domain.md §2; approvals/workflow.py will be the only writer."""

    DRAFT = "draft", "ร่าง"
    SUPPORT_REVIEW = "support_review", "คณะกรรมการสนับสนุนฯ กำลังพิจารณา"
    SUPPORT_CHANGES = "support_changes", "แก้ไขตามมติคณะกรรมการสนับสนุนฯ"
    DEVELOPMENT_REVIEW = "development_review", "คณะกรรมการพัฒนาท้องถิ่นกำลังพิจารณา"
    DEVELOPMENT_CHANGES = "development_changes", "แก้ไขตามมติคณะกรรมการพัฒนาท้องถิ่น"
    ENDORSED = "endorsed", "เสนอผู้บริหารแล้ว"
    ANNOUNCED = "announced", "ประกาศใช้แล้ว"
    POSTED = "posted", "ปิดประกาศแล้ว"


# The plan's rows may change in these states: a draft, and a draft being corrected as a
# committee resolved ("เห็นชอบโดยมีข้อแก้ไข"). The transition table moves it on.
EDITABLE_STATUSES = frozenset(
    {PlanStatus.DRAFT, PlanStatus.SUPPORT_CHANGES, PlanStatus.DEVELOPMENT_CHANGES}
)
# An announced edition, posted or not: the record, never changed.
ANNOUNCED_STATUSES = frozenset({PlanStatus.ANNOUNCED, PlanStatus.POSTED})


class Plan(models.Model):
    """One edition of an organisation's operational plan for a fiscal year (พ.ศ.)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="plans", verbose_name="อปท."
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    kind = models.CharField(
        "ประเภทแผน", max_length=16, choices=PlanKind.choices, default=PlanKind.ORIGINAL
    )
    number = models.PositiveSmallIntegerField(
        "ครั้งที่", default=0, help_text="0 สำหรับแผนฉบับแรก; 1, 2, … สำหรับฉบับเพิ่มเติม/แก้ไข"
    )
    status = models.CharField(
        "สถานะ", max_length=32, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    announced_on = models.DateField("วันที่ประกาศ", null=True, blank=True)
    announced_by = models.CharField(
        "ผู้ลงนามประกาศ", max_length=200, blank=True, help_text="ชื่อและตำแหน่งผู้บริหารที่ลงนาม"
    )
    posting_started_on = models.DateField("วันที่เริ่มปิดประกาศ", null=True, blank=True)
    deadline_extended_to = models.DateField(
        "ขยายกำหนดส่งแผนถึง",
        null=True,
        blank=True,
        help_text="บันทึกโดยคำสั่งของผู้บริหาร (approvals.workflow.extend_deadline) เท่านั้น",
    )
    baseline = models.JSONField(
        "โครงการของฉบับก่อนหน้า",
        default=list,
        blank=True,
        help_text="ฉบับแก้ไข: รหัสโครงการในแผนรวมที่ประกาศแล้วเมื่อสร้างฉบับนี้ ใช้เทียบความเปลี่ยนแปลง",
    )
    budget_events = models.ManyToManyField(
        BudgetEvent,
        blank=True,
        related_name="plans",
        verbose_name="เหตุการณ์งบประมาณที่เกี่ยวข้อง",
        help_text="กำหนดส่งแผนนับจากวันประกาศของเหตุการณ์ที่เร็วที่สุด",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้สร้าง",
    )

    class Meta:
        verbose_name = "แผนการดำเนินงาน"
        verbose_name_plural = "แผนการดำเนินงาน"
        ordering = ["-fiscal_year", "kind", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values),
                name="plan_status_valid",
                violation_error_message="สถานะแผนไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values),
                name="plan_kind_valid",
                violation_error_message="ประเภทแผนไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="plan_fiscal_year_buddhist_era",
                violation_error_message="ปีงบประมาณต้องเป็นปี พ.ศ. (2500–2700)",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=PlanKind.ORIGINAL, number=0)
                    | (~Q(kind=PlanKind.ORIGINAL) & Q(number__gte=1))
                ),
                name="plan_number_matches_kind",
                violation_error_message="แผนฉบับแรกไม่มีครั้งที่ ฉบับเพิ่มเติม/แก้ไขต้องมีครั้งที่ตั้งแต่ 1",
            ),
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "kind", "number"],
                name="plan_edition_unique",
                violation_error_message="อปท. นี้มีแผนฉบับนี้ของปีงบประมาณนี้แล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.organization}"

    @property
    def title(self):
        """แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570, or แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570."""
        if self.kind == PlanKind.ORIGINAL:
            return f"แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"
        return f"{PlanKind(self.kind).label} ครั้งที่ {self.number}/{self.fiscal_year}"

    @property
    def fiscal_year_range(self):
        return format_fiscal_year_range(self.fiscal_year)

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_announced(self):
        return self.status in ANNOUNCED_STATUSES

    def deadline(self):
        """The executive's extension if there is one, else the earliest deadline among the
        linked budget events (each starts its own clock).

        Reads `budget_events`; prefetch it when listing plans.
        """
        if self.deadline_extended_to:
            return self.deadline_extended_to
        return self.original_deadline()

    def original_deadline(self):
        deadlines = [event.deadline for event in self.budget_events.all()]
        return min(deadlines) if deadlines else None

    def totals(self) -> dict:
        """{"count", "budget", "equipment"}: every row of this edition (ผด.02 and ผด.02/1),
        its total budget (None: no row) and how many are equipment. One query; the plan
        page and the waiting page of its documents say "65 โครงการ (ครุภัณฑ์ 6 รายการ)"."""
        return self.projects.aggregate(
            count=Count("pk"),
            budget=Sum("budget"),
            equipment=Count("pk", filter=Q(is_equipment=True)),
        )


class Strategy(models.Model):
    """ยุทธศาสตร์ of the organisation's 5-year development plan, numbered as there."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="strategies", verbose_name="อปท."
    )
    number = models.PositiveSmallIntegerField("ลำดับที่")
    name = models.CharField("ชื่อยุทธศาสตร์", max_length=300, db_collation=THAI_COLLATION)

    class Meta:
        verbose_name = "ยุทธศาสตร์"
        verbose_name_plural = "ยุทธศาสตร์"
        ordering = ["organization", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="strategy_number_unique",
                violation_error_message="อปท. นี้มียุทธศาสตร์ลำดับที่นี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="strategy_number_positive",
                violation_error_message="ลำดับที่ของยุทธศาสตร์ต้องเริ่มที่ 1",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="strategy_name_not_empty",
                violation_error_message="ต้องระบุชื่อยุทธศาสตร์",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Project(models.Model):
    """One row of ผด.02 (or of ผด.02/1 when it is an equipment purchase)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="projects", verbose_name="แผน"
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="projects", verbose_name="ยุทธศาสตร์"
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="projects", verbose_name="แผนงาน"
    )
    name = models.CharField("โครงการ", max_length=500, db_collation=THAI_COLLATION)
    details = models.TextField("รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ", blank=True)
    budget = models.DecimalField("งบประมาณ (บาท)", max_digits=14, decimal_places=2)
    budget_source = models.ForeignKey(
        BudgetSource, on_delete=models.PROTECT, related_name="projects", verbose_name="แหล่งงบประมาณ"
    )
    location = models.CharField("สถานที่ดำเนินการ", max_length=300, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name="หน่วยงานรับผิดชอบหลัก",
    )
    months = models.PositiveSmallIntegerField("เดือนที่ดำเนินการ")
    is_equipment = models.BooleanField(
        "เป็นรายการครุภัณฑ์ (ผด.02/1)",
        default=False,
        help_text="ครุภัณฑ์ที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่น จะแสดงในแบบ ผด.02/1 แทน ผด.02",
    )
    equipment_type = models.CharField(
        "ประเภทครุภัณฑ์", max_length=200, blank=True, help_text="เช่น ครุภัณฑ์สำนักงาน"
    )
    equipment_category = models.CharField(
        "หมวด", max_length=200, blank=True, help_text="เช่น ค่าครุภัณฑ์"
    )
    target = models.CharField("เป้าหมาย (ผลผลิตของครุภัณฑ์)", max_length=500, blank=True)
    development_plan_ref = models.CharField(
        "อ้างอิงแผนพัฒนาท้องถิ่น",
        max_length=300,
        blank=True,
        help_text="เช่น แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570) หน้า 45 ลำดับ 12",
    )
    order = models.PositiveIntegerField("ลำดับในแผนงาน", default=0)
    # Lineage across editions (projects/editions.py): the row an amendment copied, and
    # the first announced row of that lineage, which keys it in the consolidated plan.
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="แก้ไขจากโครงการ",
    )
    origin = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="โครงการเดิมในแผนที่ประกาศ",
    )
    # A project continued from last year's plan (results.carry_over): the row it came from.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ยกมาจากโครงการของปีก่อน",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="แก้ไขล่าสุดโดย",
    )

    class Meta:
        verbose_name = "โครงการ"
        verbose_name_plural = "โครงการ"
        ordering = ["plan", "strategy__number", "program__order", "order", "pk"]
        indexes = [models.Index(fields=["plan", "strategy", "program", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="project_budget_not_negative",
                violation_error_message="งบประมาณต้องไม่ติดลบ (ใส่ 0 สำหรับกิจกรรมที่ไม่ใช้งบประมาณ)",
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=ALL_MONTHS),
                name="project_months_within_fiscal_year",
                violation_error_message="ต้องเลือกเดือนที่ดำเนินการอย่างน้อย 1 เดือน",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="project_name_not_empty",
                violation_error_message="ต้องระบุชื่อโครงการ",
            ),
            models.CheckConstraint(
                condition=Q(is_equipment=False) | ~Q(equipment_type=""),
                name="project_equipment_has_type",
                violation_error_message="รายการครุภัณฑ์ต้องระบุประเภทครุภัณฑ์",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def lineage(self) -> int:
        """The key of this row in the consolidated plan of its fiscal year."""
        return self.origin_id or self.pk

    @property
    def month_flags(self) -> list[bool]:
        """Twelve booleans in fiscal order (ต.ค. first), for month bars."""
        return [bool(self.months & (1 << i)) for i in range(12)]

    @property
    def months_text(self) -> str:
        return months.describe(self.months)
