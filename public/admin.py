from django.contrib import admin

from public.models import PublishedFile


@admin.register(PublishedFile)
class PublishedFileAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "size", "sha256", "created_at"]
    readonly_fields = [f.name for f in PublishedFile._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
