"""Heavy documents are made by the worker while the page waits (ADR 0023, issue #12).

A PDF of a plan with OPPLAN_BACKGROUND_ROWS projects or more, and every book, takes
seconds to minutes: `request_render` finds or creates the `Render` of its content
digest — one per digest, so the same content is never rendered twice at once — and
queues `reports.tasks.render_document` once the request commits. The waiting page shows
the document, its progress and an estimate from earlier renders of the same document,
refreshes itself, and offers the file when it is ready; a failure is shown with a retry.
"""

import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.documents import pipeline
from reports.models import Render, RenderStatus

ESTIMATE_FROM = 20  # the last finished renders of the same document and format


def rows_of(built) -> int:
    """How many projects the built document prints (0 when it is not about rows)."""
    content = built.content
    for name in ("count", "project_count"):
        value = getattr(content, name, None)
        if isinstance(value, int):
            return value
    pd02 = getattr(content, "pd02", None)  # the book
    return getattr(pd02, "count", 0) if pd02 is not None else 0


def is_heavy(built, fmt) -> bool:
    if fmt != pipeline.PDF:
        return False
    return built.document.key == "book" or rows_of(built) >= settings.OPPLAN_BACKGROUND_ROWS


def estimate(document, fmt, rows) -> float | None:
    """Seconds, from the seconds per project of earlier renders (None: none yet)."""
    earlier = Render.objects.filter(
        document=document, fmt=fmt, status=RenderStatus.DONE, seconds__isnull=False
    ).order_by("-finished_at")[:ESTIMATE_FROM]
    rates = [(r.seconds, max(r.rows, 1)) for r in earlier]
    if not rates:
        return None
    per_row = sum(seconds for seconds, _ in rates) / sum(count for _, count in rates)
    return round(per_row * max(rows, 1), 1)


def request_render(built, fmt, plan, *, consolidated=False, by=None, round_=None) -> Render:
    """The Render of `built` in `fmt`: done, waiting or failed; a new one is queued.
    A round's document (`round_`) is built from the round and listed under `plan`."""
    digest = pipeline.digest(built, fmt)
    render = Render.objects.filter(digest=digest).first()
    if render is not None and not (render.status == RenderStatus.DONE and _stored(render)):
        if render.status == RenderStatus.DONE:  # its file is gone: make it again
            retry(render)
        return render
    if render is not None:
        return render
    try:
        with transaction.atomic():
            render = Render.objects.create(
                digest=digest,
                document=built.document.key,
                fmt=fmt,
                plan=plan,
                consolidated=consolidated,
                round=round_,
                rows=rows_of(built),
                estimate_seconds=estimate(built.document.key, fmt, rows_of(built)),
                requested_by=by if getattr(by, "pk", None) else None,
            )
    except IntegrityError:  # someone asked for the same content at the same moment
        return Render.objects.get(digest=digest)
    _queue(render)
    return render


def retry(render) -> Render:
    """Queue a failed (or lost) render again."""
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.QUEUED, error="", progress=0, started_at=None, finished_at=None
    )
    render.refresh_from_db()
    _queue(render)
    return render


def _queue(render):
    from reports.tasks import render_document

    transaction.on_commit(lambda: render_document.enqueue(render.pk))


def _stored(render) -> bool:
    return bool(render.file) and default_storage.exists(render.file.name)


class ContentChanged(Exception):
    """The plan changed between the request and the render."""


def run(render_id) -> Render | None:
    """Render the document now (the worker); a render already running or done is left
    alone. The file is stored before the row says done, so a worker killed mid-way
    leaves the row running, and the task is run again (worker/recovery.py)."""
    from reports.documents import DOCUMENTS

    with transaction.atomic():
        render = Render.objects.select_for_update().filter(pk=render_id).first()
        if render is None or render.status == RenderStatus.DONE:
            return render
        render.status, render.started_at = RenderStatus.RUNNING, timezone.now()
        render.save(update_fields=["status", "started_at"])
    started = time.monotonic()
    try:
        built = pipeline.build(DOCUMENTS[render.document], _subject(render), **_options(render))
        if pipeline.digest(built, render.fmt) != render.digest:
            raise ContentChanged("แผนมีการแก้ไขระหว่างรอ เอกสารที่ขอไว้จึงไม่ใช่เนื้อหาปัจจุบัน กรุณาขอไฟล์อีกครั้ง")
        content = pipeline.render_bytes(built, render.fmt)
        name = default_storage.save(
            f"renders/{render.digest[:2]}/{render.digest}.{render.fmt}", ContentFile(content)
        )
    except Exception as failure:
        Render.objects.filter(pk=render.pk).update(
            status=RenderStatus.FAILED, error=_reason(failure), finished_at=timezone.now()
        )
        raise
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.DONE,
        progress=100,
        file=name,
        filename=pipeline.filename(built, render.fmt),
        content_type=pipeline.CONTENT_TYPES[render.fmt],
        seconds=round(time.monotonic() - started, 2),
        finished_at=timezone.now(),
    )
    render.refresh_from_db()
    return render


def _subject(render):
    """What the document is built from: the round of a results report, else the plan."""
    from projects.models import Plan
    from results.models import Round

    if render.round_id:
        return Round.objects.select_related("organization").get(pk=render.round_id)
    return Plan.objects.select_related("organization").get(pk=render.plan_id)


def _options(render) -> dict:
    return {"consolidated": True} if render.consolidated else {}


def _reason(failure) -> str:
    if isinstance(failure, ContentChanged):
        return str(failure)
    return f"จัดทำเอกสารไม่สำเร็จ ({type(failure).__name__}) ผู้ดูแลระบบดูรายละเอียดได้ในบันทึกของเซิร์ฟเวอร์"


def progress(render, now=None) -> int:
    """Percent done: the worker's own count when it gives one, else the time spent
    against the estimate (never 100 before it is done)."""
    if render.status == RenderStatus.DONE:
        return 100
    if render.progress:
        return render.progress
    if (
        render.status != RenderStatus.RUNNING
        or not render.started_at
        or not render.estimate_seconds
    ):
        return 0
    spent = ((now or timezone.now()) - render.started_at).total_seconds()
    return min(95, int(100 * spent / render.estimate_seconds))
