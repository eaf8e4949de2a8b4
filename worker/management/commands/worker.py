"""Run OpPlan's background work: django-tasks-db's worker, with a heartbeat and the
recovery of tasks a dead worker left running (ADR 0023)."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from worker import heartbeat
from worker.recovery import recover_abandoned

BEAT_SECONDS = 10


class Command(DatabaseWorker):
    help = (
        "ทำงานเบื้องหลังของ OpPlan (เผยแพร่ไฟล์ พิมพ์เอกสารขนาดใหญ่ ส่งอีเมล) "
        "รันคู่กับเว็บเซิร์ฟเวอร์ จะรันกี่ตัว กี่เครื่องก็ได้เมื่อใช้ PostgreSQL"
    )

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        # The first beat before any task: a worker never looks dead to its peers.
        stop = heartbeat.start(worker_id, BEAT_SECONDS, on_beat=recover_abandoned)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
