"""A URLconf with a view that fails and one that refuses, for the logging tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import include, path


@login_not_required
def boom(request):
    raise RuntimeError("ตั้งใจให้ล้ม")


@login_not_required
def forbidden(request):
    raise PermissionDenied("เฉพาะนักวิเคราะห์นโยบายและแผน")


# The application's URLs too: the error pages link to them.
urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), path("", include("opplan.urls"))]
