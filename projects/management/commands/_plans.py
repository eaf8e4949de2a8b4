"""Shared by the commands: find a plan by id, and write an output file, with Thai errors."""

from pathlib import Path

from django.core.management.base import CommandError

from projects.models import Plan


def plan_from_id(value) -> Plan:
    if not str(value).isdecimal():
        raise CommandError(f"รหัสแผน (--plan) ต้องเป็นตัวเลข ไม่ใช่ “{value}”")
    plan = Plan.objects.select_related("organization").filter(pk=int(value)).first()
    if plan is None:
        raise CommandError(f"ไม่พบแผนรหัส {value} (ดูรหัสได้จากคำสั่ง list_plans)")
    return plan


def output_path(value) -> Path:
    """Where a command writes its file: refused (Thai) before any work when it cannot be."""
    path = Path(value)
    if path.is_dir():
        raise CommandError(f"“{value}” เป็นโฟลเดอร์ ต้องระบุชื่อไฟล์ปลายทาง")
    if not path.parent.is_dir():
        raise CommandError(f"ไม่พบโฟลเดอร์ “{path.parent}”")
    return path


def write_output(path: Path, content: bytes) -> None:
    """Write the command's file, or a Thai CommandError (never a traceback)."""
    try:
        path.write_bytes(content)
    except PermissionError:
        raise CommandError(f"ไม่มีสิทธิ์เขียนไฟล์ “{path}”") from None
    except OSError as error:
        raise CommandError(f"เขียนไฟล์ “{path}” ไม่ได้ ({error.strerror})") from None
