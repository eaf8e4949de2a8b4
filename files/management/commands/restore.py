"""manage.py restore FILE: put back the database and files of a backup (ADR 0027)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from files.backups import BackupError, restore_backup
from files.management.commands.backup import megabytes


class Command(BaseCommand):
    help = (
        "กู้คืน OpPlan จากไฟล์ที่ได้จาก manage.py backup: แทนที่ฐานข้อมูลและไฟล์ทั้งหมด "
        "ตรวจ SHA-256 ทุกส่วนก่อนเปลี่ยนแปลงสิ่งใด หยุดเว็บเซิร์ฟเวอร์และ worker ก่อนกู้คืน"
    )

    # The system checks would reach the database first, and fail in English without it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์สำรองข้อมูล (.tar.gz) ที่ได้จาก manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="แทนที่แม้ระบบปลายทางจะมีข้อมูลอยู่แล้ว (ข้อมูลเดิมทั้งหมดจะหายไป)",
        )

    def handle(self, *args, file, force, **options):
        started = time.monotonic()
        try:
            summary = restore_backup(Path(file), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"กู้คืนแล้ว: {file}\tฐานข้อมูล {summary.engine} {megabytes(summary.database_bytes)}\t"
            f"ไฟล์ {summary.files} ไฟล์ {megabytes(summary.files_bytes)}\t"
            f"{time.monotonic() - started:.1f} วินาที"
        )
        if summary.pending_migrations:
            self.stdout.write(
                "ไฟล์สำรองนี้มาจาก OpPlan รุ่นก่อน: รัน manage.py migrate ต่อเพื่อปรับโครงสร้างฐานข้อมูล "
                f"({len(summary.pending_migrations)} รายการ)"
            )
