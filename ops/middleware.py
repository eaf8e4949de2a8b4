"""One log line per request, for the operator (README "Operating").

    GET /plans/3/reports/pd02.pdf 200 1834ms user=4 org=demo

Method, path (escaped, without the query string: searches stay out of the log),
status, duration in milliseconds, the user's id and the slug of the organisation the
user works in (`request.organization`, set by accounts.middleware), "-" when there is
none. The same values ride on the record as `method`, `path`, `status`,
`duration_ms`, `user_id` and `organization` for structured handlers. The duration
ends when the response is handed to the server: a streamed file's transfer is not
in it. Passing /healthz probes are logged at DEBUG, so a load balancer's probe every
few seconds does not bury the requests people make.
"""

import logging
import time

from django.utils.encoding import escape_uri_path

logger = logging.getLogger("opplan.requests")
LINE = "%(method)s %(path)s %(status)s %(duration_ms)sms user=%(user_id)s org=%(organization)s"


class RequestLogMiddleware:
    """First in MIDDLEWARE, so the duration covers every other layer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        fields = {
            "method": request.method,
            "path": escape_uri_path(request.path),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000),
            "user_id": _user_id(request),
            "organization": _organization(request),
        }
        quiet = fields["path"] == "/healthz" and response.status_code == 200
        logger.log(logging.DEBUG if quiet else logging.INFO, LINE, fields, extra=fields)
        return response


def _user_id(request):
    # Static files are answered by WhiteNoise before AuthenticationMiddleware sets request.user.
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else "-"


def _organization(request):
    organization = getattr(request, "organization", None)
    return organization.slug if organization is not None else "-"
