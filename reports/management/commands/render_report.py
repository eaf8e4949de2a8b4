from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.management.commands._plans import plan_from_id
from reports.documents import KINDS, rendered_document
from reports.rendering import FORMS, rendered

FORMATS = ("html", "pdf", "xlsx")


class Command(BaseCommand):
    help = (
        "พิมพ์แบบ ผด.01 / ผด.02 / ผด.02/1 ของแผนเป็นไฟล์ HTML, PDF หรือ Excel "
        "หรือพิมพ์ประกาศ (announcement) และรูปเล่มแผน (book) เป็น PDF"
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument(
            "--form", required=True, help="pd01, pd02, pd02_1, announcement หรือ book"
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            default=None,
            help="html, pdf หรือ xlsx (ประกาศและรูปเล่มเป็น pdf เท่านั้น)",
        )
        parser.add_argument("--output", required=True, help="ไฟล์ปลายทาง")

    def handle(self, *args, plan, form, fmt, output, **options):
        if form not in FORMS and form not in KINDS:
            raise CommandError(f"ไม่รู้จักแบบ “{form}” ใช้ได้: {', '.join([*FORMS, *KINDS])}")
        if form in KINDS:
            if fmt not in (None, "pdf"):
                raise CommandError(f"{KINDS[form]}พิมพ์ได้เป็น pdf เท่านั้น (ได้รับ “{fmt}”)")
        elif fmt is None:
            raise CommandError("ต้องระบุ --format: html, pdf หรือ xlsx")
        elif fmt not in FORMATS:
            raise CommandError(f"ไม่รู้จักรูปแบบ “{fmt}” ใช้ได้: {', '.join(FORMATS)}")
        plan = plan_from_id(plan)
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"ไม่พบโฟลเดอร์ “{path.parent}”")
        result = rendered_document(plan, form) if form in KINDS else rendered(plan, form, fmt)
        path.write_bytes(result.content)
        self.stdout.write(f"เขียน {path} ({len(result.content):,} ไบต์)")
