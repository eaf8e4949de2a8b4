from django.contrib import admin

from budget.models import (
    Appropriation,
    BudgetEvent,
    BudgetSource,
    Program,
    ProgramAlias,
    Sector,
)


@admin.register(BudgetSource)
class BudgetSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "organization__name"]


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


class AppropriationInline(admin.TabularInline):
    model = Appropriation
    extra = 0


@admin.register(BudgetEvent)
class BudgetEventAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "fiscal_year", "kind", "announced_on"]
    list_filter = ["kind", "fiscal_year"]
    search_fields = ["title", "organization__name"]
    inlines = [AppropriationInline]
