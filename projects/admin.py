from django.contrib import admin

from accounts.permissions import OPERATOR
from projects import editing
from projects.models import Plan, Project, Strategy


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["organization", "fiscal_year", "kind", "number", "status"]
    list_filter = ["fiscal_year", "kind", "status"]
    search_fields = ["organization__name"]
    # Status changes belong to the approval workflow, never to a form; a plan that is
    # no longer a draft cannot be changed or deleted here either.
    readonly_fields = ["status", "announced_on", "announced_by", "posting_started_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return [f.name for f in Plan._meta.fields] + ["budget_events"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["organization", "number", "name"]
    search_fields = ["name", "organization__name"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "program", "budget", "department"]
    list_filter = ["is_equipment", "program"]
    search_fields = ["name", "plan__organization__name"]

    # The admin goes through the same write paths (draft only, same organisation).
    def save_model(self, request, obj, form, change):
        editing.save_project(obj, by=OPERATOR)

    def delete_model(self, request, obj):
        editing.delete_project(obj, by=OPERATOR)

    def delete_queryset(self, request, queryset):
        for project in queryset:
            editing.delete_project(project, by=OPERATOR)
