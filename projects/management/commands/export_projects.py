from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.exports import render_projects_xlsx
from projects.management.commands._plans import output_path, plan_from_id, write_output


class Command(BaseCommand):
    help = "ส่งออกโครงการของแผนเป็นไฟล์ Excel แบบ ผด.02 (นำเข้ากลับได้ตรงเดิม)"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument("file", help="ไฟล์ปลายทาง .xlsx")

    def handle(self, *args, plan, file, **options):
        plan = plan_from_id(plan)
        if Path(file).suffix.lower() != ".xlsx":
            raise CommandError(f"ไฟล์ปลายทางต้องลงท้ายด้วย .xlsx: “{file}”")
        path = output_path(file)
        write_output(path, render_projects_xlsx(plan))
        self.stdout.write(f"ส่งออก {plan.projects.count()} โครงการไปที่ {path}")
