"""Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Without Chromium the browser tests are skipped with the reason shown; CI sets
OPPLAN_REQUIRE_BROWSER=1 so that a missing Chromium fails instead. A failing
test leaves a screenshot in var/test-artifacts/. Anything the Content-Security-Policy or
the Permissions-Policy refused on a `page` or `phone` fails the test at teardown.
"""

import os
import re
from pathlib import Path

import pytest

from tests.reference_data import restore_reference_data

CHROMIUM = Path(os.environ.get("OPPLAN_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    restore_reference_data()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(apt-get install chromium) to run the browser tests"
        )
        if os.environ.get("OPPLAN_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, request, viewport):
    context = browser.new_context(viewport=viewport, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.policy_violations = []
    page.on("console", lambda message: _note_violation(page, message))
    return context, page


def _note_violation(page, message):
    """Keep what the browser refused under the Content-Security-Policy or Permissions-Policy."""
    if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
        page.policy_violations.append(f"{page.url}: {message.text}")


def _screenshot_if_failed(request, page):
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"), full_page=True)


@pytest.fixture
def page(browser, request, live_server):
    context, page = _new_page(browser, request, DESKTOP)
    yield page
    _screenshot_if_failed(request, page)
    context.close()
    assert page.policy_violations == [], "\n".join(page.policy_violations)


@pytest.fixture
def phone(browser, request, live_server):
    context, page = _new_page(browser, request, PHONE)
    yield page
    _screenshot_if_failed(request, page)
    context.close()
    assert page.policy_violations == [], "\n".join(page.policy_violations)


def save_screenshot(page, name):
    """Keep a picture of what users see, for a person to look at (var/test-artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
