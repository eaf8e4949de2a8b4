from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_edit, name="event_create"),
    path("events/<int:pk>/", views.event_edit, name="event_edit"),
    path("sources/new/", views.source_create, name="source_create"),
]
