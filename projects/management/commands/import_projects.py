from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.permissions import OPERATOR
from projects.imports import NEW_SORTS, CreateNew, ImportFailed, import_projects
from projects.management.commands._plans import plan_from_id
from thai.format import format_money

ALL = "all"
CREATE_HINT = (
    "ชื่อที่ยังไม่มีในระบบจะสร้างเมื่อสั่ง --create-new department|strategy|source|all (ตามที่เขียนในไฟล์ทุกตัวอักษร)"
)


def _sorts(values) -> frozenset:
    """--create-new values (repeated or comma-separated) → the sorts of new names to create."""
    sorts = {word.strip() for value in values for word in value.split(",") if word.strip()}
    unknown = sorted(sorts - {*NEW_SORTS, ALL})
    if unknown:
        raise CommandError(
            f"ไม่รู้จัก --create-new “{unknown[0]}” ใช้ได้: {', '.join([*NEW_SORTS, ALL])}"
        )
    return frozenset(NEW_SORTS) if ALL in sorts else frozenset(sorts)


class Command(BaseCommand):
    help = (
        "นำเข้าโครงการจากไฟล์ Excel แบบ ผด.02 เข้าแผนที่เป็นร่าง ทั้งไฟล์หรือไม่นำเข้าเลย "
        "(มีข้อผิดพลาดจะไม่เปลี่ยนแปลงอะไรและจบด้วยรหัสผิดพลาด) "
        "หน่วยงาน ยุทธศาสตร์ หรือแหล่งงบประมาณที่ยังไม่มีในระบบเป็นข้อผิดพลาด "
        "เว้นแต่สั่ง --create-new"
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="รหัสแผน (ดูจาก list_plans)")
        parser.add_argument("file", help="ไฟล์ .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจอย่างเดียว ไม่บันทึก")
        parser.add_argument(
            "--create-new",
            action="append",
            default=[],
            metavar="department|strategy|source|all",
            help=(
                "สร้างชื่อที่ยังไม่มีในระบบตามที่เขียนในไฟล์ (เหมือนติ๊ก “สร้างใหม่” ในหน้าตัวอย่าง) "
                "ใส่ซ้ำหรือคั่นด้วยจุลภาคได้: department หน่วยงาน (ชื่อขึ้นต้นด้วย “กอง” หรือ “สำนัก” "
                "ที่ไม่ใช่ “สำนักงาน…” ยกเว้นสำนักงานปลัด เป็นหน่วยงานภายใน นอกนั้นเป็นหน่วยงานภายนอก), "
                "strategy ยุทธศาสตร์, source แหล่งงบประมาณ (เป็นงบประมาณของหน่วยงานอื่น), all ทั้งหมด"
            ),
        )
        parser.add_argument("--replace", action="store_true", help="ลบโครงการเดิมของแผนก่อนนำเข้า")

    def handle(self, *args, plan, file, dry_run, create_new, replace, **options):
        plan = plan_from_id(plan)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ “{file}”")
        sorts = _sorts(create_new)
        try:
            preview = import_projects(
                plan,
                path.read_bytes(),
                by=OPERATOR,
                create=CreateNew(sorts=sorts),
                replace=replace,
                dry_run=dry_run,
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ImportFailed as failure:
            lines = [str(problem) for problem in failure.preview.errors]
            hint = f"\n{CREATE_HINT}" if failure.preview.unticked else ""
            raise CommandError(
                f"นำเข้าไม่สำเร็จ พบข้อผิดพลาด {len(lines)} รายการ ไม่มีการเปลี่ยนแปลงใด:\n"
                + "\n".join(f"- {line}" for line in lines)
                + hint
            ) from None
        for problem in preview.warnings:
            self.stdout.write(f"คำเตือน: {problem}")
        for new in preview.new_names:
            kind = f" ({new.kind_label})" if new.kind_label else ""
            self.stdout.write(f"{'จะสร้าง' if dry_run else 'สร้าง'}{new.label}{kind}")
        verb = "ตรวจแล้ว พร้อมนำเข้า" if dry_run else "นำเข้าแล้ว"
        total = format_money(preview.total_budget)
        self.stdout.write(f"{verb} {len(preview.rows)} โครงการ งบประมาณรวม {total} บาท")
