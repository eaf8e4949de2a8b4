"""Sign-in, session and password settings come from the environment (README: Accounts
and passwords) and fail fast, naming the variable; the Content-Security-Policy is
enforced, with debug on too."""

import pytest

from tests.opplan.test_settings import PRODUCTION, load_settings, run, settings_of

# Read together, by one process for each environment.
NAMES = (
    "AXES_FAILURE_LIMIT",
    "OPPLAN_LOGIN_FAILURES_PER_ADDRESS",
    "AXES_COOLOFF_TIME.total_seconds()",
    "OPPLAN_TRUSTED_PROXIES",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "PASSWORD_RESET_TIMEOUT",
    "AUTH_PASSWORD_VALIDATORS[1]['OPTIONS']",
)


def test_the_defaults():
    value = settings_of(*NAMES, **PRODUCTION)
    assert value["AXES_FAILURE_LIMIT"] == 5
    assert value["OPPLAN_LOGIN_FAILURES_PER_ADDRESS"] == 20
    assert value["AXES_COOLOFF_TIME.total_seconds()"] == 15 * 60
    assert value["OPPLAN_TRUSTED_PROXIES"] == 0
    assert value["SESSION_COOKIE_AGE"] == 12 * 60 * 60
    assert value["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False
    assert value["PASSWORD_RESET_TIMEOUT"] == 24 * 60 * 60
    assert value["AUTH_PASSWORD_VALIDATORS[1]['OPTIONS']"] == {"min_length": 8}


def test_each_is_read_from_its_variable():
    env = {
        **PRODUCTION,
        "OPPLAN_LOGIN_FAILURES": "3",
        "OPPLAN_LOGIN_FAILURES_PER_ADDRESS": "50",
        "OPPLAN_LOGIN_LOCKOUT_MINUTES": "30",
        "OPPLAN_TRUSTED_PROXIES": "1",
        "OPPLAN_SESSION_HOURS": "8",
        "OPPLAN_SESSION_EXPIRE_AT_BROWSER_CLOSE": "1",
        "OPPLAN_PASSWORD_RESET_HOURS": "2",
        "OPPLAN_PASSWORD_MIN_LENGTH": "12",
    }
    value = settings_of(*NAMES, **env)
    assert value["AXES_FAILURE_LIMIT"] == 3
    assert value["OPPLAN_LOGIN_FAILURES_PER_ADDRESS"] == 50
    assert value["AXES_COOLOFF_TIME.total_seconds()"] == 30 * 60
    assert value["OPPLAN_TRUSTED_PROXIES"] == 1
    assert value["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert value["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert value["PASSWORD_RESET_TIMEOUT"] == 2 * 60 * 60
    assert value["AUTH_PASSWORD_VALIDATORS[1]['OPTIONS']"] == {"min_length": 12}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("OPPLAN_LOGIN_FAILURES", "five"),
        ("OPPLAN_LOGIN_FAILURES", "0"),
        ("OPPLAN_LOGIN_FAILURES_PER_ADDRESS", "0"),
        ("OPPLAN_LOGIN_LOCKOUT_MINUTES", "0"),
        ("OPPLAN_TRUSTED_PROXIES", "-1"),
        ("OPPLAN_SESSION_HOURS", "0"),
        ("OPPLAN_SESSION_EXPIRE_AT_BROWSER_CLOSE", "sometimes"),
        ("OPPLAN_PASSWORD_RESET_HOURS", "0"),
        ("OPPLAN_PASSWORD_MIN_LENGTH", "6"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = load_settings(**{**PRODUCTION, variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert variable in last_line


def policies(**env):
    """(the enforced header, the report-only header) the settings make."""
    result = run(
        "import django; django.setup(); from django.conf import settings; "
        "from django.utils.csp import build_policy; "
        "print(repr((build_policy(settings.SECURE_CSP), "
        "build_policy(settings.SECURE_CSP_REPORT_ONLY))))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # noqa: S307 -- two strings we printed


def test_the_content_security_policy_is_enforced_with_debug_on_too():
    enforced, reported = policies(**PRODUCTION)
    assert "script-src 'self'; style-src 'self'" in enforced
    assert reported == ""
    # `make run` sees what production sees (Django's debug pages opt out by themselves).
    assert policies(DJANGO_DEBUG="1") == (enforced, "")
