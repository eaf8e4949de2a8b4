from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("p/<slug:slug>/", views.organization, name="organization"),
    path("p/<slug:slug>/files/<str:name>", views.download, name="download"),
]
