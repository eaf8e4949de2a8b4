"""Settings come from the environment and fail fast, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3J9-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "opplan.example.go.th",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://opplan.example.go.th",
    "DATABASE_URL": "postgres://opplan:secret@db.example:5432/opplan",
    "EMAIL_URL": "smtp+tls://mailer:p%40ss@smtp.example.go.th:587",
}


def clean_env(**overrides):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "SENTRY_"))
    }
    env.pop("DATABASE_URL", None)
    env.pop("CACHE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "opplan.settings"
    env.update(overrides)
    return env


def run(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(**env):
    return run("import django; django.setup(); from django.conf import settings", **env)


def setting(name, **env):
    result = run(
        f"import django; django.setup(); from django.conf import settings; "
        f"print(repr(settings.{name}))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # noqa: S307 -- repr of a settings value we printed


def settings_of(*names, **env):
    """The values of several settings, as one process started with `env` reads them (each
    process costs a Django start-up)."""
    values = ", ".join(f"settings.{name}" for name in names)
    result = run(
        f"import django; django.setup(); from django.conf import settings; "
        f"print(repr(({values},)))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return dict(zip(names, eval(result.stdout), strict=True))  # noqa: S307 -- reprs we printed


def test_check_deploy_passes_with_production_like_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_by_default_and_then_a_secret_key_is_required():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_runs_without_a_secret_key():
    assert setting("DEBUG", DJANGO_DEBUG="1") is True


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mongodb://localhost/opplan"),
        ("DATABASE_URL", "postgres://localhost"),
        ("EMAIL_URL", "pigeon://coop"),
        ("EMAIL_URL", "smtp://"),
        ("EMAIL_URL", "smtp://mail.example:notaport"),
        ("CACHE_URL", "memcached://x"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "opplan.example.go.th"),
        ("DJANGO_HSTS_SECONDS", "a year"),
        ("DJANGO_LOG_LEVEL", "LOUD"),
        ("OPPLAN_PLAN_DEADLINE_DAYS", "0"),
        ("OPPLAN_WORKER_STALE_SECONDS", "0"),
        ("SENTRY_DSN", "https://sentry.example.go.th/1"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = load_settings(**{**PRODUCTION, variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert variable in last_line


def test_database_url_selects_postgresql():
    database = setting("DATABASES['default']", **PRODUCTION)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == ("opplan", "db.example", 5432)


def test_without_database_url_an_embedded_sqlite_file_under_var_is_used():
    database = setting("DATABASES['default']", DJANGO_DEBUG="1")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == ROOT / "var" / "opplan.sqlite3"


def test_email_defaults_to_the_console():
    mailers = setting("MAILERS", DJANGO_DEBUG="1")
    assert mailers["default"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_email_url_configures_smtp():
    options = setting("MAILERS", **PRODUCTION)["default"]["OPTIONS"]
    assert options["host"] == "smtp.example.go.th"
    assert options["port"] == 587
    assert options["username"] == "mailer"
    assert options["password"] == "p@ss"
    assert options["use_tls"] is True


def test_https_hardening_is_on_when_debug_is_off():
    value = settings_of(
        "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS", **PRODUCTION
    )
    assert value["SECURE_SSL_REDIRECT"] is True
    assert value["SESSION_COOKIE_SECURE"] is True
    assert value["SECURE_HSTS_SECONDS"] == 31_536_000


def test_lists_are_comma_separated():
    hosts = setting("ALLOWED_HOSTS", **{**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "a.go.th, b.go.th"})
    assert hosts == ["a.go.th", "b.go.th"]


def test_the_ui_is_thai_in_bangkok_time():
    value = settings_of("LANGUAGE_CODE", "TIME_ZONE", DJANGO_DEBUG="1")
    assert value["LANGUAGE_CODE"] == "th"
    assert value["TIME_ZONE"] == "Asia/Bangkok"
