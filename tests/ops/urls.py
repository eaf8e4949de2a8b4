"""A URLconf with a view that fails, for the logging tests."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path


@login_not_required
def boom(request):
    raise RuntimeError("ตั้งใจให้ล้ม")


urlpatterns = [path("boom/", boom)]
