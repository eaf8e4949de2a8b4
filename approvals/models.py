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


class CommitteeKind(models.TextChoices):
    SUPPORT = "support", "คณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น"
    DEVELOPMENT = "development", "คณะกรรมการพัฒนาท้องถิ่น"


class Committee(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="committees",
        verbose_name="อปท.",
    )
    kind = models.CharField("คณะกรรมการ", max_length=16, choices=CommitteeKind.choices)
    name = models.CharField("ชื่อคณะกรรมการ", max_length=300)
    term_start = models.DateField("วาระตั้งแต่", null=True, blank=True)
    term_end = models.DateField("ถึง", null=True, blank=True)

    class Meta:
        verbose_name = "คณะกรรมการ"
        verbose_name_plural = "คณะกรรมการ"
        ordering = ["organization", "kind", "-term_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CommitteeKind.values), name="committee_kind_valid",
                violation_error_message="ประเภทคณะกรรมการไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="committee_term_in_order",
                violation_error_message="วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่ม",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", "ประธานกรรมการ"
    MEMBER = "member", "กรรมการ"
    SECRETARY = "secretary", "กรรมการและเลขานุการ"


class CommitteeMember(models.Model):
    """A member as appointed; many (village heads) have no account, so `user` is optional."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name="คณะกรรมการ"
    )
    name = models.CharField("ชื่อ-สกุล", max_length=200)
    position = models.CharField("ตำแหน่ง", max_length=200, blank=True, help_text="เช่น ผู้ใหญ่บ้านหมู่ที่ 3")
    role = models.CharField(
        "ในคณะกรรมการ", max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name="บัญชีผู้ใช้ (ถ้ามี)",
    )
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    class Meta:
        verbose_name = "กรรมการ"
        verbose_name_plural = "กรรมการ"
        ordering = ["committee", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values), name="committee_member_role_valid",
                violation_error_message="บทบาทในคณะกรรมการไม่ถูกต้อง",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Meeting(models.Model):
    """A committee meeting that considered a plan, and its resolution."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name="คณะกรรมการ"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="meetings", verbose_name="แผนที่พิจารณา"
    )
    number = models.CharField("ครั้งที่", max_length=40, help_text="เช่น 1/2570")
    held_on = models.DateField("วันที่ประชุม")
    place = models.CharField("สถานที่", max_length=300, blank=True)
    agenda = models.TextField("ระเบียบวาระ", blank=True)
    attendees = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="meetings_attended", verbose_name="ผู้มาประชุม"
    )
    resolution = models.TextField("มติที่ประชุม")
    # For the committee documents (approvals/letters.py); all optional.
    letter_number = models.CharField(
        "เลขที่หนังสือเชิญ", max_length=60, blank=True, help_text="เช่น พย 12345/123"
    )
    invited_on = models.DateField("วันที่ในหนังสือเชิญ", null=True, blank=True)
    starts_at = models.TimeField("เวลาเริ่มประชุม", null=True, blank=True)
    ends_at = models.TimeField("เวลาเลิกประชุม", null=True, blank=True)
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name="การพิจารณาที่เกิดจากมติ",
    )

    class Meta:
        verbose_name = "การประชุม"
        verbose_name_plural = "การประชุม"
        ordering = ["plan", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม",
            ),
            models.CheckConstraint(
                condition=Q(invited_on__isnull=True) | Q(invited_on__lte=models.F("held_on")),
                name="meeting_invited_before_held",
                violation_error_message="วันที่ในหนังสือเชิญต้องไม่หลังวันประชุม",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.committee} ครั้งที่ {self.number}"

    def absentees(self):
        present = set(self.attendees.values_list("pk", flat=True))
        return [m for m in self.committee.members.all() if m.pk not in present]


class Snapshot(models.Model):
    """The content of a plan as announced, with its SHA-256, for auditors years later."""

    plan = models.OneToOneField(
        Plan, on_delete=models.PROTECT, related_name="snapshot", verbose_name="แผน"
    )
    content = models.JSONField("เนื้อหาที่ประกาศ")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ฉบับที่ประกาศ"
        verbose_name_plural = "ฉบับที่ประกาศ"

    def __str__(self):
        return f"{self.plan} ({self.sha256[:12]}…)"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a Snapshot is the announced record and is never changed")
        super().save(*args, **kwargs)


class Notification(models.Model):
    """An in-app message to one user: a plan reached a step where they must act."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="ผู้รับ",
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="notifications", verbose_name="แผน"
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name="การพิจารณา",
    )
    text = models.CharField("ข้อความ", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField("อ่านเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การแจ้งเตือน"
        verbose_name_plural = "การแจ้งเตือน"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.text


class PostingPlace(models.TextChoices):
    NOTICE_BOARD = "notice_board", "บอร์ดประชาสัมพันธ์ / ป้ายประกาศของ อปท."
    WEBSITE = "website", "เว็บไซต์ของ อปท."
    OTHER = "other", "สถานที่อื่น"


def posting_photo_path(record, filename):
    return f"posting/{record.plan.organization.slug}/{record.plan_id}/{filename}"


class PostingRecord(models.Model):
    """Where and for how long an announced edition was posted (ปิดประกาศ), with evidence."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="postings", verbose_name="แผน"
    )
    place = models.CharField("สถานที่ปิดประกาศ", max_length=16, choices=PostingPlace.choices)
    place_detail = models.CharField(
        "รายละเอียดสถานที่", max_length=300, blank=True, help_text="เช่น บอร์ดหน้าที่ทำการ อบต."
    )
    url = models.URLField("ลิงก์ (กรณีเว็บไซต์)", max_length=500, blank=True)
    starts_on = models.DateField("ปิดประกาศตั้งแต่วันที่")
    ends_on = models.DateField("ถึงวันที่")
    photo = models.ImageField("ภาพถ่ายหลักฐาน", upload_to=posting_photo_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้บันทึก",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "การปิดประกาศ"
        verbose_name_plural = "การปิดประกาศ"
        ordering = ["plan", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__in=PostingPlace.values), name="posting_place_valid",
                violation_error_message="สถานที่ปิดประกาศไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="posting_period_in_order",
                violation_error_message="วันสิ้นสุดการปิดประกาศต้องหลังวันเริ่ม",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.get_place_display()} {self.starts_on}–{self.ends_on}"

    @property
    def days(self) -> int:
        """The days posted, counting the first and the last."""
        return (self.ends_on - self.starts_on).days + 1
