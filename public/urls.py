from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("p/<slug:slug>/", views.organization, name="organization"),
    path("p/<slug:slug>/files/<str:name>", views.download, name="download"),
    path("p/<slug:slug>/plans/<int:pk>/", views.edition, name="edition"),
    path("p/<slug:slug>/plans/<int:pk>/projects/<int:number>/", views.project, name="project"),
]
