from django.contrib import admin

from budget.models import BudgetSource


@admin.register(BudgetSource)
class BudgetSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "organization__name"]
