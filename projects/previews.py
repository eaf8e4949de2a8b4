"""Spreadsheets waiting between an import's preview and its confirmation (ADR 0009).

The upload waits in the default storage under UPLOAD_DIR, named by a random hex; the
signed token on the preview page names it and can be confirmed for LIFETIME. After that
the file can never be used: `remove_stale` deletes it, run every hour by the worker
(projects.tasks.remove_stale_previews, ADR 0027).
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

UPLOAD_DIR = "imports"
LIFETIME = timedelta(hours=1)
# The web machines' clocks and the storage's may differ a little.
GRACE = timedelta(minutes=10)


def remove_stale(now=None) -> int:
    """Delete the uploads older than LIFETIME + GRACE; returns how many were deleted."""
    cutoff = (now or timezone.now()) - LIFETIME - GRACE
    try:
        _, names = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:  # confirmed (and deleted) meanwhile
            continue
    return removed
