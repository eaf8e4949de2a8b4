"""The queue's admin page (django-tasks-db's own) with its columns named in Thai."""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("id", "task", "status", "enqueued_at", "started_at", "finished_at",
                    "priority", "queue_name")  # fmt: skip

    @admin.display(description="งาน", ordering="task_path")
    def task(self, obj):
        return obj.task_name

    @admin.display(description="รายละเอียดข้อผิดพลาด")
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description="ทำได้ตั้งแต่")
    def display_run_after(self, obj):
        return super().display_run_after(obj)
