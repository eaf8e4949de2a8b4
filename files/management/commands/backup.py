"""manage.py backup FILE: the database and every stored file in one archive (ADR 0027)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from files.backups import BackupError, create_backup


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


class Command(BaseCommand):
    help = (
        "สำรองข้อมูล OpPlan: ฐานข้อมูลและไฟล์ทั้งหมด (ตราสัญลักษณ์ ภาพถ่าย ไฟล์ที่เผยแพร่) "
        "รวมไว้ในไฟล์ .tar.gz ไฟล์เดียว พร้อม SHA-256 ของทุกส่วน กู้คืนด้วย manage.py restore"
    )

    # The system checks would reach the database first, and fail in English without it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="ไฟล์ที่จะเขียน เช่น /var/backups/opplan/opplan-2570-01-31.tar.gz"
        )
        parser.add_argument("--force", action="store_true", help="เขียนทับไฟล์ที่มีอยู่แล้ว")

    def handle(self, *args, file, force, **options):
        started = time.monotonic()
        try:
            summary = create_backup(Path(file), overwrite=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"สำรองข้อมูลแล้ว: {file}\t{megabytes(summary.archive_bytes)}\t"
            f"ฐานข้อมูล {summary.engine} {megabytes(summary.database_bytes)}\t"
            f"ไฟล์ {summary.files} ไฟล์ {megabytes(summary.files_bytes)}\t"
            f"{time.monotonic() - started:.1f} วินาที"
        )
