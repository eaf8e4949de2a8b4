"""The per-address limit counts across processes when the cache is Redis (.ci/run sets
OPPLAN_TEST_REDIS_URL; skipped without it)."""

import os
import subprocess
import sys
import time
import uuid

import pytest

from tests.opplan.test_settings import PRODUCTION, ROOT, clean_env

REDIS_URL = os.environ.get("OPPLAN_TEST_REDIS_URL", "")
COUNT = """
import django; django.setup()
from django.test import RequestFactory
from api.limits import allow
request = RequestFactory().get("/api/v1/organizations/", REMOTE_ADDR={address!r})
print(" ".join("ok" if allow(request) else "refused" for _ in range(3)))
"""


# Both processes must count in one window: an hour, and once more (with a new address)
# if the hour turned between them, however slowly a busy machine starts them.
WINDOW = 3600


def count_in_two_processes():
    """Each process's three answers, and whether both counted in one window."""
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"
    env = clean_env(**{**PRODUCTION, "CACHE_URL": REDIS_URL, "OPPLAN_API_RATE_LIMIT": "5",
                       "OPPLAN_API_RATE_WINDOW": str(WINDOW)})  # fmt: skip
    window = int(time.time() // WINDOW)
    answers = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", COUNT.format(address=address)], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert result.returncode == 0, result.stderr
        answers.append(result.stdout.split())
    return answers, int(time.time() // WINDOW) == window


@pytest.mark.skipif(not REDIS_URL, reason="set OPPLAN_TEST_REDIS_URL (.ci/run does) to use Redis")
def test_two_processes_share_one_count_per_address():
    answers, one_window = count_in_two_processes()
    if not one_window:
        answers, one_window = count_in_two_processes()
    assert one_window
    assert answers == [["ok", "ok", "ok"], ["ok", "ok", "refused"]]
