"""/api/v1/: the Thai guide, the OpenAPI document, and the operations of api.views.api."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from api import views

app_name = "api"


def _operations():
    """django-ninja's routes for the operations, open to anyone (no login). Its own root
    route (a 404 placeholder) is left out: the guide stands at the root."""
    patterns, _, _ = views.api.urls
    for pattern in patterns:
        if pattern.name == "api-root":
            continue
        login_not_required(pattern.callback)
        yield pattern


urlpatterns = [
    path("", views.guide, name="guide"),
    path("openapi.json", views.openapi, name="openapi"),
    *_operations(),
]
