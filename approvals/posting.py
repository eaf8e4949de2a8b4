"""Posting (ปิดประกาศ) an announced edition: where, from, until, and the evidence.

The first record moves the plan from announced to posted through the workflow; more
records (the website as well as the notice board) may follow. Posting should start
within OPPLAN_POSTING_WITHIN_DAYS of the announcement (a late start is recorded, and
shown as late) and must last at least OPPLAN_POSTING_MIN_DAYS (refused otherwise).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import PLANNERS_ONLY, roles_in
from approvals import workflow
from approvals.models import PostingPlace, PostingRecord
from projects.models import Plan, PlanStatus
from thai.format import format_date_full

MAX_PHOTO_BYTES = 10 * 1024 * 1024


def posting_due(plan) -> date | None:
    """The last day to start posting an announced edition."""
    if plan.announced_on is None:
        return None
    return plan.announced_on + timedelta(days=settings.OPPLAN_POSTING_WITHIN_DAYS)


def earliest_end(starts_on: date) -> date:
    return starts_on + timedelta(days=settings.OPPLAN_POSTING_MIN_DAYS)


@transaction.atomic
def record_posting(plan, *, by, place, starts_on, ends_on, place_detail="", url="", photo=None):
    """Save one posting record; the first moves the plan to "posted". Thai errors, nothing saved."""
    locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if Role.PLANNER not in roles_in(by, locked.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    if locked.status not in (PlanStatus.ANNOUNCED, PlanStatus.POSTED):
        raise ValidationError("บันทึกการปิดประกาศได้เมื่อผู้บริหารประกาศใช้แผนแล้วเท่านั้น")
    errors = {}
    if place not in PostingPlace.values:
        errors["place"] = "กรุณาเลือกสถานที่ปิดประกาศ"
    if not isinstance(starts_on, date):
        errors["starts_on"] = "กรุณาระบุวันที่เริ่มปิดประกาศ"
    elif starts_on > timezone.localdate():
        errors["starts_on"] = "บันทึกได้เมื่อเริ่มปิดประกาศแล้ว (วันที่เริ่มต้องไม่เกินวันนี้)"
    elif locked.announced_on and starts_on < locked.announced_on:
        errors["starts_on"] = (
            f"วันที่เริ่มปิดประกาศต้องไม่ก่อนวันประกาศใช้ ({format_date_full(locked.announced_on)})"
        )
    if not isinstance(ends_on, date):
        errors["ends_on"] = "กรุณาระบุวันที่สิ้นสุดการปิดประกาศ"
    elif isinstance(starts_on, date) and ends_on < earliest_end(starts_on):
        errors["ends_on"] = (
            f"ต้องปิดประกาศอย่างน้อย {settings.OPPLAN_POSTING_MIN_DAYS} วัน "
            f"คือถึงวันที่ {format_date_full(earliest_end(starts_on))} เป็นอย่างน้อย"
        )
    if place == PostingPlace.WEBSITE and not (url or "").strip():
        errors["url"] = "กรุณาใส่ลิงก์หน้าเว็บไซต์ที่ปิดประกาศ"
    if place in (PostingPlace.NOTICE_BOARD, PostingPlace.OTHER) and not photo:
        errors["photo"] = "กรุณาแนบภาพถ่ายการปิดประกาศเป็นหลักฐาน"
    if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
        errors["photo"] = "ภาพถ่ายต้องมีขนาดไม่เกิน 10 MB"
    if place == PostingPlace.OTHER and not (place_detail or "").strip():
        errors["place_detail"] = "กรุณาระบุว่าปิดประกาศที่ใด"
    if errors:
        raise ValidationError(errors)
    record = PostingRecord(
        plan=locked,
        place=place,
        place_detail=(place_detail or "").strip(),
        url=(url or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        photo=photo or "",
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    record.full_clean()
    record.save()
    if locked.status == PlanStatus.ANNOUNCED:
        period = f"{format_date_full(starts_on)} – {format_date_full(ends_on)}"
        note = f"{record.get_place_display()} {period}"
        workflow.perform(locked, "record_posting", by=by, posted_on=starts_on, note=note)
        plan.status = locked.status
    return record


@dataclass(frozen=True)
class PostingState:
    """Where an announced edition stands with its posting, for the dashboard."""

    due: date | None  # last day to start
    started_on: date | None
    complete_on: date | None  # the day the minimum period is over
    days_left: int | None  # to start (when not started) or to complete
    late_start: bool
    complete: bool

    @property
    def overdue(self):
        return self.days_left is not None and self.days_left < 0


def posting_state(plan, records, today) -> PostingState | None:
    """`records` are the plan's PostingRecords (prefetched by the caller)."""
    if plan.status not in (PlanStatus.ANNOUNCED, PlanStatus.POSTED):
        return None
    due = posting_due(plan)
    if not records:
        days = (due - today).days if due else None
        return PostingState(due, None, None, days, False, False)
    started = min(r.starts_on for r in records)
    # Complete once the first posting long enough has run its minimum period.
    complete_on = min(
        (earliest_end(r.starts_on) for r in records if r.ends_on >= earliest_end(r.starts_on)),
        default=None,
    )
    complete = complete_on is not None and today >= complete_on
    days = None if complete or complete_on is None else (complete_on - today).days
    return PostingState(due, started, complete_on, days, bool(due and started > due), complete)
