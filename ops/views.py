from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ops import health


@login_not_required
@require_safe
@never_cache
def healthz(request):
    """200 with the report when every check passes, 503 with the same report otherwise."""
    report = health.report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
