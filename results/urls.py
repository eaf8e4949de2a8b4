"""Results: rounds, the grid, departments' reports, the round's steps (under /rounds/)."""

from django.urls import path

from results import carry_over_views, import_views

app_name = "results"

urlpatterns = [
    path("rounds/<int:pk>/import/", import_views.round_import, name="round_import"),
    path("rounds/<int:pk>/export.xlsx", import_views.round_export, name="round_export"),
    path("rounds/<int:pk>/carry-over/", carry_over_views.carry_over, name="carry_over"),
]
