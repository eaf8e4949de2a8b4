"""Every DATABASE_URL, EMAIL_URL and CACHE_URL form the README lists starts the app.

Issue #17: `CACHE_URL=redis://…` was documented while the redis package was not
installed, so the first cached page failed. Each documented form now starts the app
in a subprocess (settings, `check`, the cache client, the mailer, the
database wrapper); a real Redis server is used when OPPLAN_TEST_REDIS_URL names one
(.ci/run sets it).
"""

import os
import re
import subprocess
import sys
import uuid

import pytest

from tests.opplan.test_settings import PRODUCTION, ROOT, clean_env

# variable → {scheme: an example of the README's form}
FORMS = {
    "DATABASE_URL": {
        "sqlite": "sqlite:///var/opplan.sqlite3",
        "postgres": "postgres://opplan:pw@127.0.0.1:5432/opplan",
    },
    "EMAIL_URL": {
        "console": "console://",
        "smtp+tls": "smtp+tls://user:password@smtp.example.go.th:587",
        "smtp+ssl": "smtp+ssl://user:password@smtp.example.go.th",
        "smtp": "smtp://smtp.example.go.th",
        "file": "file://{tmp}/mail",
        "locmem": "locmem://",
        "dummy": "dummy://",
    },
    "CACHE_URL": {
        "locmem": "locmem://",
        "redis": "redis://127.0.0.1:6379/0",
        "rediss": "rediss://:password@redis.example.go.th:6380/0",
    },
}

START = """
import django
django.setup()
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections

call_command("check", "--fail-level", "WARNING")
cache = caches["default"]
getattr(cache, "_cache", None)  # RedisCache builds its client (imports redis-py) lazily
mailer = mail.mailers["default"]
if not type(mailer).__module__.endswith(".smtp"):  # no SMTP server here: send to the others
    mail.send_mail("ทดสอบ", "ข้อความทดสอบ", None, ["planner@example.go.th"])
print(type(cache).__name__, type(mailer).__module__.rsplit(".", 1)[-1],
      connections["default"].vendor)
"""

EXPECTED = {
    ("DATABASE_URL", "sqlite"): "sqlite",
    ("DATABASE_URL", "postgres"): "postgresql",
    ("EMAIL_URL", "console"): "console",
    ("EMAIL_URL", "smtp+tls"): "smtp",
    ("EMAIL_URL", "smtp+ssl"): "smtp",
    ("EMAIL_URL", "smtp"): "smtp",
    ("EMAIL_URL", "file"): "filebased",
    ("EMAIL_URL", "locmem"): "locmem",
    ("EMAIL_URL", "dummy"): "dummy",
    ("CACHE_URL", "locmem"): "LocMemCache",
    ("CACHE_URL", "redis"): "RedisCache",
    ("CACHE_URL", "rediss"): "RedisCache",
}


def readme_schemes(variable):
    """The URL schemes shown in the README's configuration row of `variable`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{variable}` |"))
    return set(re.findall(r"`([a-z][a-z+]*)://", row))


@pytest.mark.parametrize("variable", FORMS)
def test_the_readme_lists_exactly_the_tested_forms(variable):
    assert readme_schemes(variable) == set(FORMS[variable])


@pytest.mark.parametrize(
    ("variable", "scheme"), [(v, s) for v, forms in FORMS.items() for s in forms]
)
def test_the_app_starts_with_each_documented_form(tmp_path, variable, scheme):
    url = FORMS[variable][scheme].format(tmp=tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", START],
        cwd=ROOT,
        env=clean_env(**{**PRODUCTION, variable: url}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert EXPECTED[variable, scheme] in result.stdout.split(), result.stdout
    if scheme == "file":
        (message,) = (tmp_path / "mail").iterdir()
        assert "planner@example.go.th" in message.read_text()


def test_a_redis_cache_url_without_the_redis_package_stops_start_up():
    code = (
        "import sys; sys.modules['redis'] = None\n"  # as if redis-py were not installed
        "import django; django.setup()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**{**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/0"}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert "CACHE_URL" in last_line
    assert "redis package is not installed" in last_line


REDIS_URL = os.environ.get("OPPLAN_TEST_REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="set OPPLAN_TEST_REDIS_URL (.ci/run does) to use Redis")
def test_a_redis_cache_url_stores_and_reads_through_a_real_server():
    key = f"opplan:test:{uuid.uuid4().hex}"
    code = (
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        f"cache.set({key!r}, {{'ผด.02': 42}}, 30)\n"
        f"print(cache.get({key!r}))\n"
        f"cache.delete({key!r})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**{**PRODUCTION, "CACHE_URL": REDIS_URL}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'ผด.02': 42}"
