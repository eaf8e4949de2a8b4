from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("plans/<int:pk>/actions/<str:action>/", views.perform, name="perform"),
]
