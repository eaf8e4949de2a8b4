"""Answers of the open data API: cached bodies, ETag and Last-Modified, 304 on a match.

A body is built once per URL (host, path and query) and kept in Django's cache for
OPPLAN_API_CACHE_SECONDS; the same number goes out as Cache-Control max-age, so an
announcement shows in the API within that time. The ETag is the body's SHA-256, so it
changes exactly when the body does. Last-Modified is when this exact body was first
served (remembered by its ETag), so an If-Modified-Since never gets a stale 304.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

BODY_KEY = "opplan:api:v1:body:{digest}"
SEEN_KEY = "opplan:api:v1:seen:{etag}"
SEEN_SECONDS = 30 * 24 * 60 * 60

JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Body:
    content: bytes
    content_type: str
    etag: str
    first_served: datetime
    filename: str = ""


def _body(request, build: Callable[[], bytes], content_type, filename) -> Body:
    url = request.build_absolute_uri()
    key = BODY_KEY.format(digest=hashlib.sha256(url.encode()).hexdigest())
    body = cache.get(key)
    if body is None:
        content = build()
        etag = f'"{hashlib.sha256(content).hexdigest()[:40]}"'
        # Seconds only: Last-Modified and If-Modified-Since carry no fractions.
        now = timezone.now().replace(microsecond=0)
        seen_key = SEEN_KEY.format(etag=etag)
        cache.add(seen_key, now, SEEN_SECONDS)
        first_served = cache.get(seen_key) or now
        body = Body(content, content_type, etag, first_served, filename)
        cache.set(key, body, settings.OPPLAN_API_CACHE_SECONDS)
    return body


def _headers(response, body: Body):
    response["ETag"] = body.etag
    response["Last-Modified"] = http_date(body.first_served.timestamp())
    patch_cache_control(response, public=True, max_age=settings.OPPLAN_API_CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def respond(request, build: Callable[[], bytes], content_type=JSON, filename="") -> HttpResponse:
    """The body `build()` makes (or the cached one), or 304 when the client has it."""
    body = _body(request, build, content_type, filename)
    not_modified = get_conditional_response(
        request, etag=body.etag, last_modified=int(body.first_served.timestamp())
    )
    if not_modified is not None:
        return _headers(not_modified, body)
    response = HttpResponse(body.content, content_type=body.content_type)
    if body.filename:
        response["Content-Disposition"] = f'attachment; filename="{body.filename}"'
    return _headers(response, body)
