"""Run OpPlan's background work: django-tasks-db's worker, with a heartbeat, the
recovery of tasks a dead worker left running (ADR 0023) and the next run of each
periodic task kept queued (ADR 0027)."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from worker import heartbeat, periodic
from worker.recovery import recover_abandoned

BEAT_SECONDS = 10


def after_beat():
    recover_abandoned()
    periodic.queue_due()


class Command(DatabaseWorker):
    help = (
        "ทำงานเบื้องหลังของ OpPlan (เผยแพร่ไฟล์ พิมพ์เอกสารขนาดใหญ่ ส่งอีเมล ลบไฟล์นำเข้าที่ค้าง) "
        "รันคู่กับเว็บเซิร์ฟเวอร์ จะรันกี่ตัว กี่เครื่องก็ได้เมื่อใช้ PostgreSQL"
    )

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        # The first beat before any task: a worker never looks dead to its peers.
        stop = heartbeat.start(worker_id, BEAT_SECONDS, on_beat=after_beat)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
