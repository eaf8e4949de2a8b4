"""A real worker process runs the queued work; a worker killed mid-render leaves no
half-published file, and its task runs again (or is reported failed)."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from approvals import workflow
from public.models import PublishedFile
from public.publication import FILES
from tests.factories import (
    endorse,
    make_organization,
    make_plan,
    make_project,
    make_strategy,
    member,
)
from tests.reference_data import restore_reference_data
from worker.heartbeat import is_alive, last_seen
from worker.models import Heartbeat
from worker.recovery import TaskAbandoned, recover_abandoned

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
PUBLISH = "public.tasks.publish_edition"


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database for a worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_env() -> dict:
    """The test's own database and files, for a worker in another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "OPPLAN_TASKS": "database",
    }


def run_worker(*args, wait=True):
    command = [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay",
               "--interval", "0.2", *args]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=worker_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    if wait:
        output, _ = process.communicate(timeout=240)
        assert process.returncode == 0, output.decode()
    return process


@pytest.fixture
def announced(database_queue):
    restore_reference_data()
    organization = make_organization(slug="worker")
    organization_plan = make_plan(organization)
    planner = member(organization, "planner", username="worker-planner")
    executive = member(organization, "executive", username="worker-mayor")
    strategy = make_strategy(organization)
    for number in range(1, 25):
        make_project(organization_plan, strategy=strategy, name=f"โครงการที่ {number} หมู่ที่ 4")
    endorse(organization_plan, by=planner)
    # Autocommit here: the announcement's commit queues the publication at once.
    workflow.announce(organization_plan, by=executive, announced_on=timezone.localdate(),
                      announced_by="นายก")  # fmt: skip
    return organization_plan


def test_a_real_worker_publishes_the_announced_edition(announced):
    task = DBTaskResult.objects.get(task_path=PUBLISH)
    assert task.status == TaskResultStatus.READY
    assert not PublishedFile.objects.exists()  # nothing was rendered by the announcement
    run_worker("--batch")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == len(FILES)
    assert PublishedFile.objects.filter(plan=announced).count() == len(FILES)
    assert last_seen() is not None  # the worker reported while it worked


def test_a_worker_killed_mid_render_leaves_no_half_published_file_and_the_task_runs_again(
    announced,
):
    import hashlib

    process = run_worker(wait=False)
    try:
        deadline = time.monotonic() + 60
        while not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists():
            assert time.monotonic() < deadline, "the worker never started the task"
            assert process.poll() is None, process.stdout.read().decode()
            time.sleep(0.05)
        time.sleep(0.5)  # mid-way through the files
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    task = DBTaskResult.objects.get(task_path=PUBLISH)
    assert task.status == TaskResultStatus.RUNNING  # claimed by a worker that is gone
    published = list(PublishedFile.objects.filter(plan=announced))
    assert len(published) < len(FILES)
    for record in published:  # every file published is whole
        with record.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == record.sha256
    # Once the dead worker's heartbeat is stale, the task is queued again, then done.
    later = timezone.now() + timedelta(seconds=settings.OPPLAN_WORKER_STALE_SECONDS + 1)
    assert recover_abandoned(now=later) == (1, 0)
    run_worker("--batch")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert PublishedFile.objects.filter(plan=announced).count() == len(FILES)


def test_a_task_abandoned_too_often_is_reported_failed(database_queue, settings):
    settings.OPPLAN_TASK_ATTEMPTS = 2
    restore_reference_data()
    from public.tasks import publish_edition

    publish_edition.enqueue(999999)
    task = DBTaskResult.objects.get()
    task.claim("gone-1")
    task.status = TaskResultStatus.READY
    task.save(update_fields=["status"])
    task.claim("gone-2")
    later = timezone.now() + timedelta(seconds=settings.OPPLAN_WORKER_STALE_SECONDS + 1)
    assert recover_abandoned(now=later) == (0, 1)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == f"{TaskAbandoned.__module__}.TaskAbandoned"
    assert "ผู้ทำงานเบื้องหลังหยุดระหว่างทำงานนี้ 2 ครั้ง" in task.traceback


def test_a_running_task_of_a_live_worker_is_left_alone(database_queue):
    from public.tasks import publish_edition

    publish_edition.enqueue(1)
    task = DBTaskResult.objects.get()
    task.claim("alive")
    now = timezone.now()
    Heartbeat.objects.create(worker_id="alive", host="h", pid=1, started_at=now, seen_at=now)
    assert recover_abandoned(now=now) == (0, 0)
    assert is_alive()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
