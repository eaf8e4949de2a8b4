"""Where a project's money comes from."""

from django.db import models
from django.db.models import Q

from accounts.models import Organization


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
                condition=Q(kind__in=BudgetSourceKind.values), name="budget_source_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="budget_source_name_not_empty"),
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
