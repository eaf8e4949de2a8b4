"""Publishing an announced edition, or an announced round's results: render their files
once, store them with their SHA-256.

Rendering takes seconds to minutes, so it happens in the background right after the
announcement commits (public/tasks.py; or the `publish_plans` command); the public
page answers from what is stored and shows what is still being made. Every visitor
gets the stored bytes. Only announced or posted editions are ever published.
"""

import hashlib

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from approvals.snapshots import latest_snapshot
from projects.models import Plan, PlanStatus
from public.models import PublishedFile, PublishedRoundFile
from reports.documents import DOCUMENTS, ROUND, pipeline, published
from results.models import Round

IN_FORCE = (PlanStatus.ANNOUNCED, PlanStatus.POSTED)

# (document, format, what the public page calls it), in the order it lists them: the
# documents the registry (reports/documents/) marks as published, not a list of its own.
FILES = tuple((document.key, fmt, document.public_title) for document, fmt in published())
LABELS = {(document, fmt): label for document, fmt, label in FILES}


def render_file(plan, document, fmt, *, cached=True):
    """One file of the edition as it prints now; `cached=False` renders afresh."""
    return pipeline.render(pipeline.build(DOCUMENTS[document], plan), fmt, cached=cached)


def current_revision(plan) -> int:
    """The revision of the announced record in force (1 until a correction)."""
    snapshot = latest_snapshot(plan)
    return snapshot.revision if snapshot else 1


def revision_name(filename, revision) -> str:
    """pd02-demo-2570.pdf, then pd02-demo-2570-r2.pdf after a correction."""
    if revision == 1:
        return filename
    stem, dot, extension = filename.rpartition(".")
    return f"{stem}-r{revision}{dot}{extension}"


def stored_name(plan, sha256, filename) -> str:
    """Where a published file's bytes live: by their digest, so a retry after a worker
    died mid-way finds the same bytes at the same place instead of a second copy.
    (`plan`: anything with its organisation, a Round too.)"""
    return f"published/{plan.organization.slug}/{sha256[:16]}/{filename}"


def store(name, content, sha256) -> str:
    """Store `content` at `name`, or reuse the bytes already there when they are the same
    (a retry); returns the name they are at."""
    if default_storage.exists(name):
        try:
            with default_storage.open(name, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() == sha256:
                    return name
        except OSError:
            pass
    return default_storage.save(name, ContentFile(content))  # another name if taken


def missing_files(plan, revision) -> list[tuple[str, str]]:
    """(document, format) of the edition's revision not yet published."""
    done = {(f.document, f.fmt) for f in PublishedFile.objects.filter(plan=plan, revision=revision)}
    return [(document, fmt) for document, fmt, _ in FILES if (document, fmt) not in done]


def publish(plan, revision=None) -> list[PublishedFile]:
    """The edition's published files of its record in force, rendering and storing those
    not yet published (the background task `public.tasks.publish_edition`, or the
    `publish_plans` command). Renders outside any lock; a file is published only when
    its row is written, after its bytes are stored, so a failure leaves nothing half
    published. `revision` (from the caller's prefetch) saves a query."""
    if plan.status not in IN_FORCE:
        raise ValueError("only announced editions are published")
    revision = revision or current_revision(plan)
    existing = {
        (f.document, f.fmt): f for f in plan.published_files.all() if f.revision == revision
    }  # may be prefetched
    if len(existing) == len(FILES):
        return [existing[(document, fmt)] for document, fmt, _ in FILES]
    for document, fmt in missing_files(plan, revision):
        result = render_file(plan, document, fmt)
        sha256 = hashlib.sha256(result.content).hexdigest()
        name = store(stored_name(plan, sha256, revision_name(result.filename, revision)),
                     result.content, sha256)  # fmt: skip
        with transaction.atomic():
            # One row per file and revision, whoever gets here first (a second
            # publisher finds it and keeps the first).
            Plan.objects.select_for_update().get(pk=plan.pk)
            if PublishedFile.objects.filter(
                plan=plan, revision=revision, document=document, fmt=fmt
            ).exists():
                continue
            PublishedFile.objects.create(
                plan=plan,
                document=document,
                fmt=fmt,
                revision=revision,
                name=revision_name(result.filename, revision),
                content_type=result.content_type,
                size=len(result.content),
                sha256=sha256,
                file=name,
            )
    records = {
        (f.document, f.fmt): f for f in PublishedFile.objects.filter(plan=plan, revision=revision)
    }
    return [records[(document, fmt)] for document, fmt, _ in FILES]


PUBLISHING_KEY = "opplan:publishing:{plan}:{revision}"
PUBLISHING_SECONDS = 15 * 60


def request_publication(plan, revision) -> bool:
    """Queue the edition's publication unless it was queued lately (one task per edition
    and revision at a time, however many visitors ask); True when queued now."""
    from public.tasks import publish_edition

    if not cache.add(PUBLISHING_KEY.format(plan=plan.pk, revision=revision), True,
                     PUBLISHING_SECONDS):  # fmt: skip
        return False
    publish_edition.enqueue(plan.pk)
    return True


# --- a round's results (ADR 0031) ------------------------------------------------------------

# (document, format, what the public page calls it) of an announced round's results.
ROUND_FILES = tuple(
    (document.key, fmt, document.public_title) for document, fmt in published(ROUND)
)
ROUND_LABELS = {(document, fmt): label for document, fmt, label in ROUND_FILES}


def render_round_file(round_, document, fmt, *, cached=True):
    """One file of the round's results as it prints now (from the round's record)."""
    return pipeline.render(pipeline.build(DOCUMENTS[document], round_), fmt, cached=cached)


def publish_round(round_) -> list[PublishedRoundFile]:
    """The announced round's published files, rendering and storing those not yet
    published (the task `public.tasks.publish_results`). As `publish`: a file is
    published only when its row is written, after its bytes are stored."""
    if not round_.is_announced:
        raise ValueError("only announced rounds are published")
    done = {(f.document, f.fmt) for f in PublishedRoundFile.objects.filter(round=round_)}
    for document, fmt, _ in ROUND_FILES:
        if (document, fmt) in done:
            continue
        result = render_round_file(round_, document, fmt)
        sha256 = hashlib.sha256(result.content).hexdigest()
        name = store(stored_name(round_, sha256, result.filename), result.content, sha256)
        with transaction.atomic():
            Round.objects.select_for_update().get(pk=round_.pk)
            if PublishedRoundFile.objects.filter(round=round_, document=document, fmt=fmt).exists():
                continue
            PublishedRoundFile.objects.create(
                round=round_,
                document=document,
                fmt=fmt,
                name=result.filename,
                content_type=result.content_type,
                size=len(result.content),
                sha256=sha256,
                file=name,
            )
    records = {(f.document, f.fmt): f for f in PublishedRoundFile.objects.filter(round=round_)}
    return [records[(document, fmt)] for document, fmt, _ in ROUND_FILES]


PUBLISHING_ROUND_KEY = "opplan:publishing-round:{round}"


def request_round_publication(round_) -> bool:
    """Queue the round's publication unless it was queued lately; True when queued now."""
    from public.tasks import publish_results

    if not cache.add(PUBLISHING_ROUND_KEY.format(round=round_.pk), True, PUBLISHING_SECONDS):
        return False
    publish_results.enqueue(round_.pk)
    return True
