from django import forms
from django.contrib import admin

from reports.labels import DEFAULT_LABELS
from reports.models import ReportLabel


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
