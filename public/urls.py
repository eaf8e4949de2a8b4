from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("p/<slug:slug>/", views.organization, name="organization"),
    path("p/<slug:slug>/files/<str:name>", views.download, name="download"),
    path("p/<slug:slug>/results/<int:pk>/", views.round_results, name="round"),
    path("p/<slug:slug>/results/files/<str:name>", views.round_download, name="round_download"),
    path("p/<slug:slug>/plans/<int:pk>/", views.edition, name="edition"),
    path("p/<slug:slug>/plans/<int:pk>/signed.pdf", views.signed_scan, name="signed_scan"),
    path("p/<slug:slug>/plans/<int:pk>/projects/<int:number>/", views.project, name="project"),
]
