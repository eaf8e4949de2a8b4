"""Results: rounds, the grid, departments' reports, the round's steps (under /rounds/)."""

from django.urls import path

from results import carry_over_views, import_views, views

app_name = "results"

urlpatterns = [
    path("rounds/<int:pk>/import/", import_views.round_import, name="round_import"),
    path("rounds/<int:pk>/export.xlsx", import_views.round_export, name="round_export"),
    path("rounds/<int:pk>/carry-over/", carry_over_views.carry_over, name="carry_over"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/actions/<str:action>/", views.round_step, name="step"),
    path("rounds/<int:pk>/announce/", views.announce, name="announce"),
    path("rounds/<int:pk>/posting/", views.posting, name="posting"),
    path("rounds/<int:pk>/grid/", views.grid, name="grid"),
    path("rounds/<int:pk>/rows/<int:lineage>/", views.row_save, name="row_save"),
    path("rounds/<int:pk>/rows/<int:lineage>/photos/", views.row_photos, name="row_photos"),
    path("rounds/<int:pk>/submit/", views.submit, name="submit"),
    path("rounds/photos/<int:pk>/", views.photo, name="photo"),
    path("rounds/photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
]
