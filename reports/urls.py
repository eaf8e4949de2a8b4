from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("plans/<int:pk>/reports/<str:form>/", views.form_page, name="form"),
    path("plans/<int:pk>/reports/<str:form>.<str:fmt>", views.download, name="download"),
]
