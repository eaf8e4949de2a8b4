from django import forms
from django.contrib import admin

from reports.labels import DEFAULT_LABELS
from reports.models import BookText, ReportLabel


class ReportLabelForm(forms.ModelForm):
    key = forms.ChoiceField(
        label="ข้อความ", choices=[(k, f"{k} — {v}") for k, v in DEFAULT_LABELS.items()]
    )

    class Meta:
        model = ReportLabel
        fields = ["organization", "key", "text"]


@admin.register(ReportLabel)
class ReportLabelAdmin(admin.ModelAdmin):
    form = ReportLabelForm
    list_display = ["organization", "key", "text"]
    list_filter = ["organization"]


@admin.register(BookText)
class BookTextAdmin(admin.ModelAdmin):
    """Read here; edit on the plan's book pages (reports/book_texts.py keeps the rules)."""

    list_display = ["organization", "plan", "key", "updated_at", "updated_by"]
    list_filter = ["organization", "key"]
    readonly_fields = ["organization", "plan", "key", "text", "updated_at", "updated_by"]

    def has_add_permission(self, request):
        return False
