"""Work that recurs (the hourly clean-up of import previews …).

Django's Tasks has no scheduler. Instead of cron, the worker keeps the next run of each
periodic task queued: on every heartbeat, a periodic task with no run waiting (READY)
or under way (RUNNING) gets one, at once the first time, then `every` after the last
run ended (ADR 0027). The tasks themselves never re-queue, so runs cannot multiply: two
workers beating at the same moment may queue one extra run, never a growing chain.
Apps register their periodic tasks in AppConfig.ready.
"""

import logging
from datetime import timedelta

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

_PERIODIC: dict[str, tuple[object, timedelta]] = {}


def register(task, every: timedelta) -> None:
    """Run `task` (no arguments) about every `every`, for as long as a worker runs."""
    _PERIODIC[task.module_path] = (task, every)


def registered() -> dict[str, timedelta]:
    return {path: every for path, (_, every) in _PERIODIC.items()}


def queue_due(now=None) -> list[str]:
    """Queue the next run of each periodic task that has none waiting; returns their paths."""
    now = now or timezone.now()
    waiting = set(
        DBTaskResult.objects.filter(
            task_path__in=list(_PERIODIC),
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).values_list("task_path", flat=True)
    )
    queued = []
    for path, (task, every) in _PERIODIC.items():
        if path in waiting:
            continue
        last = (
            DBTaskResult.objects.filter(task_path=path, finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
        if last is None or last + every <= now:
            task.enqueue()
        else:
            task.using(run_after=last + every).enqueue()
        queued.append(path)
        logger.info("periodic task %s queued", path)
    return queued
