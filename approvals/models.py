"""The audit trail of a plan's lifecycle: one Decision row per transition, never changed."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from projects.models import Plan, PlanStatus


class Decision(models.Model):
    """Who moved a plan from one status to another, when, and why. Append-only."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="decisions", verbose_name="แผน"
    )
    action = models.CharField("การดำเนินการ", max_length=40)
    from_status = models.CharField("จากสถานะ", max_length=32, choices=PlanStatus.choices)
    to_status = models.CharField("เป็นสถานะ", max_length=32, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ดำเนินการ",
    )
    actor_name = models.CharField("ชื่อผู้ดำเนินการ", max_length=300)
    note = models.TextField("หมายเหตุ/เหตุผล", blank=True)
    at = models.DateTimeField("เมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "บันทึกการพิจารณา"
        verbose_name_plural = "บันทึกการพิจารณา"
        ordering = ["plan", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=PlanStatus.values) & Q(to_status__in=PlanStatus.values),
                name="decision_statuses_valid",
                violation_error_message="สถานะไม่ถูกต้อง",
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.action} ({self.from_status} → {self.to_status})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a Decision is an audit record and is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a Decision is an audit record and is never deleted")


class Comment(models.Model):
    """A reviewer's comment on the plan or on one of its projects, and the officer's answer."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="comments", verbose_name="แผน"
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="โครงการ",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ผู้ให้ความเห็น",
    )
    text = models.TextField("ความเห็น")
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField("คำตอบของเจ้าหน้าที่", blank=True)
    resolved_at = models.DateTimeField("แก้ไขแล้วเมื่อ", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ปิดความเห็น",
    )

    class Meta:
        verbose_name = "ความเห็นต่อร่างแผน"
        verbose_name_plural = "ความเห็นต่อร่างแผน"
        ordering = ["plan", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="comment_text_not_empty",
                violation_error_message="ต้องพิมพ์ความเห็น",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="comment_resolution_complete",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.text[:60]

    @property
    def is_resolved(self):
        return self.resolved_at is not None
