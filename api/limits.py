"""A per-address request limit for the open data API, counted in Django's cache.

A fixed window: the first request of an address in a window creates its counter with
`cache.add`, every request adds one with `cache.incr` — both atomic on Redis and
memcached, so several processes on several machines count together. The window and the
limit come from settings (OPPLAN_API_RATE_LIMIT requests per OPPLAN_API_RATE_WINDOW
seconds). The address is the one sign-in throttling uses (accounts.logins).
"""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from accounts.logins import client_address

KEY = "opplan:api:rate:{address}:{window}"


def seconds_left(now=None) -> int:
    """Seconds until the current window ends (the Retry-After of a refusal)."""
    window = settings.OPPLAN_API_RATE_WINDOW
    now = time.time() if now is None else now
    return max(1, int(window - now % window))


def allow(request) -> bool:
    """Count the request against its address; False once the window's limit is passed."""
    window = settings.OPPLAN_API_RATE_WINDOW
    key = KEY.format(address=client_address(request) or "-", window=int(time.time() // window))
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this request starts it again
            cache.add(key, 1, timeout=window + 1)
            count = 1
    return count <= settings.OPPLAN_API_RATE_LIMIT


class AddressRateThrottle(BaseThrottle):
    """django-ninja's throttle hook over `allow` (refusals: api.views.too_many)."""

    def allow_request(self, request) -> bool:
        return allow(request)


TOO_MANY = (
    "ขอข้อมูลถี่เกินกำหนด: ไม่เกิน {limit} ครั้งต่อ {window} วินาทีต่อหนึ่งที่อยู่ IP "
    "กรุณารอ {wait} วินาทีแล้วลองใหม่ (หรือใช้ไฟล์ CSV ซึ่งได้ทุกแถวในครั้งเดียว)"
)


def refusal_text() -> tuple[str, int]:
    wait = seconds_left()
    text = TOO_MANY.format(
        limit=settings.OPPLAN_API_RATE_LIMIT, window=settings.OPPLAN_API_RATE_WINDOW, wait=wait
    )
    return text, wait
