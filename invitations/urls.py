from django.urls import path

from invitations import views

app_name = "invitations"

urlpatterns = [
    path("organization/people/", views.people, name="people"),
    path("invitations/<uidb64>/<token>/", views.accept, name="accept"),
]
