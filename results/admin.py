from django.contrib import admin

from results.models import ItaItem


@admin.register(ItaItem)
class ItaItemAdmin(admin.ModelAdmin):
    """ITA item codes are data: the province or the operator updates them each year."""

    list_display = ("year", "code", "document", "title")
    list_filter = ("year",)
