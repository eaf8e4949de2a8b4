from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import OPERATOR
from approvals import offline
from projects.management.commands._plans import plan_from_id
from thai.format import format_date_full, parse_date_input

FIELD_NAMES = {
    "announced_on": "--date",
    "announced_by": "--signer",
    "scan": "--scan",
}


def _date(value):
    try:
        parsed = parse_date_input(value)
    except ValueError as error:
        raise CommandError(f"--date: {error}") from None
    if parsed is None:
        raise CommandError(
            f"--date “{value}” ไม่ใช่วันที่ที่ถูกต้อง ใช้รูปแบบ ปปปป-ดด-วว (ปี พ.ศ. หรือ ค.ศ.) "
            "เช่น 2568-10-15 หรือ 2025-10-15"
        )
    return parsed


class Command(BaseCommand):
    help = (
        "บันทึกประกาศนอกระบบ: แผนที่เป็นร่าง (นำเข้าโครงการแล้ว) ซึ่งผู้บริหารลงนามประกาศในกระดาษแล้ว "
        "ก่อนเริ่มใช้ OpPlan กลายเป็นแผนที่ประกาศใช้ พร้อมวันที่ ผู้ลงนาม และสำเนาประกาศ (PDF) "
        "ไม่มีการบันทึกการประชุมหรือมติของคณะกรรมการ ข้อมูลผิดจะไม่เปลี่ยนแปลงอะไรและจบด้วยรหัสผิดพลาด"
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument(
            "--date", required=True, help="วันที่ลงนามประกาศ ปปปป-ดด-วว (ปี พ.ศ. หรือ ค.ศ.)"
        )
        parser.add_argument("--signer", required=True, help="ชื่อผู้ลงนามประกาศ")
        parser.add_argument("--position", default="", help="ตำแหน่งผู้ลงนาม")
        parser.add_argument("--scan", default=None, help="สำเนาประกาศที่ลงนาม (ไฟล์ PDF)")

    def handle(self, *args, plan, date, signer, position, scan, **options):
        plan = plan_from_id(plan)
        announced_on = _date(date)
        path = None
        if scan is not None:
            path = Path(scan)
            if not path.is_file():
                raise CommandError(f"--scan: ไม่พบไฟล์ “{scan}”")
        try:
            if path is None:
                record = offline.record_announcement(
                    plan, by=OPERATOR, announced_on=announced_on, signer=signer, position=position
                )
            else:
                with path.open("rb") as handle:
                    record = offline.record_announcement(
                        plan, by=OPERATOR, announced_on=announced_on, signer=signer,
                        position=position, scan=handle,
                    )  # fmt: skip
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(
                "บันทึกไม่สำเร็จ ไม่มีการเปลี่ยนแปลงใด: " + "; ".join(_messages(error))
            ) from None
        scan_text = (
            f" สำเนาประกาศ {record.scan_pages} หน้า SHA-256 {record.scan_sha256}"
            if record.scan
            else " (ไม่มีสำเนาประกาศแนบ)"
        )
        self.stdout.write(
            f"บันทึกประกาศนอกระบบแล้ว: {plan.title} ประกาศเมื่อ {format_date_full(record.announced_on)} "
            f"โดย {record.signed_by}{scan_text}"
        )


def _messages(error) -> list[str]:
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        f"{FIELD_NAMES.get(field, field)}: {message}"
        for field, errors in error.error_dict.items()
        for message in ValidationError(errors).messages
    ]
