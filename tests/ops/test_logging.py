"""Logs an operator can use (issue #17): one line per request with its duration, user,
organisation, method, path and status; errors with their traceback; Sentry when
SENTRY_DSN is set."""

import logging
import re
import subprocess
import sys

import pytest
from django.test import Client

from tests.opplan.test_settings import PRODUCTION, ROOT, clean_env

LINE = re.compile(r"^(GET|POST) (\S+) (\d{3}) (\d+)ms user=(\S+) org=(\S+)$")


def request_records(caplog):
    return [r for r in caplog.records if r.name == "opplan.requests"]


@pytest.mark.django_db
def test_each_request_writes_one_line_with_user_organisation_and_duration(
    caplog, client_for, planner, plan
):
    client = client_for(planner)
    with caplog.at_level(logging.INFO, logger="opplan.requests"):
        client.get(f"/plans/{plan.pk}/?q=ถนน")
    (record,) = request_records(caplog)
    assert record.levelname == "INFO"
    assert (record.method, record.path, record.status) == ("GET", f"/plans/{plan.pk}/", 200)
    assert (record.user_id, record.organization) == (planner.pk, "nongbua")
    assert isinstance(record.duration_ms, int)
    assert record.duration_ms >= 0
    assert record.getMessage() == (
        f"GET /plans/{plan.pk}/ 200 {record.duration_ms}ms user={planner.pk} org=nongbua"
    )
    assert "ถนน" not in caplog.text  # searches stay out of the log


@pytest.mark.django_db
def test_an_anonymous_request_is_logged_with_dashes(caplog, client):
    with caplog.at_level(logging.INFO, logger="opplan.requests"):
        client.post("/accounts/login/", {"username": "nobody", "password": "x"})
    (record,) = request_records(caplog)
    assert LINE.match(record.getMessage()).groups()[::2] == ("POST", "200", "-")
    assert (record.user_id, record.organization) == ("-", "-")


@pytest.mark.django_db
def test_passing_health_probes_are_logged_only_at_debug(caplog, client):
    with caplog.at_level(logging.INFO, logger="opplan.requests"):
        client.get("/healthz")
    assert request_records(caplog) == []
    with caplog.at_level(logging.DEBUG, logger="opplan.requests"):
        client.get("/healthz")
    assert [r.levelname for r in request_records(caplog)] == ["DEBUG"]


@pytest.mark.urls("tests.ops.urls")
def test_a_failing_view_logs_its_traceback_and_a_500_line(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.get("/boom/")
    assert response.status_code == 500
    (error,) = [r for r in caplog.records if r.name == "django.request"]
    assert error.levelname == "ERROR"
    assert error.exc_info[0] is RuntimeError
    assert "Traceback (most recent call last)" in caplog.text
    (line,) = request_records(caplog)
    assert (line.path, line.status) == ("/boom/", 500)


# The error page's stylesheet links need collectstatic's manifest, which tests do not build.
PRODUCTION_REQUEST = """
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(ROOT_URLCONF="tests.ops.urls",
                       STORAGES={**settings.STORAGES, "staticfiles": plain}):
    client = Client(raise_request_exception=False)
    print(client.get("/boom/").status_code, client.get("/forbidden/").status_code)
"""


def run_in_production(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(
            **{
                **PRODUCTION,
                "DJANGO_ALLOWED_HOSTS": "testserver",
                "DJANGO_HTTPS": "0",
                **env,
            }
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_debug_off_an_error_reaches_standard_error_with_its_traceback():
    result = run_in_production(PRODUCTION_REQUEST)
    assert result.stdout.split() == ["500", "403"], result.stderr
    assert "ERROR django.request: Internal Server Error: /boom/" in result.stderr
    assert result.stderr.count("Traceback (most recent call last)") == 1
    assert "RuntimeError: ตั้งใจให้ล้ม" in result.stderr
    assert re.search(r"INFO opplan\.requests: GET /boom/ 500 \d+ms user=- org=-", result.stderr)


def test_a_refused_request_is_one_warning_line_without_a_traceback():
    result = run_in_production(PRODUCTION_REQUEST)
    (warning,) = [
        line for line in result.stderr.splitlines() if "/forbidden/" in line and "WARNING" in line
    ]
    assert warning.endswith(
        "WARNING django.request: Forbidden (Permission denied): /forbidden/ "
        "(PermissionDenied: เฉพาะนักวิเคราะห์นโยบายและแผน)"
    )
    assert re.search(r"INFO opplan\.requests: GET /forbidden/ 403 \d+ms", result.stderr)


def test_sentry_is_not_imported_without_sentry_dsn():
    result = run_in_production(
        "import sys, django; django.setup(); print('sentry_sdk' in sys.modules)"
    )
    assert result.stdout.strip() == "False", result.stderr


def test_sentry_dsn_turns_sentry_on_without_personal_data():
    result = run_in_production(
        "import django; django.setup(); import sentry_sdk; client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'])",
        SENTRY_DSN="http://publickey@127.0.0.1:9/1",  # nothing is sent: no error happens
    )
    assert result.stdout.strip() == "True False", result.stderr


def test_sentry_dsn_without_the_sentry_extra_stops_start_up_naming_the_variable():
    result = run_in_production(
        "import sys; sys.modules['sentry_sdk'] = None; import django; django.setup()",
        SENTRY_DSN="http://publickey@127.0.0.1:9/1",
    )
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured: SENTRY_DSN is set but sentry-sdk is not installed" in last_line
