from django.contrib import admin

from reports.models import ReportLabel


@admin.register(ReportLabel)
class ReportLabelAdmin(admin.ModelAdmin):
    list_display = ["organization", "key", "text"]
    list_filter = ["organization"]
