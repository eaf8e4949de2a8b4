"""Publishing an announced edition: render its files once, store them with their SHA-256.

Rendering takes seconds, so it happens once per edition, the first time the public
page (or the `publish_plans` command) needs it; afterwards every visitor gets the
stored bytes. Only announced or posted editions are ever published.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from approvals.snapshots import latest_snapshot
from projects.models import Plan, PlanStatus
from public.models import PublishedFile
from reports.documents import DOCUMENTS, pipeline, published

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


def publish(plan, revision=None) -> list[PublishedFile]:
    """The edition's published files of its record in force, rendering and storing those
    not yet published. `revision` (from the caller's prefetch) saves a query."""
    if plan.status not in IN_FORCE:
        raise ValueError("only announced editions are published")
    revision = revision or current_revision(plan)
    existing = {
        (f.document, f.fmt): f for f in plan.published_files.all() if f.revision == revision
    }  # may be prefetched
    if len(existing) == len(FILES):
        return [existing[(document, fmt)] for document, fmt, _ in FILES]
    with transaction.atomic():
        # One publisher per edition at a time; a second waits, then finds the files
        # (read afresh: a prefetched list would be stale).
        Plan.objects.select_for_update().get(pk=plan.pk)
        existing = {
            (f.document, f.fmt): f
            for f in PublishedFile.objects.filter(plan=plan, revision=revision)
        }
        for document, fmt, _ in FILES:
            if (document, fmt) in existing:
                continue
            result = render_file(plan, document, fmt)
            name = revision_name(result.filename, revision)
            record = PublishedFile(
                plan=plan,
                document=document,
                fmt=fmt,
                revision=revision,
                name=name,
                content_type=result.content_type,
                size=len(result.content),
                sha256=hashlib.sha256(result.content).hexdigest(),
            )
            record.file.save(name, ContentFile(result.content), save=False)
            record.save()
            existing[(document, fmt)] = record
    return [existing[(document, fmt)] for document, fmt, _ in FILES]
