"""The background worker's presence, kept in the database every process can read."""

from django.db import models


class Heartbeat(models.Model):
    """A running worker says it is alive every few seconds (read by /healthz and the
    pages that wait on a render)."""

    worker_id = models.CharField("รหัสผู้ทำงาน", max_length=64, unique=True)
    host = models.CharField("เครื่อง", max_length=200)
    pid = models.PositiveIntegerField("process id")
    started_at = models.DateTimeField("เริ่มเมื่อ")
    seen_at = models.DateTimeField("รายงานล่าสุดเมื่อ", db_index=True)

    class Meta:
        verbose_name = "สัญญาณของผู้ทำงานเบื้องหลัง"
        verbose_name_plural = "สัญญาณของผู้ทำงานเบื้องหลัง"
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.host}:{self.pid} ({self.seen_at:%Y-%m-%d %H:%M:%S})"
