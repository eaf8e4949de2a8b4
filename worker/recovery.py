"""Tasks left running by a worker that died (killed mid-render, the machine restarted).

A task is abandoned when the worker that claimed it has not reported for
OPPLAN_WORKER_STALE_SECONDS. It runs again, up to OPPLAN_TASK_ATTEMPTS claims, and is
then marked failed with the reason, where the pages that wait on it show the failure.
Tasks are written to be run again: a render stores nothing until it is complete.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from worker.models import Heartbeat

logger = logging.getLogger(__name__)


class TaskAbandoned(Exception):
    """The worker running the task stopped before it finished, too many times."""


def alive_worker_ids(now=None) -> set[str]:
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.OPPLAN_WORKER_STALE_SECONDS)
    return set(Heartbeat.objects.filter(seen_at__gte=since).values_list("worker_id", flat=True))


def recover_abandoned(now=None) -> tuple[int, int]:
    """(requeued, failed) among the running tasks whose worker is gone."""
    now = now or timezone.now()
    alive = alive_worker_ids(now)
    requeued = failed = 0
    for task_id in DBTaskResult.objects.running().values_list("id", flat=True):
        with transaction.atomic():
            task = DBTaskResult.objects.select_for_update().filter(id=task_id).first()
            if task is None or task.status != TaskResultStatus.RUNNING:
                continue
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            if len(task.worker_ids) < settings.OPPLAN_TASK_ATTEMPTS:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                requeued += 1
                logger.warning("task %s (%s) was abandoned by its worker: queued again",
                               task.id, task.task_path)  # fmt: skip
            else:
                reason = (
                    f"ผู้ทำงานเบื้องหลังหยุดระหว่างทำงานนี้ {len(task.worker_ids)} ครั้ง "
                    "จึงหยุดลองใหม่ (ดูบันทึกของเซิร์ฟเวอร์)"
                )
                task.set_failed(TaskAbandoned(reason))
                failed += 1
                logger.error("task %s (%s) abandoned %s times: failed", task.id,
                             task.task_path, len(task.worker_ids))  # fmt: skip
    return requeued, failed
