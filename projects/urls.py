from django.urls import path

from projects import import_views, views

app_name = "projects"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/budget-events/", views.plan_events, name="plan_events"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("plans/<int:pk>/editions/new/", views.edition_create, name="edition_create"),
    path("plans/<int:pk>/changes/", views.plan_changes, name="plan_changes"),
    path("plans/<int:pk>/budget-check/", views.budget_check, name="budget_check"),
    path("plans/<int:pk>/import/", import_views.plan_import, name="plan_import"),
    path("plans/<int:pk>/projects.xlsx", import_views.plan_export, name="plan_export"),
    path("plans/<int:plan_pk>/projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/duplicate/", views.project_duplicate, name="project_duplicate"),
    path("projects/<int:pk>/delete/", views.project_delete, name="project_delete"),
    path("strategies/", views.strategies, name="strategies"),
    path("strategies/new/", views.strategy_edit, name="strategy_create"),
    path("strategies/<int:pk>/", views.strategy_edit, name="strategy_edit"),
    path("strategies/<int:pk>/delete/", views.strategy_delete, name="strategy_delete"),
]
