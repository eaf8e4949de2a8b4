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
    occurred_on = models.DateField(
        "วันที่เกิดเหตุการณ์",
        help_text="วันประชุม วันประกาศ หรือวันเริ่มปิดประกาศ ไม่ใช่วันที่บันทึกเข้าระบบ",
    )
    at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)

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


class Outcome(models.TextChoices):
    """What a committee resolved about the draft (มติ)."""

    APPROVED = "approved", "เห็นชอบ"
    APPROVED_WITH_CHANGES = "approved_with_changes", "เห็นชอบโดยมีข้อแก้ไข"
    REJECTED = "rejected", "ไม่เห็นชอบ ส่งกลับไปแก้ไข"


class MeetingMethod(models.TextChoices):
    MEETING = "meeting", "ประชุม"
    CIRCULATION = "circulation", "มติเวียน (เวียนหนังสือให้กรรมการลงมติ)"


class Meeting(models.Model):
    """A committee's consideration of a plan: scheduled first (its invitation and agenda
    print before it is held), then its attendance, resolution and minutes recorded.

    Only a recorded resolution moves a plan past a committee (approvals/meetings.py
    through the transition table); once recorded, a meeting is never changed.
    """

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name="คณะกรรมการ"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="meetings", verbose_name="แผนที่พิจารณา"
    )
    method = models.CharField(
        "วิธีพิจารณา", max_length=16, choices=MeetingMethod.choices, default=MeetingMethod.MEETING
    )
    number = models.CharField("ครั้งที่", max_length=40, help_text="เช่น 1/2570")
    held_on = models.DateField("วันที่ประชุม", help_text="มติเวียน: วันที่ครบกำหนดตอบ / วันที่สรุปมติ")
    place = models.CharField("สถานที่", max_length=300, blank=True)
    agenda = models.TextField("ระเบียบวาระ", blank=True)
    invitees = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="meetings_invited", verbose_name="ผู้ได้รับเชิญ"
    )
    attendees = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="meetings_attended", verbose_name="ผู้มาประชุม"
    )
    outcome = models.CharField("ผลการพิจารณา", max_length=24, choices=Outcome.choices, blank=True)
    resolution = models.TextField("มติที่ประชุม", blank=True)
    changes = models.TextField(
        "ข้อแก้ไขตามมติ", blank=True, help_text="กรณีเห็นชอบโดยมีข้อแก้ไข: รายการที่ต้องแก้ไข ข้อละบรรทัด"
    )
    minutes = models.TextField("บันทึกรายงานการประชุม", blank=True)
    # For the committee documents (reports of the meeting); all optional.
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
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้นัดประชุม",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้บันทึกมติ",
    )
    recorded_at = models.DateTimeField("บันทึกมติเมื่อ", null=True, blank=True)

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
            models.CheckConstraint(
                condition=Q(method__in=MeetingMethod.values), name="meeting_method_valid",
                violation_error_message="วิธีพิจารณาไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="meeting_outcome_valid",
                violation_error_message="ผลการพิจารณาไม่ถูกต้อง",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | ~Q(resolution=""),
                name="meeting_outcome_has_resolution",
                violation_error_message="ต้องบันทึกข้อความมติที่ประชุม",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.APPROVED_WITH_CHANGES) | ~Q(changes=""),
                name="meeting_changes_listed",
                violation_error_message="มติเห็นชอบโดยมีข้อแก้ไขต้องระบุรายการที่ต้องแก้ไข",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decision__isnull=True)
                | (~Q(outcome="") & Q(decision__isnull=False)),
                name="meeting_outcome_has_decision",
                violation_error_message="มติที่บันทึกแล้วต้องมีบันทึกการพิจารณา",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.committee} ครั้งที่ {self.number}"

    @property
    def is_recorded(self):
        return bool(self.outcome)

    @property
    def is_circulation(self):
        return self.method == MeetingMethod.CIRCULATION

    @property
    def change_list(self) -> list[str]:
        return [line.strip() for line in self.changes.splitlines() if line.strip()]

    def absentees(self):
        present = set(self.attendees.values_list("pk", flat=True))
        return [m for m in self.committee.members.all() if m.pk not in present]


def quorum(member_count: int) -> int:
    """องค์ประชุม: not fewer than half of all the committee's members."""
    return (member_count + 1) // 2


