from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.exports import render_projects_xlsx
from projects.management.commands._plans import plan_from_id


class Command(BaseCommand):
    help = "ส่งออกโครงการของแผนเป็นไฟล์ Excel แบบ ผด.02 (นำเข้ากลับได้ตรงเดิม)"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument("file", help="ไฟล์ปลายทาง .xlsx")

    def handle(self, *args, plan, file, **options):
        plan = plan_from_id(plan)
        path = Path(file)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(f"ไฟล์ปลายทางต้องลงท้ายด้วย .xlsx: “{file}”")
        if not path.parent.exists():
            raise CommandError(f"ไม่พบโฟลเดอร์ “{path.parent}”")
        path.write_bytes(render_projects_xlsx(plan))
        self.stdout.write(f"ส่งออก {plan.projects.count()} โครงการไปที่ {path}")
