from django.contrib import admin

from approvals.models import Comment, Decision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Read-only: decisions are written by approvals/workflow.py alone."""

    list_display = ["plan", "action", "from_status", "to_status", "actor_name", "at"]
    list_filter = ["action", "to_status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["plan", "project", "author", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
