"""Money: the budget classification (ด้าน/แผนงาน), budget sources and budget events."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Organization
from thai.format import fiscal_year_bounds


class BudgetSourceKind(models.TextChoices):
    ANNUAL = "annual", "ข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายประจำปี"
    SUPPLEMENTARY = "supplementary", "งบประมาณรายจ่ายเพิ่มเติม"
    ACCUMULATED_FUND = "accumulated_fund", "จ่ายขาดเงินสะสม"
    RESERVE_FUND = "reserve_fund", "ทุนสำรองเงินสะสม"
    SPECIFIC_GRANT = "specific_grant", "เงินอุดหนุนเฉพาะกิจ"
    TRANSFER = "transfer", "โอนงบประมาณ"
    CARRIED_OVER = "carried_over", "เงินกัน"
    OTHER_AGENCY = "other_agency", "งบประมาณของหน่วยงานอื่น"
    NO_BUDGET = "no_budget", "ไม่ใช้งบประมาณ"


class BudgetSource(models.Model):
    """A budget source: a reference type (no organisation) or an organisation's own.

    The reference rows, one per kind, come from a data migration. An
    organisation adds its own, e.g. "งบประมาณ อบจ.พะเยา" of kind other_agency.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_sources",
        verbose_name="อปท.",
        help_text="เว้นว่างสำหรับประเภทมาตรฐานที่ทุก อปท. ใช้ร่วมกัน",
    )
    kind = models.CharField("ประเภทแหล่งงบประมาณ", max_length=32, choices=BudgetSourceKind.choices)
    name = models.CharField("ชื่อแหล่งงบประมาณ", max_length=200)
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)
    is_active = models.BooleanField("ใช้งาน", default=True)

    class Meta:
        verbose_name = "แหล่งงบประมาณ"
        verbose_name_plural = "แหล่งงบประมาณ"
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BudgetSourceKind.values),
                name="budget_source_kind_valid",
                violation_error_message="ประเภทแหล่งงบประมาณไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="budget_source_name_not_empty",
                violation_error_message="ต้องระบุชื่อแหล่งงบประมาณ",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(organization__isnull=True),
                name="budget_source_one_reference_row_per_kind",
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(organization__isnull=False),
                name="budget_source_name_unique_per_organization",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_reference(self):
        return self.organization_id is None


class Sector(models.Model):
    """ด้าน: the four groups of the standard local-budget classification (domain.md §4)."""

    code = models.SlugField("รหัส", max_length=40, unique=True)
    name = models.CharField("ชื่อด้าน", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("ลำดับ", unique=True)

    class Meta:
        verbose_name = "ด้าน"
        verbose_name_plural = "ด้าน"
        ordering = ["order"]

    def __str__(self):
        return self.name


class Program(models.Model):
    """แผนงาน: one of the twelve programs of the local-budget classification."""

    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="programs", verbose_name="ด้าน"
    )
    code = models.SlugField("รหัส", max_length=40, unique=True)
    name = models.CharField("ชื่อแผนงาน", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("ลำดับ", unique=True)

    class Meta:
        verbose_name = "แผนงาน"
        verbose_name_plural = "แผนงาน"
        ordering = ["order"]

    def __str__(self):
        return self.name


class ProgramAlias(models.Model):
    """A spelling of a แผนงาน seen in real spreadsheets, normalised on import."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="aliases", verbose_name="แผนงาน"
    )
    name = models.CharField("ชื่อที่พบ", max_length=150, unique=True)

    class Meta:
        verbose_name = "ชื่อเรียกอื่นของแผนงาน"
        verbose_name_plural = "ชื่อเรียกอื่นของแผนงาน"
        ordering = ["program", "name"]

    def __str__(self):
        return f"{self.name} → {self.program}"


class BudgetEventKind(models.TextChoices):
    ANNUAL = "annual", "ข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายประจำปี"
    SUPPLEMENTARY = "supplementary", "ข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายเพิ่มเติม"
    ACCUMULATED_FUND = "accumulated_fund", "อนุมัติจ่ายขาดเงินสะสม"
    SPECIFIC_GRANT = "specific_grant", "ได้รับแจ้งเงินอุดหนุนเฉพาะกิจ"
    OTHER_AGENCY = "other_agency", "ได้รับแจ้งโครงการของหน่วยงานอื่นที่ดำเนินการในพื้นที่"


class BudgetEvent(models.Model):
    """An event that starts a plan's clock: the plan is due within N days of its announcement.

    domain.md §2: the annual budget ordinance, a supplementary budget, a grant from
    accumulated funds, a new specific grant, or notice of another agency's projects.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="budget_events", verbose_name="อปท."
    )
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    kind = models.CharField("ประเภท", max_length=32, choices=BudgetEventKind.choices)
    title = models.CharField(
        "ชื่อ", max_length=300, help_text="เช่น ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"
    )
    reference = models.CharField(
        "เลขที่/ครั้งที่", max_length=100, blank=True, help_text="เช่น ครั้งที่ 1/2570 หรือเลขที่หนังสือ"
    )
    announced_on = models.DateField("วันที่ประกาศหรือได้รับแจ้ง")
    total = models.DecimalField(
        "งบประมาณรวม (บาท)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "เหตุการณ์งบประมาณ"
        verbose_name_plural = "เหตุการณ์งบประมาณ"
        ordering = ["-fiscal_year", "announced_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BudgetEventKind.values),
                name="budget_event_kind_valid",
                violation_error_message="ประเภทเหตุการณ์งบประมาณไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="budget_event_fiscal_year_buddhist_era",
                violation_error_message="ปีงบประมาณต้องเป็นปี พ.ศ. (2500–2700)",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0),
                name="budget_event_total_not_negative",
                violation_error_message="งบประมาณรวมต้องไม่ติดลบ",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="budget_event_title_not_empty",
                violation_error_message="ต้องระบุชื่อเหตุการณ์งบประมาณ",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def deadline(self):
        """The last day to announce the plan (announcement + OPPLAN_PLAN_DEADLINE_DAYS)."""
        return self.announced_on + timedelta(days=settings.OPPLAN_PLAN_DEADLINE_DAYS)


def usual_annual_deadline(fiscal_year: int):
    """The year's plan deadline had its annual budget ordinance been announced on the
    first day of the fiscal year (1 ต.ค.): the latest of the usual deadlines, since the
    ordinance passes by 15 ก.ย. and takes effect on 1 ต.ค. (domain.md §2). Used only where
    no event was recorded for a year that is over (oversight, docs/adr/0049)."""
    start, _ = fiscal_year_bounds(fiscal_year)
    return start + timedelta(days=settings.OPPLAN_PLAN_DEADLINE_DAYS)


class Appropriation(models.Model):
    """The amount a budget event appropriates to one แผนงาน (optional, for the budget check)."""

    event = models.ForeignKey(
        BudgetEvent, on_delete=models.CASCADE, related_name="appropriations", verbose_name="เหตุการณ์"
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="+", verbose_name="แผนงาน"
    )
    amount = models.DecimalField("จำนวนเงิน (บาท)", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "งบประมาณตามแผนงาน"
        verbose_name_plural = "งบประมาณตามแผนงาน"
        ordering = ["event", "program__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "program"],
                name="appropriation_unique",
                violation_error_message="ระบุงบประมาณของแผนงานนี้ซ้ำ",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="appropriation_amount_not_negative",
                violation_error_message="จำนวนเงินต้องไม่ติดลบ",
            ),
        ]

    def __str__(self):
        return f"{self.program}: {self.amount}"
