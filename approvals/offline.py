"""Recording an announcement already made on paper (ประกาศนอกระบบ).

An organisation that starts with OpPlan in the middle of a fiscal year has announced its
plan on paper. It imports the rows into a draft (projects.imports), then records here
the announcement as it was signed: the date, the signer and position, and the signed
scan (PDF). The draft becomes announced through the transition table's `OFFLINE` row
(approvals.workflow.perform): one Decision dated by the paper, the snapshot of the
announced content, and the publication on the public page, as for any announcement.
No committee step is written: none happened in OpPlan, and the record and the book's
annex say the plan was announced outside the system (docs/adr/0033).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from approvals import workflow
from approvals.models import OfflineAnnouncement
from projects.models import Plan
from thai.format import format_date_full
from uploads import pdfs

ACTION = "announce_offline"
SCAN_LABEL = "สำเนาประกาศที่ลงนาม"
SCAN_FOLDER = "announcements"


def scan_name(plan, sha256) -> str:
    """Where a scan is stored: content-addressed under the organisation."""
    return f"{SCAN_FOLDER}/{plan.organization.slug}/{sha256}.pdf"


def earliest_paper_date(plan) -> date:
    """A year before the plan's fiscal year begins: an earlier date is a mistyped year (the
    paper has no committee resolution in OpPlan to bound it, as an announcement in OpPlan has)."""
    return date(plan.fiscal_year - 543 - 2, 10, 1)


def check_step(plan, by) -> None:
    """Raise unless `by` may record a paper announcement of `plan` now (a draft, the
    planner): the same refusals, in the same words, as the table gives."""
    step = workflow.transition(plan, ACTION)
    if step is None:
        raise workflow.invalid_state(plan, ACTION)
    if not workflow.may_take(by, plan, step):
        raise PermissionDenied(workflow.refusal(plan, step))


@transaction.atomic
def record_announcement(plan, *, by, announced_on, signer, position="", scan=None,
                        note="") -> OfflineAnnouncement:  # fmt: skip
    """Record that the executive announced `plan` (a draft) on paper on `announced_on`.

    `scan` (optional: an upload or an open binary file) must be a PDF within
    uploads.pdfs' limits; it is stored as it is. Raises PermissionDenied (not the
    planner) or ValidationError (Thai; by field — announced_on, announced_by, scan —
    where a form shows it; "invalid_state" when the plan is not a draft), and then
    nothing is written or stored.
    """
    locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if locked.status != plan.status:
        raise ValidationError(
            f"สถานะของแผนเปลี่ยนเป็น “{locked.get_status_display()}” แล้วโดยผู้ใช้อื่น กรุณาโหลดหน้าใหม่",
            code="changed",
        )
    check_step(locked, by)
    earliest = earliest_paper_date(locked)
    if isinstance(announced_on, date) and announced_on < earliest:
        raise ValidationError(
            {
                "announced_on": f"วันที่ประกาศ {format_date_full(announced_on)} ก่อนปีงบประมาณ "
                f"พ.ศ. {locked.fiscal_year} เริ่มเกินหนึ่งปี (ต้องไม่ก่อน {format_date_full(earliest)})"
                " ตรวจสอบปี พ.ศ. ที่ลงนามอีกครั้ง"
            }
        )
    checked = None
    if scan:
        try:
            checked = pdfs.read(scan, SCAN_LABEL)
        except ValidationError as error:
            raise ValidationError({"scan": error.messages}) from None
    paper = OfflineAnnouncement(
        announced_on=announced_on, signer=signer or "", position=position or ""
    )
    if checked is not None:
        paper.scan.name = scan_name(locked, checked.sha256)
        paper.scan_sha256 = checked.sha256
        paper.scan_pages = checked.pages
    decision = workflow.perform(locked, ACTION, by=by, paper=paper, note=note)
    # Stored once the record is written (a refused attempt stores nothing); the name is
    # the content's digest, so the same scan uploaded again is the same file.
    if checked is not None and not default_storage.exists(paper.scan.name):
        stored = default_storage.save(paper.scan.name, ContentFile(checked.data))
        if stored != paper.scan.name:  # a storage that renames: keep the record true
            OfflineAnnouncement.objects.filter(pk=paper.pk).update(scan=stored)
            paper.scan.name = stored
    for name in ("status", "announced_on", "announced_by"):
        setattr(plan, name, getattr(decision.plan, name))
    return paper
