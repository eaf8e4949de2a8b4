from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("switch-organization/", views.switch_organization, name="switch_organization"),
    path("organization/", views.organization_settings, name="organization"),
    path("organizations/<int:pk>/logo/", views.organization_logo, name="organization_logo"),
    path("organization/departments/new/", views.department_edit, name="department_create"),
    path("organization/departments/<int:pk>/", views.department_edit, name="department_edit"),
]
