"""Can this process serve? The checks behind /healthz (README "Operating", ADR 0020).

Each check uses the service the way a request does: a query on the database, a
write and read through Django's cache and through the default file storage. Every
task worker writes a heartbeat row (worker/heartbeat.py, ADR 0023); until one has
ever reported, the heartbeat is null and nothing fails. Once one exists, a newest
heartbeat older than OPPLAN_WORKER_STALE_SECONDS fails the report.

The report says only "ok" or "failing" per service: the reason (a host name, a
user name in a driver's message) goes to the log, never to an unauthenticated page.
"""

import logging
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from worker.heartbeat import last_seen

logger = logging.getLogger(__name__)

NO_WORKER = "no worker has reported"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    # A key per probe: processes probing at once must not read each other's value.
    key, token = f"opplan:healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 30)
    try:
        return cache.get(key) == token
    finally:
        cache.delete(key)


def check_storage():
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read() == b"ok"
    finally:
        default_storage.delete(name)


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def worker_status(now):
    """(ok, the report's "worker" entry) from the newest heartbeat of any worker."""
    stale_after = settings.OPPLAN_WORKER_STALE_SECONDS
    entry = {"status": NO_WORKER, "seconds_since_heartbeat": None, "stale_after": stale_after}
    try:
        beat = last_seen()
    except Exception:
        logger.warning("health: cannot read the worker's heartbeat", exc_info=True)
        return True, entry | {"status": "unknown (database failing)"}  # its check fails
    if beat is None:
        return True, entry
    age = round((now - beat).total_seconds(), 1)
    ok = age <= stale_after
    return ok, entry | {"status": "ok" if ok else "stale", "seconds_since_heartbeat": age}


def report(now=None):
    """{"status": "ok"|"failing", "database": …, "cache": …, "storage": …, "worker": {…}}"""
    result = {}
    for name, check in CHECKS.items():
        try:
            passed = check()
        except Exception:
            logger.warning("health: the %s check failed", name, exc_info=True)
            passed = False
        result[name] = "ok" if passed else "failing"
    worker_ok, result["worker"] = worker_status(now or datetime.now(UTC))
    healthy = worker_ok and all(result[name] == "ok" for name in CHECKS)
    return {"status": "ok" if healthy else "failing", **result}
