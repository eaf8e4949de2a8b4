"""The operators' results commands: export_results and import_results."""

import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from results import rounds
from results.models import Result, ResultStatus
from tests.factories import results_setup
from tests.results.test_imports import HEADER, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    return s


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def results_of(round_):
    return sorted(
        (r.project.name, r.status, r.disbursed)
        for r in Result.objects.filter(round=round_).select_related("project")
    )


def test_export_then_import_changes_nothing(s, tmp_path):
    rounds.save_result(s.round, s.road, rounds.Entry(ResultStatus.DONE, Decimal("9")), by=s.planner)
    file = tmp_path / "results.xlsx"
    output = run("export_results", "--plan", s.plan.pk, "--round", "six_month", str(file))
    assert output == f"ส่งออกรอบ 6 เดือน (ต.ค.–มี.ค.) ปีงบประมาณ พ.ศ. 2569 ไปที่ {file}\n"
    output = run("import_results", "--plan", s.plan.pk, "--round", "six_month", str(file))
    assert output == "ไม่มีการเปลี่ยนแปลง (1 โครงการในไฟล์ตรงกับที่บันทึกไว้แล้ว)\n"


def test_import_prints_each_change_and_saves(s, tmp_path):
    file = tmp_path / "results.xlsx"
    file.write_bytes(workbook_bytes([HEADER, ["แข่งขันกีฬาตำบล", "แล้วเสร็จ", "๔๙,๕๐๐"]]))
    output = run("import_results", "--plan", s.plan.pk, "--round", "six_month", str(file))
    assert output.splitlines() == [
        "แถว 2 แข่งขันกีฬาตำบล: สถานะ ยังไม่ได้รายงาน → ดำเนินการแล้วเสร็จ; เบิกจ่าย (บาท) — → 49,500.00",
        "บันทึกผลแล้ว 1 โครงการ (ไม่เปลี่ยนแปลง 0 โครงการ)",
    ]
    assert results_of(s.round) == [("แข่งขันกีฬาตำบล", ResultStatus.DONE, Decimal("49500.00"))]


def test_a_dry_run_says_what_would_change_and_saves_nothing(s, tmp_path):
    file = tmp_path / "results.xlsx"
    file.write_bytes(workbook_bytes([HEADER, ["แข่งขันกีฬาตำบล", "ยกเลิก", None]]))
    output = run(
        "import_results", "--plan", s.plan.pk, "--round", "six_month", str(file), "--dry-run"
    )
    assert output.splitlines() == [
        "จะเปลี่ยน แถว 2 แข่งขันกีฬาตำบล: สถานะ ยังไม่ได้รายงาน → ยกเลิก; เบิกจ่าย (บาท) — → 0.00",
        "ตรวจแล้ว พร้อมบันทึกผล 1 โครงการ (ไม่เปลี่ยนแปลง 0 โครงการ)",
    ]
    assert not Result.objects.exists()


