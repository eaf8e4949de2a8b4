from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.status, name="status"),
    path("status.xlsx", views.status_xlsx, name="status_xlsx"),
    path("totals/", views.totals, name="totals"),
    path("totals.xlsx", views.totals_xlsx, name="totals_xlsx"),
    path("results/", views.results, name="results"),
    path("results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/invite/", views.invite_planner, name="invite_planner"),
]
