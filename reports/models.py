from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from accounts.models import Organization
from reports.labels import DEFAULT_LABELS, PLACEHOLDERS, placeholders_in
from reports.texts import TEXT_KEYS, check_placeholders


class ReportLabel(models.Model):
    """An organisation's own wording for one printed heading or column title."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="report_labels", verbose_name="อปท."
    )
    # Not a choices field: the list of wordings grows with the forms, without migrations.
    key = models.CharField("ข้อความ", max_length=40)
    text = models.CharField("ใช้คำว่า", max_length=300)

    class Meta:
        verbose_name = "ถ้อยคำในแบบรายงาน"
        verbose_name_plural = "ถ้อยคำในแบบรายงาน"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                name="report_label_unique",
                violation_error_message="กำหนดถ้อยคำนี้ไว้แล้ว",
            )
        ]

    def __str__(self):
        return f"{self.key}: {self.text}"

    def clean(self):
        if self.key not in DEFAULT_LABELS:
            raise ValidationError({"key": f"ไม่มีถ้อยคำ “{self.key}” ในแบบรายงาน"})
        allowed = PLACEHOLDERS.get(self.key, set())
        try:
            used = placeholders_in(self.text)
        except ValueError:
            raise ValidationError(
                {"text": "วงเล็บปีกกา { } ไม่ครบคู่ หรือช่องแทนค่ามีรูปแบบเพิ่มเติม (เช่น : หรือ !)"}
            ) from None
        unknown = used - allowed
        if unknown:
            names = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "ไม่มี"
            raise ValidationError(
                {"text": f"ใช้ {{{sorted(unknown)[0]}}} ไม่ได้ ถ้อยคำนี้ใช้ได้เฉพาะ: {names}"}
            )


class BookText(models.Model):
    """An organisation's own wording of a plan-book text, or one edition's override of it.

    `plan` empty: the organisation's default for every edition; set: that edition only
    (editable until the edition is announced — reports/book_texts.py is the write path).
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="book_texts", verbose_name="อปท."
    )
    plan = models.ForeignKey(
        "projects.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="book_texts",
        verbose_name="เฉพาะแผนฉบับ",
    )
    key = models.CharField("ข้อความ", max_length=20, choices=list(TEXT_KEYS.items()))
    text = models.TextField("ข้อความ")
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="แก้ไขล่าสุดโดย",
    )

    class Meta:
        verbose_name = "ข้อความในรูปเล่มแผน"
        verbose_name_plural = "ข้อความในรูปเล่มแผน"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                condition=Q(plan__isnull=True),
                name="book_text_unique_per_organization",
                violation_error_message="อปท. นี้มีข้อความนี้แล้ว",
            ),
            models.UniqueConstraint(
                fields=["plan", "key"],
                condition=Q(plan__isnull=False),
                name="book_text_unique_per_plan",
                violation_error_message="แผนฉบับนี้มีข้อความนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(key__in=list(TEXT_KEYS)),
                name="book_text_key_valid",
                violation_error_message="ไม่มีข้อความนี้ในรูปเล่มแผน",
            ),
        ]

    def __str__(self):
        return f"{TEXT_KEYS.get(self.key, self.key)} — {self.plan or self.organization}"

    def clean(self):
        check_placeholders(self.text)


class CapturedPrint(models.Model):
    """The printed values of an edition announced before snapshots recorded them.

    Such a snapshot holds the announced rows but not the organisation's names, wording,
    logo and signer. They are captured from the live tables at the first need after the
    upgrade (reports.sources.captured), once, and never changed, so the edition prints
    the same bytes from then on. They are not what was announced — nothing recorded that —
    which is why they live here, beside the snapshot, and not in it (ADR 0018).
    """

    plan = models.OneToOneField(
        "projects.Plan",
        on_delete=models.PROTECT,
        related_name="captured_print",
        verbose_name="แผน",
    )
    content = models.JSONField("ค่าที่พิมพ์")
    sha256 = models.CharField("SHA-256", max_length=64)
    captured_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ค่าที่พิมพ์ซึ่งบันทึกภายหลังการประกาศ"
        verbose_name_plural = "ค่าที่พิมพ์ซึ่งบันทึกภายหลังการประกาศ"

    def __str__(self):
        return f"{self.plan} ({self.sha256[:12]}…)"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("captured printed values are never changed")
        super().save(*args, **kwargs)


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "รอคิว"
    RUNNING = "running", "กำลังจัดทำ"
    DONE = "done", "เสร็จแล้ว"
    FAILED = "failed", "ไม่สำเร็จ"


class Render(models.Model):
    """A heavy document rendered by the worker (reports/background.py): one row per
    content digest, so the same content is never rendered twice at once, and the page
    that waits for it reads its status, progress and file from here."""

    digest = models.CharField("SHA-256 ของเนื้อหา", max_length=64, unique=True)
    document = models.CharField("เอกสาร", max_length=20)
    fmt = models.CharField("รูปแบบ", max_length=8)
    plan = models.ForeignKey(
        "projects.Plan", on_delete=models.CASCADE, related_name="renders", verbose_name="แผน"
    )
    consolidated = models.BooleanField("แผนรวมของปี", default=False)
    # A round's results report: built from the round; `plan` is then the year's first
    # edition in force, so the waiting page and the permission scope stay the plan's.
    round = models.ForeignKey(
        "results.Round",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="renders",
        verbose_name="รอบรายงานผล",
    )
    rows = models.PositiveIntegerField("จำนวนโครงการ", default=0)
    status = models.CharField(
        "สถานะ", max_length=16, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("ความคืบหน้า (%)", default=0)
    estimate_seconds = models.FloatField("เวลาที่คาด (วินาที)", null=True, blank=True)
    seconds = models.FloatField("ใช้เวลา (วินาที)", null=True, blank=True)
    error = models.TextField("สาเหตุที่ไม่สำเร็จ", blank=True)
    file = models.FileField("ไฟล์", max_length=300, blank=True)
    filename = models.CharField("ชื่อไฟล์", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "การจัดทำเอกสารเบื้องหลัง"
        verbose_name_plural = "การจัดทำเอกสารเบื้องหลัง"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RenderStatus.values), name="render_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="render_progress_percent"),
        ]

    def __str__(self):
        return f"{self.document}.{self.fmt} {self.digest[:12]} ({self.get_status_display()})"
