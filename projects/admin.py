from django.contrib import admin

from projects.models import Plan, Program, ProgramAlias, Sector


class ProgramAliasInline(admin.TabularInline):
    model = ProgramAlias
    extra = 0


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "code"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "sector", "code"]
    list_filter = ["sector"]
    inlines = [ProgramAliasInline]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["organization", "fiscal_year", "kind", "number", "status"]
    list_filter = ["fiscal_year", "kind", "status"]
    search_fields = ["organization__name"]
    # Status changes belong to the approval workflow, never to a form.
    readonly_fields = ["status"]
