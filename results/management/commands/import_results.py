from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import OPERATOR
from results.imports import ImportFailed, import_results
from results.management.commands._rounds import add_round_arguments, round_from_options


def describe(line) -> str:
    """ "แถว 5 ถนนคอนกรีต: สถานะ ยังไม่ได้รายงาน → ดำเนินการแล้วเสร็จ; เบิกจ่าย (บาท) …"."""
    changes = "; ".join(f"{c.label} {c.before or '—'} → {c.after or '—'}" for c in line.changes)
    return f"แถว {line.row} {line.project.name}: {changes}"


class Command(BaseCommand):
    help = (
        "นำเข้าผลการดำเนินงาน (สถานะ เบิกจ่าย ฯลฯ) ของรอบรายงานที่เปิดอยู่จากไฟล์ Excel "
        "ทั้งไฟล์หรือไม่นำเข้าเลย (มีข้อผิดพลาดจะไม่เปลี่ยนแปลงอะไรและจบด้วยรหัสผิดพลาด) "
        "อ่านแผ่นงานแรก แถวหัวตารางคือแถวแรกที่มีช่อง “โครงการ”; เบิกจ่ายเกินงบประมาณ"
        "ต้องใส่ ✓ ในคอลัมน์ “ยืนยันเบิกจ่ายเกินงบประมาณ” ของแถวนั้น"
    )

    def add_arguments(self, parser):
        add_round_arguments(parser)
        parser.add_argument("file", help="ไฟล์ .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="ตรวจและแสดงสิ่งที่จะเปลี่ยนอย่างเดียว ไม่บันทึก"
        )

    def handle(self, *args, plan, round, file, dry_run, **options):
        round_ = round_from_options(plan, round)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ “{file}”")
        try:
            preview = import_results(round_, path.read_bytes(), by=OPERATOR, dry_run=dry_run)
        except (PermissionDenied, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            raise CommandError(message) from None
        except ImportFailed as failure:
            lines = [str(problem) for problem in failure.preview.errors]
            raise CommandError(
                f"นำเข้าไม่สำเร็จ พบข้อผิดพลาด {len(lines)} รายการ ไม่มีการเปลี่ยนแปลงใด:\n"
                + "\n".join(f"- {line}" for line in lines)
            ) from None
        for line in preview.changed:
            self.stdout.write(("จะเปลี่ยน " if dry_run else "") + describe(line))
        changed, same = len(preview.changed), preview.unchanged
        if not changed:
            self.stdout.write(f"ไม่มีการเปลี่ยนแปลง ({same} โครงการในไฟล์ตรงกับที่บันทึกไว้แล้ว)")
            return
        verb = "ตรวจแล้ว พร้อมบันทึกผล" if dry_run else "บันทึกผลแล้ว"
        self.stdout.write(f"{verb} {changed} โครงการ (ไม่เปลี่ยนแปลง {same} โครงการ)")
