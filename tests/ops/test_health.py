"""/healthz: 200 when the database, cache, storage and worker answer, 503 when one fails;
no login, nothing secret (issue #17)."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.db import OperationalError, connection

from ops import health
from worker.models import Heartbeat

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SECRET_REASON = "connection to server at db.internal failed: password for user opplan_rw"


def record_heartbeat(seen_at):
    Heartbeat.objects.create(worker_id="w1", host="h", pid=1, started_at=seen_at, seen_at=seen_at)


def test_it_answers_200_to_anonymous_visitors_when_everything_works(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "worker": {
            "status": "no worker has reported",
            "seconds_since_heartbeat": None,
            "stale_after": 60,
        },
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_rejects_post(client):
    assert client.post("/healthz").status_code == 405


def test_a_failing_database_gives_503_without_saying_why(client, monkeypatch, caplog):
    def refuse():
        raise OperationalError(SECRET_REASON)

    monkeypatch.setattr(connection, "cursor", refuse)
    with caplog.at_level(logging.WARNING, logger="ops.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["database"] == "failing"
    assert response.json()["cache"] == "ok"
    assert "db.internal" not in response.content.decode()
    assert SECRET_REASON in caplog.text  # the operator reads the reason in the log


def test_an_unreachable_cache_gives_503(client, settings):
    # Nothing listens on port 1: a real connection failure through Django's Redis backend.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["cache"], body["database"], body["storage"]) == ("failing", "ok", "ok")
    assert body["worker"]["status"] == "no worker has reported"  # read from the database


def test_unwritable_storage_gives_503(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"] == "failing"


def test_the_storage_check_leaves_no_file_behind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert health.check_storage() is True
    assert list((tmp_path / "healthz").iterdir()) == []


def test_a_recent_heartbeat_is_reported_with_its_age():
    record_heartbeat(NOW - timedelta(seconds=12))
    assert health.report(now=NOW)["worker"] == {
        "status": "ok",
        "seconds_since_heartbeat": 12.0,
        "stale_after": 60,
    }
    assert health.report(now=NOW)["status"] == "ok"


def test_a_stale_heartbeat_gives_503(client, settings):
    settings.OPPLAN_WORKER_STALE_SECONDS = 60
    record_heartbeat(datetime.now(UTC) - timedelta(seconds=61))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["status"] == "stale"
    assert response.json()["worker"]["stale_after"] == 60
    assert response.json()["database"] == "ok"


def test_the_newest_heartbeat_of_several_workers_counts():
    record_heartbeat(NOW - timedelta(seconds=600))
    Heartbeat.objects.create(worker_id="w2", host="h2", pid=2, started_at=NOW, seen_at=NOW)
    assert health.report(now=NOW)["worker"]["status"] == "ok"


def test_it_is_not_redirected_to_https(client, settings):
    # The load balancer probes the app's own port over plain HTTP.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/p/demo/").status_code == 301
