from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import OPERATOR
from projects.imports import ImportFailed, import_projects
from projects.management.commands._plans import plan_from_id
from thai.format import format_money


class Command(BaseCommand):
    help = (
        "นำเข้าโครงการจากไฟล์ Excel แบบ ผด.02 เข้าแผนที่เป็นร่าง ทั้งไฟล์หรือไม่นำเข้าเลย "
        "(มีข้อผิดพลาดจะไม่เปลี่ยนแปลงอะไรและจบด้วยรหัสผิดพลาด)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument("file", help="ไฟล์ .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจอย่างเดียว ไม่บันทึก")
        parser.add_argument(
            "--create-strategies", action="store_true", help="สร้างยุทธศาสตร์ที่ยังไม่มีในระบบ"
        )
        parser.add_argument("--replace", action="store_true", help="ลบโครงการเดิมของแผนก่อนนำเข้า")

    def handle(self, *args, plan, file, dry_run, create_strategies, replace, **options):
        plan = plan_from_id(plan)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ “{file}”")
        try:
            preview = import_projects(
                plan,
                path.read_bytes(),
                by=OPERATOR,
                create_strategies=create_strategies,
                replace=replace,
                dry_run=dry_run,
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ImportFailed as failure:
            lines = [str(problem) for problem in failure.preview.errors]
            raise CommandError(
                f"นำเข้าไม่สำเร็จ พบข้อผิดพลาด {len(lines)} รายการ ไม่มีการเปลี่ยนแปลงใด:\n"
                + "\n".join(f"- {line}" for line in lines)
            ) from None
        for problem in preview.warnings:
            self.stdout.write(f"คำเตือน: {problem}")
        verb = "ตรวจแล้ว พร้อมนำเข้า" if dry_run else "นำเข้าแล้ว"
        total = format_money(preview.total_budget)
        self.stdout.write(f"{verb} {len(preview.rows)} โครงการ งบประมาณรวม {total} บาท")
