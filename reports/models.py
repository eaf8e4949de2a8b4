from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import Organization
from reports.labels import DEFAULT_LABELS, PLACEHOLDERS, placeholders_in


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
            raise ValidationError({"text": "วงเล็บปีกกา { } ไม่ครบคู่"}) from None
        unknown = used - allowed
        if unknown:
            names = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "ไม่มี"
            raise ValidationError(
                {"text": f"ใช้ {{{sorted(unknown)[0]}}} ไม่ได้ ถ้อยคำนี้ใช้ได้เฉพาะ: {names}"}
            )
