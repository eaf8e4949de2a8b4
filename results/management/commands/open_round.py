from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import OPERATOR
from projects.management.commands._plans import plan_from_id
from results import rounds
from results.management.commands._rounds import add_round_arguments, kind_from_option
from results.models import ShareBasis
from thai.format import format_date_full, parse_date_input

BASES = "|".join(ShareBasis.values)


class Command(BaseCommand):
    help = (
        "เปิดรอบรายงานผลการดำเนินงานของปีงบประมาณที่มีแผนประกาศใช้แล้ว (เหมือนปุ่ม “เปิดรอบรายงาน” "
        "ที่หน้า /rounds/) รอบที่เปิดทีหลังเริ่มจากผลของรอบก่อนหน้า"
    )

    def add_arguments(self, parser):
        add_round_arguments(parser)
        parser.add_argument(
            "--due", required=True, help="กำหนดส่งรายงาน เช่น 15/04/2570 หรือ “15 เม.ย. 2570”"
        )
        parser.add_argument(
            "--share-basis",
            default=ShareBasis.STRATEGY,
            metavar=BASES,
            help="ร้อยละคิดจาก: strategy จำนวนโครงการของแต่ละยุทธศาสตร์ (ค่าเริ่มต้น), plan ทั้งแผน",
        )

    def handle(self, *args, plan, round, due, share_basis, **options):
        plan, kind = plan_from_id(plan), kind_from_option(round)
        if share_basis not in ShareBasis.values:
            raise CommandError(
                f"ไม่รู้จักฐานการคิดร้อยละ (--share-basis) “{share_basis}” ใช้ได้: "
                + BASES.replace("|", ", ")
            )
        try:
            due_on = parse_date_input(due)
        except ValueError as error:
            raise CommandError(f"กำหนดส่ง (--due): {error}") from None
        if due_on is None:
            raise CommandError(f"กำหนดส่ง (--due) “{due}” ไม่ใช่วันที่ ตัวอย่าง: 15/04/2570")
        try:
            opened = rounds.open_round(
                plan.organization, plan.fiscal_year, kind, due_on=due_on, by=OPERATOR,
                share_basis=share_basis,
            )  # fmt: skip
        except (PermissionDenied, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError("เปิดรอบไม่สำเร็จ: " + " ".join(messages)) from None
        self.stdout.write(
            f"เปิด{opened.label} ปีงบประมาณ พ.ศ. {opened.fiscal_year} ของ "
            f"{plan.organization.name} แล้ว กำหนดส่ง {format_date_full(opened.due_on)}"
        )
