"""The files of an announced edition as published: the same bytes for everyone, forever."""

from django.db import models
from django.db.models import Q

from projects.models import Plan
from results.models import Round

# A file's format as people read it: the app's buttons say "Excel", never "XLSX".
FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel"}


def published_path(record, filename):
    return f"published/{record.plan.organization.slug}/{filename}"


class PublishedFile(models.Model):
    """One downloadable file of an announced edition, with the SHA-256 shown beside it.

    Written once by public.publication.publish; never changed, so the digest on the
    public page always matches the bytes a citizen or an auditor downloads. A corrected
    announcement (a new snapshot revision) publishes a new set; the earlier set stays.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="published_files", verbose_name="แผน"
    )
    document = models.CharField("เอกสาร", max_length=20)
    fmt = models.CharField("รูปแบบ", max_length=8)
    name = models.CharField("ชื่อไฟล์", max_length=200)
    content_type = models.CharField(max_length=100)
    file = models.FileField("ไฟล์", upload_to=published_path, max_length=300)
    size = models.PositiveIntegerField("ขนาด (ไบต์)")
    sha256 = models.CharField("SHA-256", max_length=64)
    revision = models.PositiveSmallIntegerField(
        "ฉบับบันทึกที่",
        default=1,
        help_text="ตรงกับฉบับบันทึกของการประกาศ: 2 ขึ้นไปเมื่อผู้บริหารแก้ไขวันที่ประกาศหรือผู้ลงนาม",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ไฟล์ที่เผยแพร่"
        verbose_name_plural = "ไฟล์ที่เผยแพร่"
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "document", "fmt", "revision"], name="published_once"
            ),
            models.UniqueConstraint(fields=["plan", "name"], name="published_name_unique"),
            models.CheckConstraint(condition=Q(fmt__in=["pdf", "xlsx"]), name="published_fmt"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a published file is never changed")
        super().save(*args, **kwargs)

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.fmt]


def published_round_path(record, filename):
    return f"published/{record.round.organization.slug}/results/{filename}"


class PublishedRoundFile(models.Model):
    """One downloadable file of an announced round's results (the report as PDF and Excel,
    and its announcement), with its SHA-256: the sibling of PublishedFile (ADR 0031).

    Written once by public.publication.publish_round from the round's record, so the
    bytes never change when later editions change the plan in force.
    """

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="published_files", verbose_name="รอบรายงานผล"
    )
    document = models.CharField("เอกสาร", max_length=20)
    fmt = models.CharField("รูปแบบ", max_length=8)
    name = models.CharField("ชื่อไฟล์", max_length=200)
    content_type = models.CharField(max_length=100)
    file = models.FileField("ไฟล์", upload_to=published_round_path, max_length=300)
    size = models.PositiveIntegerField("ขนาด (ไบต์)")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ไฟล์รายงานผลที่เผยแพร่"
        verbose_name_plural = "ไฟล์รายงานผลที่เผยแพร่"
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "document", "fmt"], name="published_round_once"
            ),
            models.UniqueConstraint(fields=["round", "name"], name="published_round_name_unique"),
            models.CheckConstraint(
                condition=Q(fmt__in=["pdf", "xlsx"]), name="published_round_fmt"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a published file is never changed")
        super().save(*args, **kwargs)

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.fmt]
