from django.core.management.base import BaseCommand, CommandError

from projects.management.commands._plans import output_path, plan_from_id, write_output
from reports.documents import DOCUMENTS, PLAN, ROUND, of, pipeline
from results.management.commands._rounds import round_of_plan
from results.models import RoundKind

FORMATS = tuple(pipeline.CONTENT_TYPES)


def either(choices) -> str:
    """ "html, pdf หรือ xlsx" """
    *first, last = choices
    return f"{', '.join(first)} หรือ {last}" if first else last


class Command(BaseCommand):
    help = (
        "พิมพ์แบบ ผด.01 / ผด.02 / ผด.02/1 ของแผนเป็นไฟล์ HTML, PDF หรือ Excel "
        "หรือพิมพ์ประกาศ (announcement) และรูปเล่มแผน (book) เป็น PDF "
        "หรือพิมพ์รายงานผลการดำเนินงานของรอบ (results: --round) และประกาศผล (results_announcement)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument(
            "--form", required=True, help=either([d.key for d in of(PLAN) + of(ROUND)])
        )
        parser.add_argument(
            "--round",
            dest="round_kind",
            default=None,
            help="รอบรายงานของแบบ results: "
            + either(RoundKind.values)
            + " (ของปีงบประมาณของแผนที่ระบุ)",
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            default=None,
            help="html, pdf หรือ xlsx (ประกาศและรูปเล่มเป็น pdf เท่านั้น)",
        )
        parser.add_argument("--output", required=True, help="ไฟล์ปลายทาง")

    def handle(self, *args, plan, form, fmt, output, round_kind, **options):
        document = DOCUMENTS.get(form)
        if document is None or document.built_from not in (PLAN, ROUND):
            keys = ", ".join(d.key for d in of(PLAN) + of(ROUND))
            raise CommandError(f"ไม่รู้จักแบบ “{form}” ใช้ได้: {keys}")
        if document.built_from == ROUND and round_kind not in RoundKind.values:
            raise CommandError(
                f"{document.label}ต้องระบุ --round: {either(RoundKind.values)}"
                + (f" (ได้รับ “{round_kind}”)" if round_kind else "")
            )
        if document.built_from == PLAN and round_kind is not None:
            raise CommandError("--round ใช้ได้เฉพาะแบบ results และ results_announcement")
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
        subject = plan = plan_from_id(plan)
        if document.built_from == ROUND:
            subject = round_of_plan(plan, RoundKind(round_kind))
        path = output_path(output)
        result = pipeline.render(pipeline.build(document, subject), fmt)
        write_output(path, result.content)
        self.stdout.write(f"เขียน {path} ({len(result.content):,} ไบต์)")
