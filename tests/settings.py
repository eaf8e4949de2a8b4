"""The test suite's settings: opplan/settings.py, read with a test environment.

Only environment defaults are set here (never settings values), so the tests
exercise the one settings module. DATABASE_URL is left as given: CI points it
at PostgreSQL, a developer's `make test` uses the embedded SQLite.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_DEBUG", "0")
# Uploads (logos, posting photos) go to a fresh directory, never the developer's var/media.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="opplan-test-media-"))
# `make test` runs the tests in several processes (pytest-xdist), which inherit the
# environment of the one that started them: each keeps its uploads in a folder of its own
# (gw0, gw1…), and the processes a test starts inherit that folder.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.path.basename(os.environ["DJANGO_MEDIA_ROOT"]) != _worker:
    os.environ["DJANGO_MEDIA_ROOT"] = os.path.join(os.environ["DJANGO_MEDIA_ROOT"], _worker)
    os.makedirs(os.environ["DJANGO_MEDIA_ROOT"], exist_ok=True)
# The test client and live server speak plain HTTP.
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_URL", "locmem://")
# Always the process's own memory: every test clears the cache (tests/conftest.py), which
# must never be a developer's Redis. Tests of other caches start processes of their own.
os.environ["CACHE_URL"] = "locmem://"
# Tasks run where they are queued, unless a test says otherwise (tests/worker/ runs a
# real worker process on the database backend).
os.environ.setdefault("OPPLAN_TASKS", "immediate")
# Playwright's sync API runs an event loop in the test thread (tech-notes.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from opplan.settings import *  # noqa: E402, F403 -- after the environment it reads

# The embedded database of the tests is a file, not memory: a real worker process
# (tests/worker/) reads the tasks the test queued.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"opplan-test-{os.getpid()}.sqlite3")
    }
    # A throwaway file: no need to wait for the disk (added to the settings' own WAL).
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["init_command"] = _options.get("init_command", "") + "PRAGMA synchronous=OFF;"
# Tests render pages without collectstatic's manifest.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
