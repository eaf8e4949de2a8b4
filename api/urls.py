"""/api/v1/: the Thai guide, the OpenAPI document, and the operations of api.views.api."""

import functools

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from api import views

app_name = "api"


def head_as_get(view):
    """Answer HEAD like GET without the body (`curl -I` to read the ETag), as Django's
    class-based views do; django-ninja routes GET only."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return answer


def _operations():
    """django-ninja's routes for the operations, open to anyone (no login). Its own root
    route (a 404 placeholder) is left out: the guide stands at the root."""
    patterns, _, _ = views.api.urls
    for pattern in patterns:
        if pattern.name == "api-root":
            continue
        yield path(
            str(pattern.pattern),
            login_not_required(head_as_get(pattern.callback)),
            name=pattern.name,
        )


urlpatterns = [
    path("", views.guide, name="guide"),
    path("openapi.json", head_as_get(views.openapi), name="openapi"),
    *_operations(),
]
