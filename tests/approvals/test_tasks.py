"""E-mail to the next actors goes through the task queue and is retried when the mail
server fails."""

import pytest
from django.core.mail import EmailMessage
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from approvals.tasks import RETRY_AFTER, send_email
from tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def mail_server_down(monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("smtp.example.go.th:587")

    monkeypatch.setattr(EmailMessage, "send", refuse)


def test_a_step_queues_its_email_after_commit_and_the_click_never_waits(
    plan, planner, support_member, database_queue, django_capture_on_commit_callbacks
):
    support_member.email = "village-head@example.go.th"
    support_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan, by=planner)
    task = DBTaskResult.objects.get(task_path="approvals.tasks.send_email")
    assert task.status == TaskResultStatus.READY
    assert task.args_kwargs["args"][2] == ["village-head@example.go.th"]


def test_a_failing_mail_server_is_tried_again_later(database_queue, mail_server_down, caplog):
    before = timezone.now()
    assert send_email.call("เรื่อง", "ข้อความ", ["a@example.go.th"]) == 0
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= before + RETRY_AFTER[0]
    assert "trying again" in caplog.text


def test_after_the_last_attempt_the_failure_is_logged_as_an_error(
    database_queue, mail_server_down, caplog
):
    with pytest.raises(ConnectionRefusedError):
        send_email.call("เรื่อง", "ข้อความ", ["a@example.go.th"], attempt=len(RETRY_AFTER) + 1)
    assert not DBTaskResult.objects.exists()
    assert any(r.levelname == "ERROR" and "giving up" in r.message for r in caplog.records)


def test_a_message_that_goes_through_is_sent_once(mailoutbox):
    assert send_email.call("เรื่อง", "ข้อความ", ["a@example.go.th", "b@example.go.th"]) == 2
    assert [m.to for m in mailoutbox] == [["a@example.go.th", "b@example.go.th"]]