class MemberAnswer(models.Model):
    """One member's answer to a resolution by circulation (มติเวียน). Written with the
    resolution, never changed."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="answers", verbose_name="การพิจารณา"
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.PROTECT, related_name="answers", verbose_name="กรรมการ"
    )
    answer = models.CharField("ความเห็น", max_length=24, choices=Outcome.choices)
    note = models.CharField("หมายเหตุ", max_length=500, blank=True)

    class Meta:
        verbose_name = "ความเห็นของกรรมการ (มติเวียน)"
        verbose_name_plural = "ความเห็นของกรรมการ (มติเวียน)"
        ordering = ["meeting", "member__order", "member__pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_answer_per_member"),
            models.CheckConstraint(
                condition=Q(answer__in=Outcome.values), name="member_answer_valid",
                violation_error_message="ความเห็นไม่ถูกต้อง",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.member.name}: {self.get_answer_display()}"


class Snapshot(models.Model):
    """The content of a plan as announced, with its SHA-256, for auditors years later.

    Revision 1 is taken at the announcement. A correction of the announcement by the
    executive (a Decision with its reason) adds the next revision; none is ever
    changed, so every digest once shown still verifies against its own revision.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="snapshots", verbose_name="แผน"
    )
    revision = models.PositiveSmallIntegerField("ฉบับบันทึกที่", default=1)
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="snapshot",
        verbose_name="การประกาศหรือการแก้ไขที่ทำให้เกิดฉบับนี้",
    )
    content = models.JSONField("เนื้อหาที่ประกาศ")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ฉบับที่ประกาศ"
        verbose_name_plural = "ฉบับที่ประกาศ"
        ordering = ["plan", "revision"]
        get_latest_by = "revision"
        constraints = [
            models.UniqueConstraint(fields=["plan", "revision"], name="snapshot_revision_unique"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="snapshot_revision_positive"),
        ]

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


class PostingChange(models.TextChoices):
    RECORD = "record", "บันทึก"
    CORRECTION = "correction", "แก้ไขบันทึก"
    WITHDRAWAL = "withdrawal", "ถอนบันทึก"


class PostingRecord(models.Model):
    """Where and for how long an announced edition was posted (ปิดประกาศ), with evidence.

    Append-only: a wrong record is corrected or withdrawn by a new row that names it
    (`supersedes`) and gives the reason; the original stays visible.
    """

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
    change = models.CharField(
        "ประเภทบันทึก", max_length=16, choices=PostingChange.choices, default=PostingChange.RECORD
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name="แก้ไข/ถอนบันทึก",
    )
    reason = models.TextField("เหตุผลที่แก้ไขหรือถอน", blank=True)
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
            models.CheckConstraint(
                condition=Q(change=PostingChange.RECORD, supersedes__isnull=True, reason="")
                | (~Q(change=PostingChange.RECORD) & Q(supersedes__isnull=False) & ~Q(reason="")),
                name="posting_change_has_reason",
                violation_error_message="การแก้ไขหรือถอนบันทึกต้องระบุบันทึกเดิมและเหตุผล",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.get_place_display()} {self.starts_on}–{self.ends_on}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a posting record is never changed: correct it with a new row")
        super().save(*args, **kwargs)

    @property
    def days(self) -> int:
        """The days posted, counting the first and the last."""
        return (self.ends_on - self.starts_on).days + 1


class OfflineAnnouncement(models.Model):
    """An edition the executive announced on paper before the organisation used OpPlan
    (ประกาศนอกระบบ): the date and the signer as signed, and the signed scan (PDF).

    Written once, with the Decision that takes the draft to "announced"
    (approvals/offline.py through the transition table); never changed. A wrong date or
    signer is corrected like any announcement (correct_announcement), the scan stays.
    """

    plan = models.OneToOneField(
        Plan, on_delete=models.PROTECT, related_name="offline_announcement", verbose_name="แผน"
    )
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        related_name="offline_announcement",
        verbose_name="บันทึกการพิจารณา",
    )
    announced_on = models.DateField("วันที่ลงนามประกาศ")
    signer = models.CharField("ผู้ลงนามประกาศ", max_length=200)
    position = models.CharField("ตำแหน่งผู้ลงนาม", max_length=200, blank=True)
    # Stored as uploaded, named by its SHA-256 (approvals.offline): the evidence itself.
    scan = models.FileField("สำเนาประกาศที่ลงนาม (PDF)", max_length=300, blank=True)
    scan_sha256 = models.CharField("SHA-256 ของสำเนา", max_length=64, blank=True)
    scan_pages = models.PositiveSmallIntegerField("จำนวนหน้า", default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้บันทึก",
    )
    recorded_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "การประกาศนอกระบบ"
        verbose_name_plural = "การประกาศนอกระบบ"
        constraints = [
            models.CheckConstraint(
                condition=~Q(signer=""), name="offline_announcement_has_signer",
                violation_error_message="ต้องระบุผู้ลงนามประกาศ",
            ),
            models.CheckConstraint(
                condition=Q(scan="", scan_sha256="", scan_pages=0)
                | (~Q(scan="") & ~Q(scan_sha256="") & Q(scan_pages__gte=1)),
                name="offline_announcement_scan_complete",
                violation_error_message="สำเนาประกาศต้องมีทั้งไฟล์และค่า SHA-256",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.plan} — ประกาศนอกระบบ {self.announced_on}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("an offline announcement is a record and is never changed")
        super().save(*args, **kwargs)

    @property
    def signed_by(self) -> str:
        """The signer and position as Plan.announced_by keeps them."""
        return " ".join(part for part in (self.signer, self.position) if part)
