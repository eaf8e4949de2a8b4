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


@pytest.mark.skipif(not REDIS_URL, reason="set OPPLAN_TEST_REDIS_URL (.ci/run does) to use Redis")
def test_two_processes_share_one_count_per_address():
    if int(time.time()) % 60 > 50:  # both processes must fall in one window of 60 s
        time.sleep(11)
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"
    env = clean_env(**{**PRODUCTION, "CACHE_URL": REDIS_URL, "OPPLAN_API_RATE_LIMIT": "5"})
    answers = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", COUNT.format(address=address)], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert result.returncode == 0, result.stderr
        answers.append(result.stdout.split())
    assert answers == [["ok", "ok", "ok"], ["ok", "ok", "refused"]]
