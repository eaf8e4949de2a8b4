"""Top-level URL configuration: each app owns its URLs under its namespace."""

from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm

admin.site.site_header = "OpPlan — ผู้ดูแลระบบ"
admin.site.site_title = "OpPlan"
admin.site.index_title = "การจัดการข้อมูล"
# Throttled sign-in, with the Thai refusal (accounts/logins.py).
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", include("projects.urls")),
    path("", include("approvals.urls")),
    path("", include("results.urls")),
    path("", include("reports.urls")),
    path("", include("public.urls")),
    path("", include("ops.urls")),
    path("", include("invitations.urls")),
    path("oversight/", include("oversight.urls")),
    path("accounts/", include("accounts.urls")),
    path("budget/", include("budget.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

# No route serves MEDIA_ROOT, not even in DEBUG: uploaded and generated files are answered
# by views that check permissions (files.serving, docs/adr/0027-files-and-backups.md).
