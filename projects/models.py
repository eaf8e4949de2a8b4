"""Plans (editions of an organisation's operational plan) and the แผนงาน reference list."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Organization
from thai.format import format_fiscal_year_range


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


class PlanKind(models.TextChoices):
    ORIGINAL = "original", "แผนการดำเนินงาน"
    SUPPLEMENTARY = "supplementary", "แผนการดำเนินงานเพิ่มเติม"
    AMENDMENT = "amendment", "แผนการดำเนินงานแก้ไข"


class PlanStatus(models.TextChoices):
    # The approval workflow adds its states here; the check constraint follows.
    DRAFT = "draft", "ร่าง"


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
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_valid"),
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
        """แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 (เพิ่มเติม ครั้งที่ 1/2570)."""
        base = f"แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {self.fiscal_year}"
        if self.kind == PlanKind.ORIGINAL:
            return base
        word = "เพิ่มเติม" if self.kind == PlanKind.SUPPLEMENTARY else "แก้ไข"
        return f"{base} ({word} ครั้งที่ {self.number}/{self.fiscal_year})"

    @property
    def fiscal_year_range(self):
        return format_fiscal_year_range(self.fiscal_year)