def test_a_bad_file_lists_every_error_and_saves_nothing(s, tmp_path):
    file = tmp_path / "results.xlsx"
    file.write_bytes(
        workbook_bytes(
            [
                HEADER,
                ["แข่งขันกีฬาตำบล", "ยกเลิก", 0],
                ["ไม่มีโครงการนี้", "ยกเลิก", 0],
                ["ถนนคอนกรีต หมู่ที่ 1", "เสร็จครึ่งหนึ่ง", -5],
            ]
        )
    )
    with pytest.raises(CommandError) as error:
        run("import_results", "--plan", s.plan.pk, "--round", "six_month", str(file))
    assert str(error.value).splitlines() == [
        "นำเข้าไม่สำเร็จ พบข้อผิดพลาด 3 รายการ ไม่มีการเปลี่ยนแปลงใด:",
        "- แผ่นงาน “ผลรอบ 6 เดือน” แถว 3 คอลัมน์ A (โครงการ): "
        "ไม่พบโครงการ “ไม่มีโครงการนี้” ในแผนที่ใช้บังคับของรอบนี้",
        "- แผ่นงาน “ผลรอบ 6 เดือน” แถว 4 คอลัมน์ B (สถานะ): ไม่รู้จักสถานะ “เสร็จครึ่งหนึ่ง” ใช้ได้: "
        "ยังไม่ได้ดำเนินการ · อยู่ระหว่างดำเนินการ · ดำเนินการแล้วเสร็จ · ยกเลิก · "
        "กันเงิน/ขยายเวลาเบิกจ่ายไปปีถัดไป",
        "- แผ่นงาน “ผลรอบ 6 เดือน” แถว 4 คอลัมน์ C (เบิกจ่าย (บาท)): เบิกจ่ายต้องเป็นจำนวนเงินที่ไม่ติดลบ",
    ]
    assert not Result.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--round", "six_month", "nothing.xlsx"], "ไม่พบไฟล์ “nothing.xlsx”"),
        (["--round", "half", "x.xlsx"], "ไม่รู้จักรอบรายงาน (--round) “half”"),
        (
            ["--round", "annual", "x.xlsx"],
            "ยังไม่ได้เปิดรอบ 12 เดือน (ต.ค.–ก.ย.) ของปีงบประมาณ พ.ศ. 2569",
        ),
    ],
)
def test_bad_arguments_are_refused_in_thai(s, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run("import_results", "--plan", s.plan.pk, *args)


def test_a_plan_id_that_is_no_number(s):
    with pytest.raises(CommandError, match=re.escape("รหัสแผน (--plan) ต้องเป็นตัวเลข")):
        run("export_results", "--plan", "x", "--round", "six_month", "x.xlsx")


def test_a_closed_round_is_refused(s, tmp_path):
    rounds.close_round(s.round, by=s.planner)
    file = tmp_path / "results.xlsx"
    file.write_bytes(workbook_bytes([HEADER, ["แข่งขันกีฬาตำบล", "ยกเลิก", 0]]))
    with pytest.raises(CommandError, match="ปิดรับรายงานแล้ว นำเข้าผลการดำเนินงานไม่ได้"):
        run("import_results", "--plan", s.plan.pk, "--round", "six_month", str(file))
    assert not Result.objects.exists()


def test_the_export_needs_an_xlsx_name(s, tmp_path):
    with pytest.raises(CommandError, match=re.escape("ไฟล์ปลายทางต้องลงท้ายด้วย .xlsx")):
        run("export_results", "--plan", s.plan.pk, "--round", "six_month", str(tmp_path / "a.csv"))


@pytest.mark.parametrize(
    "command",
    [
        ["export_results", "--plan", "{plan}", "--round", "six_month", "{target}"],
        ["render_report", "--plan", "{plan}", "--form", "results", "--round", "six_month",
         "--format", "xlsx", "--output", "{target}"],
    ],
    ids=["export_results", "render_report"],
)  # fmt: skip
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("folder.xlsx", "“{target}” เป็นโฟลเดอร์ ต้องระบุชื่อไฟล์ปลายทาง"),
        ("a-file/results.xlsx", "ไม่พบโฟลเดอร์ “{parent}”"),
    ],
    ids=["a-folder", "under-a-file"],
)
def test_an_output_that_cannot_be_written_is_refused_in_thai(s, tmp_path, command, target, message):
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "a-file").write_text("not a folder")
    target = str(tmp_path / target)
    args = [arg.format(plan=s.plan.pk, target=target) for arg in command]
    with pytest.raises(CommandError) as refusal:
        run(*args)
    assert str(refusal.value) == message.format(target=target, parent=tmp_path / "a-file")


def test_bad_input_exits_non_zero_from_the_shell():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_results",
            "--plan",
            "abc",
            "--round",
            "annual",
            "x.xlsx",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert result.returncode == 1
    assert "รหัสแผน (--plan) ต้องเป็นตัวเลข" in result.stderr


class TestOpenRound:
    def test_the_operator_opens_the_annual_round_from_the_six_month_values(self, s):
        rounds.save_result(
            s.round, s.road, rounds.Entry(ResultStatus.DONE, Decimal("9")), by=s.planner
        )
        output = run(
            "open_round", "--plan", s.plan.pk, "--round", "annual", "--due", "๑๕/๑๐/๒๕๖๙",
            "--share-basis", "plan",
        )  # fmt: skip
        assert output == (
            "เปิดรอบ 12 เดือน (ต.ค.–ก.ย.) ปีงบประมาณ พ.ศ. 2569 ของ "
            f"{s.organization.name} แล้ว กำหนดส่ง 15 ตุลาคม 2569\n"
        )
        annual = s.organization.rounds.get(fiscal_year=2569, kind="annual")
        assert (annual.due_on, annual.share_basis) == (date(2026, 10, 15), "plan")
        assert results_of(annual) == results_of(s.round)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (("--round", "yearly", "--due", "15/10/2569"), "ไม่รู้จักรอบรายงาน (--round) “yearly”"),
            (("--round", "annual", "--due", "พรุ่งนี้"), "กำหนดส่ง (--due) “พรุ่งนี้” ไม่ใช่วันที่"),
            (("--round", "annual", "--due", "31/02/2569"), "ไม่มีวันที่ 31 กุมภาพันธ์ 2569"),
            (
                ("--round", "annual", "--due", "15/10/2569", "--share-basis", "x"),
                "(--share-basis) “x”",
            ),
            (("--round", "six_month", "--due", "30/04/2569"), "มีรอบ 6 เดือน (ต.ค.–มี.ค.) แล้ว"),
            (("--round", "annual", "--due", "01/09/2569"), "กำหนดส่งรายงานต้องไม่ก่อนวันสิ้นสุดรอบ"),
        ],
    )
    def test_bad_arguments_are_refused_in_thai_and_open_nothing(self, s, arguments, message):
        before = s.organization.rounds.count()
        with pytest.raises(CommandError, match=re.escape(message)):
            run("open_round", "--plan", s.plan.pk, *arguments)
        assert s.organization.rounds.count() == before
