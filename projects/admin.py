from django.contrib import admin

from projects.models import Plan, Project, Strategy


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["organization", "fiscal_year", "kind", "number", "status"]
    list_filter = ["fiscal_year", "kind", "status"]
    search_fields = ["organization__name"]
    # Status changes belong to the approval workflow, never to a form.
    readonly_fields = ["status"]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["organization", "number", "name"]
    search_fields = ["name", "organization__name"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "program", "budget", "department"]
    list_filter = ["is_equipment", "program"]
    search_fields = ["name", "plan__organization__name"]
