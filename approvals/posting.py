"""Posting (ปิดประกาศ) an announced edition: where, from, until, and the evidence.

The first record moves the plan from announced to posted through the workflow; more
records (the website as well as the notice board) may follow. Records are never
changed: a wrong one is corrected or withdrawn by a new row with the reason; a record the
same as one in force (place, details, link, dates) is refused rather than kept twice.
Posting should start within OPPLAN_POSTING_WITHIN_DAYS of the announcement (a late start
is recorded, and shown as late) and must last at least OPPLAN_POSTING_MIN_DAYS (refused
otherwise).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import PLANNERS_ONLY, roles_in
from approvals import workflow
from approvals.models import OfflineAnnouncement, PostingChange, PostingPlace, PostingRecord
from projects.models import ANNOUNCED_STATUSES, Plan, PlanStatus
from thai.format import format_date_full
from uploads import images

MAX_PHOTO_BYTES = 10 * 1024 * 1024


def posting_due(plan) -> date | None:
    """The last day to start posting an announced edition (counted from the announcement's
    date, on paper as in OpPlan)."""
    if plan.announced_on is None:
        return None
    return plan.announced_on + timedelta(days=settings.OPPLAN_POSTING_WITHIN_DAYS)


def announced_on_paper(plan) -> bool:
    """Whether `plan` was announced outside OpPlan (approvals.offline); a query unless the
    plans were read with select_related("offline_announcement")."""
    try:
        plan.offline_announcement  # noqa: B018 (read to know whether it exists)
    except OfflineAnnouncement.DoesNotExist:
        return False
    return True


def earliest_end(starts_on: date) -> date:
    return starts_on + timedelta(days=settings.OPPLAN_POSTING_MIN_DAYS)


def _posting_errors(locked, *, place, starts_on, ends_on, place_detail, url, photo) -> dict:
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
    return errors


def _lock(plan, by):
    locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if Role.PLANNER not in roles_in(by, locked.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    if locked.status not in ANNOUNCED_STATUSES:
        raise ValidationError("บันทึกการปิดประกาศได้เมื่อผู้บริหารประกาศใช้แผนแล้วเท่านั้น", code="invalid_state")
    return locked


def in_force(records) -> list:
    """The records that stand: neither withdrawn nor replaced by a correction."""
    replaced = {r.supersedes_id for r in records if r.supersedes_id}
    return [r for r in records if r.pk not in replaced and r.change != PostingChange.WITHDRAWAL]


def _standing(locked) -> list:
    return in_force(list(PostingRecord.objects.filter(plan=locked)))


@transaction.atomic
def record_posting(plan, *, by, place, starts_on, ends_on, place_detail="", url="", photo=None,
                   corrects=None, reason=""):  # fmt: skip
    """Save one posting record; the first moves the plan to "posted". With `corrects` (a
    record in force) and a `reason`, the new record replaces that one, which stays
    visible. Thai errors by field, nothing saved."""
    locked = _lock(plan, by)
    errors = _posting_errors(locked, place=place, starts_on=starts_on, ends_on=ends_on,
                             place_detail=place_detail, url=url, photo=photo)  # fmt: skip
    if corrects is not None:
        errors |= _change_errors(locked, corrects, reason)
        if not photo and corrects.photo and place == corrects.place:
            errors.pop("photo", None)  # the evidence of the record it corrects stands
            photo = corrects.photo
    if not errors:
        twin = _same_posting(locked, corrects, place=place, place_detail=place_detail, url=url,
                             starts_on=starts_on, ends_on=ends_on)  # fmt: skip
        if twin is not None:
            errors[NON_FIELD_ERRORS] = _twin_message(twin, correcting=corrects is not None)
    if photo and not isinstance(photo, FieldFile) and "photo" not in errors:
        # A new photo is stored normalised: upright, at most 2,048 pixels a side, a JPEG
        # without its EXIF (a phone's GPS position goes with it) (uploads.images).
        try:
            photo = images.normalise(photo, images.PHOTO)
        except ValidationError as error:
            errors["photo"] = error.messages[0]
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
        change=PostingChange.CORRECTION if corrects is not None else PostingChange.RECORD,
        supersedes=corrects,
        reason=(reason or "").strip(),
    )
    record.full_clean()
    record.save()
    period = f"{format_date_full(starts_on)} – {format_date_full(ends_on)}"
    if locked.status == PlanStatus.ANNOUNCED:
        note = f"{record.get_place_display()} {period}"
        workflow.perform(locked, "record_posting", by=by, posting=record, note=note)
    elif corrects is not None:
        _update_start(locked)
    plan.status = locked.status
    return record


def _words(text) -> str:
    return " ".join((text or "").split())


def _same_posting(locked, corrects, *, place, place_detail, url, starts_on, ends_on):
    """A record in force (other than the one being corrected) with the same place, place
    details, link and dates: the same posting, already recorded."""
    for record in _standing(locked):
        if record != corrects and (
            (record.place, _words(record.place_detail), record.url.strip(), record.starts_on,
             record.ends_on)
            == (place, _words(place_detail), (url or "").strip(), starts_on, ends_on)
        ):  # fmt: skip
            return record
    return None


def _twin_message(record, *, correcting) -> str:
    where = record.get_place_display() + (
        f" ({record.place_detail})" if record.place_detail else ""
    )
    period = f"{format_date_full(record.starts_on)} – {format_date_full(record.ends_on)}"
    message = f"มีบันทึกการปิดประกาศที่{where} วันที่ {period} อยู่แล้ว จึงไม่บันทึกซ้ำ"
    if correcting:
        return message + " — ถ้าบันทึกนั้นผิด ให้แก้ไขบันทึกนั้นแทน"
    return message + " — ถ้าบันทึกเดิมผิด ให้กด “แก้ไขบันทึก” ในตารางด้านบน"


def _change_errors(locked, record, reason) -> dict:
    errors = {}
    if record.plan_id != locked.pk or record not in _standing(locked):
        errors["corrects"] = "บันทึกนี้ถูกแก้ไขหรือถอนไปแล้ว หรือไม่ใช่ของแผนนี้"
    if not (reason or "").strip():
        errors["reason"] = "กรุณาระบุเหตุผลที่แก้ไขหรือถอนบันทึก"
    return errors


def _update_start(locked):
    """The plan's posting start follows the records in force."""
    standing = _standing(locked)
    started = min((r.starts_on for r in standing), default=None)
    if started != locked.posting_started_on:
        locked.posting_started_on = started
        locked.save(update_fields=["posting_started_on"])


