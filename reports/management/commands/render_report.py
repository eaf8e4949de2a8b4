from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.management.commands._plans import plan_from_id
from reports.rendering import FORMS, rendered


class Command(BaseCommand):
    help = "พิมพ์แบบ ผด.01 / ผด.02 / ผด.02/1 ของแผนเป็นไฟล์ HTML, PDF หรือ Excel"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument("--form", required=True, help="pd01, pd02 หรือ pd02_1")
        parser.add_argument("--format", required=True, dest="fmt", help="html, pdf หรือ xlsx")
        parser.add_argument("--output", required=True, help="ไฟล์ปลายทาง")

    def handle(self, *args, plan, form, fmt, output, **options):
        if form not in FORMS:
            raise CommandError(f"ไม่รู้จักแบบ “{form}” ใช้ได้: {', '.join(FORMS)}")
        if fmt not in ("html", "pdf", "xlsx"):
            raise CommandError(f"ไม่รู้จักรูปแบบ “{fmt}” ใช้ได้: html, pdf, xlsx")
        plan = plan_from_id(plan)
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"ไม่พบโฟลเดอร์ “{path.parent}”")
        result = rendered(plan, form, fmt)
        path.write_bytes(result.content)
        self.stdout.write(f"เขียน {path} ({len(result.content):,} ไบต์)")
