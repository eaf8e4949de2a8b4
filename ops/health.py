"""Can this process serve? The checks behind /healthz (README "Operating", ADR 0020).

Each check uses the service the way a request does: a query on the database, a
write and read through Django's cache and through the default file storage. The
worker reports by writing `record_heartbeat()` into the cache; until one has ever
reported, the heartbeat is null and nothing fails. Once it exists, a heartbeat older
than OPPLAN_WORKER_STALE_SECONDS fails the report.

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

logger = logging.getLogger(__name__)

WORKER_HEARTBEAT_KEY = "opplan:worker:heartbeat"
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


def record_heartbeat(now=None):
    """Called by the task worker (heavy-work issue) every few seconds; never expires, so a
    worker that stopped shows as stale rather than as never started."""
    cache.set(WORKER_HEARTBEAT_KEY, (now or datetime.now(UTC)).isoformat(), None)


def worker_status(now):
    """(ok, the report's "worker" entry) from the heartbeat in the cache."""
    stale_after = settings.OPPLAN_WORKER_STALE_SECONDS
    entry = {"status": NO_WORKER, "seconds_since_heartbeat": None, "stale_after": stale_after}
    try:
        raw = cache.get(WORKER_HEARTBEAT_KEY)
    except Exception:
        logger.warning("health: cannot read the worker's heartbeat", exc_info=True)
        return True, entry | {"status": "unknown (cache failing)"}  # the cache check fails
    if raw is None:
        return True, entry
    try:
        beat = datetime.fromisoformat(raw)
        if beat.tzinfo is None:
            raise ValueError("no UTC offset")
    except (TypeError, ValueError):
        logger.warning("health: unreadable worker heartbeat %r", raw)
        return False, entry | {"status": "unreadable heartbeat"}
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
