"""The worker's heartbeat: written by the worker, read by whoever asks if one is alive."""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from worker.models import Heartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, started_at) -> None:
    Heartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def last_seen():
    """When any worker last reported (None: no worker ever has)."""
    return Heartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def seconds_since_last_beat() -> float | None:
    seen = last_seen()
    return None if seen is None else (timezone.now() - seen).total_seconds()


def is_alive() -> bool:
    """A worker reported within OPPLAN_WORKER_STALE_SECONDS."""
    age = seconds_since_last_beat()
    return age is not None and age <= settings.OPPLAN_WORKER_STALE_SECONDS


def start(worker_id: str, every: float, on_beat=None) -> threading.Event:
    """Beat every `every` seconds from a daemon thread until the returned event is set.
    `on_beat()` runs after each beat (the worker requeues abandoned tasks there)."""
    stop = threading.Event()
    started_at = timezone.now()

    def run():
        while not stop.is_set():
            try:
                beat(worker_id, started_at)
                if on_beat is not None:
                    on_beat()
            except Exception:  # a missed beat must not stop the worker; it is logged
                logger.exception("worker heartbeat failed")
            finally:
                close_old_connections()
            stop.wait(every)

    threading.Thread(target=run, name="opplan-heartbeat", daemon=True).start()
    return stop
