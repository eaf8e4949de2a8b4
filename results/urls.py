"""Results: rounds, the grid, departments' reports, the round's steps (under /rounds/)."""

from django.urls import path  # noqa: F401

app_name = "results"

urlpatterns = []
