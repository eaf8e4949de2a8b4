"""Checking that every published file is still what its announced edition prints.

An announced edition prints the same bytes forever (ADR 0018): re-rendering a published
file must give the SHA-256 stored beside it, and the stored bytes must still have it.
The announced record itself (the snapshot, and the values captured late for editions
announced before snapshots held them) must still match its own SHA-256.
"""

import hashlib
from dataclasses import dataclass

from approvals.models import Snapshot
from approvals.snapshots import digest
from public.publication import current_revision, render_file
from reports.models import CapturedPrint


@dataclass(frozen=True)
class FileCheck:
    """One published file: its stored digest, a fresh render's, and the stored bytes'."""

    record: object  # PublishedFile
    fresh: str  # "" when it could not be rendered
    stored: str  # "" when the stored file cannot be read
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.fresh == self.record.sha256 == self.stored


@dataclass(frozen=True)
class RecordCheck:
    """The announced record of one edition: its stored SHA-256 against its content's."""

    label: str
    recorded: str
    computed: str

    @property
    def ok(self) -> bool:
        return bool(self.recorded) and self.recorded == self.computed


def captured_at(plan):
    """When the edition's printed values were captured after its announcement, or None."""
    record = CapturedPrint.objects.filter(plan=plan).only("captured_at").first()
    return record.captured_at if record else None


def check_records(plan) -> list[RecordCheck]:
    """The edition's snapshot (which must exist) and its late-captured values, if any."""
    checks = []
    snapshots = list(Snapshot.objects.filter(plan=plan).order_by("revision"))
    if not snapshots:
        checks.append(RecordCheck("บันทึกฉบับที่ประกาศ (ไม่พบ)", "", ""))
    for snapshot in snapshots:
        name = "บันทึกฉบับที่ประกาศ" + (
            f" (ฉบับแก้ไขที่ {snapshot.revision - 1})" if snapshot.revision > 1 else ""
        )
        checks.append(RecordCheck(name, snapshot.sha256, digest(snapshot.content)))
    captured = CapturedPrint.objects.filter(plan=plan).first()
    if captured is not None:
        checks.append(
            RecordCheck("ค่าที่พิมพ์ซึ่งบันทึกภายหลังการประกาศ", captured.sha256, digest(captured.content))
        )
    return checks


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _with_stored(record, fresh, error) -> FileCheck:
    """The check of `record` once its fresh digest is known: its stored bytes read back."""
    try:
        with record.file.open("rb") as handle:
            stored = _sha256(handle.read())
    except (OSError, ValueError):
        stored = ""
        error = error or "อ่านไฟล์ที่เก็บไว้ไม่ได้"
    return FileCheck(record, fresh, stored, error)


def check_file(record, revision=None) -> FileCheck:
    """Render the file afresh (never from the cache) and read the stored bytes.

    A file of an earlier revision (published before the executive corrected the
    announcement) prints what that revision said, which no longer prints: its stored
    bytes are checked against its digest, and the fresh render is not compared."""
    revision = revision or current_revision(record.plan)
    error = ""
    if record.revision < revision:
        fresh = record.sha256
    else:
        try:
            rendered = render_file(record.plan, record.document, record.fmt, cached=False)
            fresh = _sha256(rendered.content)
        except Exception as failure:  # every failure is reported; the other files go on
            fresh, error = "", f"พิมพ์ใหม่ไม่ได้: {failure}"
    return _with_stored(record, fresh, error)


def check_round_file(record) -> FileCheck:
    """A published file of an announced round: rendered afresh from the round's record
    (never from the cache) against its stored digest and its stored bytes."""
    from public.publication import render_round_file

    error = ""
    try:
        rendered = render_round_file(record.round, record.document, record.fmt, cached=False)
        fresh = _sha256(rendered.content)
    except Exception as failure:  # every failure is reported; the other files go on
        fresh, error = "", f"พิมพ์ใหม่ไม่ได้: {failure}"
    return _with_stored(record, fresh, error)
