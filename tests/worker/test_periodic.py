"""Periodic work without a scheduler: the worker keeps the next run of each periodic task
queued (ADR 0027), once, never a growing chain of runs."""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from worker import periodic

pytestmark = pytest.mark.django_db
CLEANUP = "projects.tasks.remove_stale_previews"


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def runs():
    return list(DBTaskResult.objects.filter(task_path=CLEANUP).order_by("enqueued_at"))


def finish(run, at):
    DBTaskResult.objects.filter(pk=run.pk).update(status=TaskResultStatus.SUCCESSFUL,
                                                  finished_at=at)  # fmt: skip


def test_the_preview_cleanup_runs_every_hour():
    assert periodic.registered()[CLEANUP] == timedelta(hours=1)


def test_a_worker_queues_the_first_run_at_once_and_only_once():
    assert CLEANUP in periodic.queue_due()
    assert periodic.queue_due() == []  # the next beat: one is waiting
    (run,) = runs()
    assert run.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=run.pk).exists()  # due now
    assert run.priority < 0  # people's work (publishing, e-mail) goes first


def test_after_a_run_the_next_waits_an_hour_from_its_end():
    periodic.queue_due()
    (first,) = runs()
    ended = timezone.now() - timedelta(minutes=5)
    finish(first, ended)
    assert periodic.queue_due() == [CLEANUP]  # the others still wait for their first run
    second = runs()[-1]
    assert second.run_after == ended + timedelta(hours=1)
    assert not DBTaskResult.objects.ready().filter(pk=second.pk).exists()


def test_a_run_that_is_overdue_after_a_pause_is_queued_for_now():
    periodic.queue_due()
    finish(runs()[0], timezone.now() - timedelta(hours=3))  # no worker ran meanwhile
    periodic.queue_due()
    assert DBTaskResult.objects.ready().filter(pk=runs()[-1].pk).exists()


def test_a_running_run_is_not_doubled():
    periodic.queue_due()
    DBTaskResult.objects.filter(task_path=CLEANUP).update(status=TaskResultStatus.RUNNING)
    assert periodic.queue_due() == []
    assert len(runs()) == 1