@transaction.atomic
def withdraw_posting(record, *, by, reason) -> PostingRecord:
    """Withdraw a wrong record: a new row saying so, with the reason; the original stays
    visible. When none stands any more the plan is announced but not posted again."""
    locked = _lock(record.plan, by)
    errors = _change_errors(locked, record, reason)
    if errors:
        raise ValidationError(errors)
    withdrawal = PostingRecord(
        plan=locked, place=record.place, place_detail=record.place_detail, url=record.url,
        starts_on=record.starts_on, ends_on=record.ends_on, photo=record.photo,
        recorded_by=by if getattr(by, "pk", None) else None,
        change=PostingChange.WITHDRAWAL, supersedes=record, reason=reason.strip(),
    )  # fmt: skip
    withdrawal.full_clean()
    withdrawal.save()
    if not _standing(locked) and locked.status == PlanStatus.POSTED:
        workflow.perform(locked, "withdraw_posting", by=by, posting=withdrawal, note=reason.strip())
    else:
        _update_start(locked)
    return withdrawal


@dataclass(frozen=True)
class PostingState:
    """Where an announced edition stands with its posting, for the dashboard."""

    due: date | None  # last day to start
    started_on: date | None
    complete_on: date | None  # the day the minimum period is over
    days_left: int | None  # to start (when not started) or to complete
    late_start: bool
    complete: bool
    # Announced on paper, its window to start posting over and no posting recorded: the
    # paper was most likely posted then, outside OpPlan, and only its record is missing.
    # Not called late: the record's start date says whether it was (the same rule).
    to_record: bool = False

    @property
    def overdue(self):
        return self.days_left is not None and self.days_left < 0 and not self.to_record


def posting_state(plan, records, today, *, on_paper=False) -> PostingState | None:
    """`records` are the plan's PostingRecords, all of them (prefetched by the caller);
    `on_paper`: the plan was announced outside OpPlan (announced_on_paper)."""
    if plan.status not in ANNOUNCED_STATUSES:
        return None
    records = in_force(records)
    due = posting_due(plan)
    if not records:
        days = (due - today).days if due else None
        to_record = on_paper and days is not None and days < 0
        return PostingState(due, None, None, days, False, False, to_record)
    started = min(r.starts_on for r in records)
    # Complete once the first posting long enough has run its minimum period.
    complete_on = min(
        (earliest_end(r.starts_on) for r in records if r.ends_on >= earliest_end(r.starts_on)),
        default=None,
    )
    complete = complete_on is not None and today >= complete_on
    days = None if complete or complete_on is None else (complete_on - today).days
    return PostingState(due, started, complete_on, days, bool(due and started > due), complete)
