from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.management.commands._plans import plan_from_id
from reports.documents import DOCUMENTS, PLAN, of, pipeline

FORMATS = tuple(pipeline.CONTENT_TYPES)


def either(choices) -> str:
    """ "html, pdf หรือ xlsx" """
    *first, last = choices
    return f"{', '.join(first)} หรือ {last}" if first else last


class Command(BaseCommand):
    help = (
        "พิมพ์แบบ ผด.01 / ผด.02 / ผด.02/1 ของแผนเป็นไฟล์ HTML, PDF หรือ Excel "
        "หรือพิมพ์ประกาศ (announcement) และรูปเล่มแผน (book) เป็น PDF"
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument("--form", required=True, help=either([d.key for d in of(PLAN)]))
        parser.add_argument(
            "--format",
            dest="fmt",
            default=None,
            help="html, pdf หรือ xlsx (ประกาศและรูปเล่มเป็น pdf เท่านั้น)",
        )
        parser.add_argument("--output", required=True, help="ไฟล์ปลายทาง")

    def handle(self, *args, plan, form, fmt, output, **options):
        document = DOCUMENTS.get(form)
        if document is None or document.built_from != PLAN:
            keys = ", ".join(d.key for d in of(PLAN))
            raise CommandError(f"ไม่รู้จักแบบ “{form}” ใช้ได้: {keys}")
        if fmt is None:
            if len(document.formats) > 1:
                raise CommandError(f"ต้องระบุ --format: {either(document.formats)}")
            (fmt,) = document.formats
        elif fmt not in FORMATS:
            raise CommandError(f"ไม่รู้จักรูปแบบ “{fmt}” ใช้ได้: {', '.join(FORMATS)}")
        elif fmt not in document.formats:
            raise CommandError(
                f"{document.label}พิมพ์ได้เป็น {either(document.formats)} เท่านั้น (ได้รับ “{fmt}”)"
            )
        plan = plan_from_id(plan)
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"ไม่พบโฟลเดอร์ “{path.parent}”")
        result = pipeline.render(pipeline.build(document, plan), fmt)
        path.write_bytes(result.content)
        self.stdout.write(f"เขียน {path} ({len(result.content):,} ไบต์)")
