"""Sign-in throttling (django-axes, docs/adr/0026-logins-csp-and-passwords.md).

After OPPLAN_LOGIN_FAILURES failed sign-ins for one account, or
OPPLAN_LOGIN_FAILURES_PER_ADDRESS from one address (an office behind one public address
shares it, so its limit is higher), sign-in is refused for OPPLAN_LOGIN_LOCKOUT_MINUTES
after the failure that reached the limit, even with the right password. The refusal
says, in Thai, when to try again. An admin unlocks with the user admin's action or
`manage.py axes_reset_username USERNAME` / `axes_reset_ip ADDRESS`. Every failure is
logged (logger "accounts.logins") and kept in axes' failure log.
"""

import ipaddress
import logging
import math
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone

from thai.format import format_date_full

logger = logging.getLogger(__name__)


def client_address(request) -> str | None:
    """The address the request came from.

    The connection's own address, unless settings.OPPLAN_TRUSTED_PROXIES proxies of ours
    stand in front: each appends the address it received from to X-Forwarded-For, so the
    client's is that many entries from the end. Entries further left were written by the
    client and are never trusted; a value that is not an address falls back to the
    connection's.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.OPPLAN_TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def _limits(username, address) -> list[tuple[dict, int]]:
    limits = [({"ip_address": address}, settings.OPPLAN_LOGIN_FAILURES_PER_ADDRESS)]
    if username:
        limits.insert(0, ({"username": username}, settings.AXES_FAILURE_LIMIT))
    return limits


def _recent_attempts():
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since)


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler with a limit per account and a (higher) one per address."""

    def get_failures(self, request, credentials=None) -> int:
        """Failures counted against AXES_FAILURE_LIMIT (the account's limit).

        An address's failures count in proportion to its own limit: with 5 per account
        and 20 per address, 20 failures from one address count as 5, and lock it.
        """
        username = get_client_username(request, credentials)
        account_limit = settings.AXES_FAILURE_LIMIT
        counted = 0
        for where, limit in _limits(username, request.axes_ip_address):
            failures = _recent_attempts().filter(**where).aggregate(n=Sum("failures_since_start"))
            counted = max(counted, (failures["n"] or 0) * account_limit // limit)
        return counted

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears its account's failures, never its address's."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def locked_until(request, username) -> datetime | None:
    """When sign-in as `username` from this request's address is allowed again (None: now).

    Failures leave the count OPPLAN_LOGIN_LOCKOUT_MINUTES after their last attempt, the
    oldest first: the lock ends when the record that completed the limit leaves.
    """
    ends = []
    for where, limit in _limits(username, request.axes_ip_address):
        total = 0
        for attempt_time, failures in (
            _recent_attempts()
            .filter(**where)
            .order_by("-attempt_time")
            .values_list("attempt_time", "failures_since_start")
        ):
            total += failures
            if total >= limit:
                ends.append(attempt_time + settings.AXES_COOLOFF_TIME)
                break
    return max(ends, default=None)


def lockout_message(until: datetime) -> str:
    """The Thai refusal, with the first whole minute at which trying again works."""
    local = timezone.localtime(until)
    minute = local.replace(second=0, microsecond=0)
    if minute < local:
        minute += timedelta(minutes=1)
    when = f"{minute:%H:%M} น."
    if minute.date() != timezone.localdate():
        when += f" วันที่ {format_date_full(minute)}"
    return (
        "ระงับการเข้าสู่ระบบชั่วคราว เพราะกรอกชื่อผู้ใช้หรือรหัสผ่านผิดหลายครั้ง "
        f"ลองใหม่ได้หลังเวลา {when} หรือติดต่อผู้ดูแลระบบให้ปลดล็อก"
    )


def refusal(request, username) -> str:
    """The message for a sign-in that throttling refused."""
    until = locked_until(request, username) or timezone.now() + settings.AXES_COOLOFF_TIME
    return lockout_message(until)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page itself, whose form already says why (its
    get_invalid_login_error), answered with 429 Too Many Requests and Retry-After."""
    username = get_client_username(request, credentials)
    until = locked_until(request, username) or timezone.now() + settings.AXES_COOLOFF_TIME
    response = original_response
    if response is None:  # axes gives none on its asynchronous path (not OpPlan's)
        response = HttpResponse(lockout_message(until), content_type="text/plain; charset=utf-8")
    response.status_code = 429
    seconds = (until - timezone.now()).total_seconds()
    response["Retry-After"] = str(max(1, math.ceil(seconds)))
    return response


def log_failure(sender, credentials, request=None, **kwargs):
    """user_login_failed: one line per refused sign-in, with who, from where and why."""
    username = credentials.get("username", "")
    address = getattr(request, "axes_ip_address", None) if request else None
    locked = bool(getattr(request, "axes_locked_out", False))
    logger.warning(
        "sign-in refused: username=%r address=%s reason=%s",
        username,
        address,
        "locked out" if locked else "wrong username or password",
    )


def unlock(*, username=None, address=None) -> int:
    """Forget the failures of an account and/or an address; returns how many records went."""
    if username is None and address is None:
        raise ValueError("unlock() needs a username or an address")
    attempts = AccessAttempt.objects.all()
    if username is not None:
        attempts = attempts.filter(username=username)
    if address is not None:
        attempts = attempts.filter(ip_address=address)
    count, _ = attempts.delete()
    logger.info("sign-in unlocked: username=%r address=%s (%d records)", username, address, count)
    return count
