from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.management.commands._plans import output_path, write_output
from results.exports import render_results_xlsx
from results.management.commands._rounds import add_round_arguments, round_from_options


class Command(BaseCommand):
    help = (
        "ส่งออกโครงการของรอบรายงานพร้อมผลที่รายงานแล้วเป็นไฟล์ Excel "
        "(กรอกสถานะและการเบิกจ่ายแล้วนำเข้ากลับด้วย import_results ได้)"
    )

    def add_arguments(self, parser):
        add_round_arguments(parser)
        parser.add_argument("file", help="ไฟล์ปลายทาง .xlsx")

    def handle(self, *args, plan, round, file, **options):
        round_ = round_from_options(plan, round)
        if Path(file).suffix.lower() != ".xlsx":
            raise CommandError(f"ไฟล์ปลายทางต้องลงท้ายด้วย .xlsx: “{file}”")
        path = output_path(file)
        write_output(path, render_results_xlsx(round_))
        self.stdout.write(f"ส่งออก{round_.label} ปีงบประมาณ พ.ศ. {round_.fiscal_year} ไปที่ {path}")
