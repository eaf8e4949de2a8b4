"""Importing a round's results from a spreadsheet: every error located, all or nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from results import rounds
from results import spreadsheet as sheet
from results.imports import (
    ImportFailed,
    PreviewOutdated,
    import_results,
    parse_money,
    read_results,
)
from results.models import Result, ResultStatus
from results.rounds import Entry
from tests.factories import results_setup

pytestmark = pytest.mark.django_db

HEADER = [sheet.NAME, sheet.STATUS, sheet.DISBURSED]


def workbook_bytes(rows, title="ผลรอบ 6 เดือน", title_rows=()):
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    for row in [*title_rows, *rows]:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def s():
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    return s


def results_of(round_):
    return sorted(
        (r.project.name, r.status, r.disbursed)
        for r in Result.objects.filter(round=round_).select_related("project")
    )


def errors_of(s, data, by=None):
    with pytest.raises(ImportFailed) as caught:
        import_results(s.round, data, by=by or s.planner)
    return [str(problem) for problem in caught.value.preview.errors]


class TestAGoodSheet:
    def test_rows_are_matched_by_name_and_saved(self, s):
        data = workbook_bytes(
            [
                HEADER,
                ["ถนนคอนกรีต หมู่ที่ 1", "ดำเนินการแล้วเสร็จ", "249,999.99"],
                ["รางระบายน้ำ  หมู่ที่ ๒", " อยู่ระหว่าง ดำเนินการ ", 60000.5],
            ],
            title_rows=[["รายงานผลการดำเนินงาน รอบ 6 เดือน"], []],
        )
        preview = import_results(s.round, data, by=s.planner)
        assert [line.row for line in preview.changed] == [4, 5]
        assert results_of(s.round) == [
            ("ถนนคอนกรีต หมู่ที่ 1", ResultStatus.DONE, Decimal("249999.99")),
            ("รางระบายน้ำ หมู่ที่ 2", ResultStatus.IN_PROGRESS, Decimal("60000.50")),
        ]

    def test_every_column_is_read_with_thai_digits_and_commas(self, s):
        header = [sheet.NAME, sheet.STATUS, sheet.DISBURSED, sheet.CONTRACT, sheet.PROGRESS,
                  sheet.PROBLEMS, sheet.SUGGESTIONS]  # fmt: skip
        data = workbook_bytes(
            [
                header,
                [
                    "แข่งขันกีฬาตำบล",
                    "แล้วเสร็จ",
                    "๔๕,๐๐๐.๒๕ บาท",
                    "๔๘,๐๐๐",
                    "๑๐๐%",
                    "  ฝนตก  ",
                    "จัดช่วงหน้าแล้ง",
                ],
            ]
        )
        import_results(s.round, data, by=s.planner)
        result = Result.objects.get(round=s.round)
        assert (result.status, result.disbursed, result.contract_amount, result.progress) == (
            ResultStatus.DONE,
            Decimal("45000.25"),
            Decimal("48000.00"),
            100,
        )
        assert (result.problems, result.suggestions) == ("ฝนตก", "จัดช่วงหน้าแล้ง")

    def test_an_empty_disbursement_is_zero_and_blank_rows_change_nothing(self, s):
        rounds.save_result(s.round, s.sport, Entry(ResultStatus.DONE, Decimal("5")), by=s.planner)
        data = workbook_bytes(
            [
                HEADER,
                ["ถนนคอนกรีต หมู่ที่ 1", "ยังไม่ได้ดำเนินการ", None],
                ["แข่งขันกีฬาตำบล", None, None],
                ["หัวข้อที่ไม่ใช่โครงการ", "", ""],
                ["รวม", None, 5],
            ]
        )
        preview = import_results(s.round, data, by=s.planner)
        assert preview.blank_rows == 2
        assert results_of(s.round) == [
            ("ถนนคอนกรีต หมู่ที่ 1", ResultStatus.NOT_STARTED, Decimal("0.00")),
            ("แข่งขันกีฬาตำบล", ResultStatus.DONE, Decimal("5.00")),
        ]

    def test_disbursement_above_the_budget_is_saved_when_the_row_confirms_it(self, s):
        header = [*HEADER, sheet.CONFIRM]
        over = ["ถนนคอนกรีต หมู่ที่ 1", "ดำเนินการแล้วเสร็จ", "250,000.01"]
        assert errors_of(s, workbook_bytes([header, [*over, None]])) == [
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 2 คอลัมน์ C (เบิกจ่าย (บาท)): เบิกจ่าย 250,000.01 บาท "
            "เกินงบประมาณของโครงการ (250,000.00 บาท) — ตรวจสอบอีกครั้ง "
            "หากถูกต้องให้ยืนยันการเบิกจ่ายเกินงบประมาณ "
            "(ใส่ ✓ ในคอลัมน์ “ยืนยันเบิกจ่ายเกินงบประมาณ”)"
        ]
        import_results(s.round, workbook_bytes([header, [*over, "✓"]]), by=s.planner)
        result = Result.objects.get(round=s.round)
        assert (result.disbursed, result.over_budget_confirmed) == (Decimal("250000.01"), True)

    def test_a_dry_run_reports_the_changes_and_saves_nothing(self, s):
        rounds.save_result(s.round, s.road, Entry(ResultStatus.IN_PROGRESS), by=s.planner)
        data = workbook_bytes([HEADER, ["ถนนคอนกรีต หมู่ที่ 1", "แล้วเสร็จ", 1000]])
        preview = import_results(s.round, data, by=s.planner, dry_run=True)
        [line] = preview.changed
        assert [(c.label, c.before, c.after) for c in line.changes] == [
            ("สถานะ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้วเสร็จ"),
            ("เบิกจ่าย (บาท)", "0.00", "1,000.00"),
        ]
        assert results_of(s.round) == [
            ("ถนนคอนกรีต หมู่ที่ 1", ResultStatus.IN_PROGRESS, Decimal("0.00"))
        ]

    def test_a_column_the_sheet_lacks_keeps_the_saved_values(self, s):
        saved = Entry(ResultStatus.IN_PROGRESS, Decimal("250000.01"), contract_amount=Decimal("9"),
                      progress=40, problems="ฝนตก", suggestions="ขยายเวลา", confirm_over_budget=True)  # fmt: skip
        rounds.save_result(s.round, s.road, saved, by=s.planner)
        data = workbook_bytes([HEADER, ["ถนนคอนกรีต หมู่ที่ 1", "แล้วเสร็จ", "250,000.01"]])
        import_results(s.round, data, by=s.planner)
        result = Result.objects.get()
        assert (result.status, result.disbursed, result.contract_amount, result.progress,
                result.problems, result.suggestions, result.over_budget_confirmed) == (
            ResultStatus.DONE, Decimal("250000.01"), Decimal("9.00"), 40, "ฝนตก", "ขยายเวลา", True
        )  # fmt: skip

    def test_only_changed_rows_are_written(self, s):
        rounds.save_result(s.round, s.road, Entry(ResultStatus.DONE, Decimal("10")), by=s.planner)
        before = Result.objects.get(round=s.round).updated_at
        data = workbook_bytes(
            [HEADER, ["ถนนคอนกรีต หมู่ที่ 1", "ดำเนินการแล้วเสร็จ", 10], ["แข่งขันกีฬาตำบล", "ยกเลิก", 0]]
        )
        preview = import_results(s.round, data, by=s.planner)
        assert (len(preview.changed), preview.unchanged) == (1, 1)
        assert Result.objects.get(round=s.round, lineage=s.road.lineage).updated_at == before


class TestABadSheet:
    def test_is_refused_whole_with_every_error_located(self, s):
        rounds.save_result(s.round, s.sport, Entry(ResultStatus.IN_PROGRESS), by=s.planner)
        data = workbook_bytes(
            [
                HEADER,
                ["ถนนคอนกรีต หมู่ที่ 1", "ดำเนินการแล้วเสร็จ", 1000],  # fine alone
                ["สร้างสะพานข้ามคลอง", "ดำเนินการแล้วเสร็จ", 1000],
                ["รางระบายน้ำ หมู่ที่ 2", "ดำเนินการแล้วเสร็จ", "-0.01"],
                ["แข่งขันกีฬาตำบล", "เสร็จเรียบร้อย", "สองพัน"],
            ]
        )
        assert errors_of(s, data) == [
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 3 คอลัมน์ A (โครงการ): "
            "ไม่พบโครงการ “สร้างสะพานข้ามคลอง” ในแผนที่ใช้บังคับของรอบนี้",
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 4 คอลัมน์ C (เบิกจ่าย (บาท)): เบิกจ่ายต้องเป็นจำนวนเงินที่ไม่ติดลบ",
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 5 คอลัมน์ B (สถานะ): ไม่รู้จักสถานะ “เสร็จเรียบร้อย” ใช้ได้: "
            "ยังไม่ได้ดำเนินการ · อยู่ระหว่างดำเนินการ · ดำเนินการแล้วเสร็จ · ยกเลิก · "
            "กันเงิน/ขยายเวลาเบิกจ่ายไปปีถัดไป",
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 5 คอลัมน์ C (เบิกจ่าย (บาท)): เบิกจ่าย “สองพัน” ไม่ใช่จำนวนเงิน",
        ]
        assert results_of(s.round) == [("แข่งขันกีฬาตำบล", ResultStatus.IN_PROGRESS, Decimal("0.00"))]

    def test_a_name_of_two_rows_is_ambiguous(self, s):
        s.plan.projects.create(**_copy_of(s.road, department_id=s.office.pk))
        data = workbook_bytes([HEADER, ["ถนนคอนกรีต  หมู่ที่ 1", "ยกเลิก", 0]])
        assert errors_of(s, data) == [
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 2 คอลัมน์ A (โครงการ): ชื่อโครงการ “ถนนคอนกรีต  หมู่ที่ 1” "
            "ตรงกับ 2 โครงการในแผน (กองช่าง 250,000.00 บาท; สำนักปลัด 250,000.00 บาท) ระบุไม่ได้ว่าเป็นโครงการใด — "
            "ส่งออก Excel จากระบบแล้วกรอกในไฟล์นั้น (มีคอลัมน์ “รหัส OpPlan” ระบุโครงการ)"
        ]
        assert not Result.objects.exists()

    def test_the_same_project_twice_and_a_row_without_a_name(self, s):
        data = workbook_bytes(
            [
                HEADER,
                ["แข่งขันกีฬาตำบล", "ยกเลิก", 0],
                ["แข่งขัน กีฬาตำบล", "ยกเลิก", 0],
                [None, "ยกเลิก", 0],
            ]
        )
        assert errors_of(s, data) == [
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 3 คอลัมน์ A (โครงการ): "
            "โครงการ “แข่งขันกีฬาตำบล” อยู่ในไฟล์แล้วที่แถว 2",
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 4 คอลัมน์ A (โครงการ): ต้องระบุชื่อโครงการ",
        ]

    @pytest.mark.parametrize(
        ("cells", "column", "message"),
        [
            ({sheet.STATUS: None}, "B (สถานะ)", "ต้องระบุสถานะ: ยังไม่ได้ดำเนินการ"),
            ({sheet.DISBURSED: "1.005"}, "C (เบิกจ่าย (บาท))", "เบิกจ่ายมีทศนิยมเกิน 2 ตำแหน่ง"),
            ({sheet.DISBURSED: True}, "C (เบิกจ่าย (บาท))", "เบิกจ่ายต้องเป็นจำนวนเงิน"),
            ({sheet.CONTRACT: "-5"}, "D (วงเงินตามสัญญา (บาท))", "วงเงินตามสัญญาต้องไม่ติดลบ"),
            ({sheet.PROGRESS: "101"}, "E (ความก้าวหน้า (%))", "ความก้าวหน้าต้องเป็นร้อยละ"),
            ({sheet.PROGRESS: 12.5}, "E (ความก้าวหน้า (%))", "ความก้าวหน้าต้องเป็นร้อยละเป็นจำนวนเต็ม"),
            ({sheet.CONFIRM: "อาจจะ"}, "F (ยืนยันเบิกจ่ายเกินงบประมาณ)", "ช่องยืนยันเบิกจ่ายเกินงบประมาณใส่ ✓"),
        ],
    )
    def test_each_bad_cell_is_named_by_its_column(self, s, cells, column, message):
        header = [*HEADER, sheet.CONTRACT, sheet.PROGRESS, sheet.CONFIRM]
        values = {sheet.NAME: "แข่งขันกีฬาตำบล", sheet.STATUS: "ยกเลิก", sheet.DISBURSED: 0} | cells
        data = workbook_bytes([header, [values.get(name) for name in header]])
        [error] = errors_of(s, data)
        assert error.startswith(f"แผ่นงาน “ผลรอบ 6 เดือน” แถว 2 คอลัมน์ {column}: {message}")
        assert not Result.objects.exists()

    def test_characters_the_print_font_cannot_draw_are_refused_by_cell(self, s):
        header = [*HEADER, sheet.PROBLEMS, sheet.SUGGESTIONS]
        data = workbook_bytes(
            [
                header,
                ["ถนนคอนกรีต หมู่ที่ 1", "ดำเนินการแล้วเสร็จ", 1000, "ฝนตก 🌧️ ทั้งเดือน", "ไม่มี"],
                ["แข่งขันกีฬาตำบล", "ยกเลิก", 0, "ไม่มี", "จัดใหม่ปีหน้า 🚧🚧 \U0001f3c6"],
            ]
        )
        assert errors_of(s, data) == [
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 2 คอลัมน์ D (ปัญหา อุปสรรค): "
            "มีอักขระที่พิมพ์ในเอกสารไม่ได้ (ฟอนต์ Sarabun ไม่มี): “🌧” "
            "เช่น อีโมจิหรือสัญลักษณ์พิเศษ กรุณาลบออกหรือเขียนเป็นคำแทน",
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 3 คอลัมน์ E (ข้อเสนอแนะ): "
            "มีอักขระที่พิมพ์ในเอกสารไม่ได้ (ฟอนต์ Sarabun ไม่มี): “🚧” “🏆” "
            "เช่น อีโมจิหรือสัญลักษณ์พิเศษ กรุณาลบออกหรือเขียนเป็นคำแทน",
        ]
        assert not Result.objects.exists()  # the good row is not saved either

    def test_a_sheet_without_the_header_or_a_required_column(self, s):
        assert errors_of(s, workbook_bytes([["ชื่อ", "สถานะ"], ["ก", "ยกเลิก"]])) == [
            "แผ่นงาน “ผลรอบ 6 เดือน”: ไม่พบแถวหัวตาราง (แถวที่มีช่อง “โครงการ”) ในแผ่นงานแรก"
        ]
        assert errors_of(s, workbook_bytes([[sheet.NAME, sheet.STATUS], ["ก", "ยกเลิก"]])) == [
            "แผ่นงาน “ผลรอบ 6 เดือน”: ไม่พบคอลัมน์ “เบิกจ่าย (บาท)” ในแถวหัวตาราง (แถว 1)"
        ]

    def test_not_an_excel_file(self, s):
        assert errors_of(s, b"hello") == [
            "ไฟล์นี้ไม่ใช่ไฟล์ Excel แบบ .xlsx (ถ้าเป็น .xls ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx)"
        ]


class TestTheKeyColumn:
    def test_matches_a_row_whose_name_is_shared(self, s):
        twin = s.plan.projects.create(**_copy_of(s.road, department_id=s.office.pk))
        data = workbook_bytes([[sheet.KEY, *HEADER], [twin.lineage, "ถนนคอนกรีต หมู่ที่ 1", "ยกเลิก", 0]])
        import_results(s.round, data, by=s.planner)
        assert Result.objects.get().project == twin

    def test_a_key_of_another_project_than_the_name_is_an_error(self, s):
        data = workbook_bytes(
            [
                [sheet.KEY, *HEADER],
                [s.drain.lineage, "ถนนคอนกรีต หมู่ที่ 1", "ยกเลิก", 0],
                ["๙๙๙๙", "แข่งขันกีฬาตำบล", "ยกเลิก", 0],
            ]
        )
        assert errors_of(s, data) == [
            f"แผ่นงาน “ผลรอบ 6 เดือน” แถว 2 คอลัมน์ B (โครงการ): รหัส {s.drain.lineage} "
            "คือโครงการ “รางระบายน้ำ หมู่ที่ 2” แต่ชื่อในไฟล์คือ “ถนนคอนกรีต หมู่ที่ 1” — "
            "ตรวจว่าไม่ได้เรียงหรือคัดลอกแถวสลับกัน หรือส่งออก Excel จากระบบใหม่",
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 3 คอลัมน์ A (รหัส OpPlan): "
            "ไม่พบโครงการรหัส “๙๙๙๙” ในแผนที่ใช้บังคับของรอบนี้ (อย่าแก้ไขคอลัมน์นี้)",
        ]


class TestWhoMayImport:
    def test_department_staff_import_their_rows_and_other_rows_are_errors(self, s):
        data = workbook_bytes(
            [HEADER, ["ถนนคอนกรีต หมู่ที่ 1", "ยกเลิก", 0], ["แข่งขันกีฬาตำบล", "ยกเลิก", 0]]
        )
        assert errors_of(s, data, by=s.staff) == [
            "แผ่นงาน “ผลรอบ 6 เดือน” แถว 3 คอลัมน์ A (โครงการ): โครงการ “แข่งขันกีฬาตำบล” "
            "เป็นของสำนักปลัด ท่านรายงานผลได้เฉพาะโครงการของหน่วยงานของท่าน"
        ]
        assert not Result.objects.exists()
        import_results(s.round, workbook_bytes(
            [HEADER, ["ถนนคอนกรีต หมู่ที่ 1", "ยกเลิก", 0]]), by=s.staff)  # fmt: skip
        assert results_of(s.round) == [("ถนนคอนกรีต หมู่ที่ 1", ResultStatus.CANCELLED, Decimal("0.00"))]

    def test_the_executive_may_not_import(self, s):
        data = workbook_bytes([HEADER, ["แข่งขันกีฬาตำบล", "ยกเลิก", 0]])
        with pytest.raises(PermissionDenied):
            import_results(s.round, data, by=s.executive)
        assert not Result.objects.exists()

    def test_a_closed_round_imports_nothing(self, s):
        rounds.close_round(s.round, by=s.planner)
        s.round.refresh_from_db()
        data = workbook_bytes([HEADER, ["แข่งขันกีฬาตำบล", "ยกเลิก", 0]])
        with pytest.raises(ValidationError, match="ปิดรับรายงานแล้ว นำเข้าผลการดำเนินงานไม่ได้"):
            import_results(s.round, data, by=s.planner)
        assert not Result.objects.exists()


class TestThePreviewDigest:
    def test_a_result_changed_after_the_preview_refuses_the_confirm(self, s):
        data = workbook_bytes([HEADER, ["แข่งขันกีฬาตำบล", "ยกเลิก", 0]])
        digest = read_results(data, s.round, by=s.planner).digest
        assert import_results(s.round, data, by=s.planner, dry_run=True, expected=digest)
        rounds.save_result(s.round, s.sport, Entry(ResultStatus.DONE), by=s.planner)
        with pytest.raises(PreviewOutdated) as caught:
            import_results(s.round, data, by=s.planner, expected=digest)
        [line] = caught.value.preview.changed
        assert (line.status_before, line.status_after) == ("ดำเนินการแล้วเสร็จ", "ยกเลิก")
        assert Result.objects.get().status == ResultStatus.DONE


def _copy_of(project, **changes):
    fields = {
        f.attname: getattr(project, f.attname)
        for f in project._meta.concrete_fields
        if not f.primary_key and f.name not in ("copied_from", "origin", "carried_from")
    }
    return {**fields, **changes, "plan_id": project.plan_id}


@pytest.mark.parametrize(
    ("cell", "quoted"),
    [
        ("สองพันบาท", "“สองพันบาท”"),  # not “สองพัน”
        ("สองพัน" * 20 + "บาท", "“" + ("สองพัน" * 20)[:60] + "…”"),  # a long cell stays capped
    ],
)
def test_a_bad_amount_is_quoted_as_the_cell_has_it(cell, quoted):
    with pytest.raises(ValueError, match="ไม่ใช่จำนวนเงิน") as refusal:
        parse_money(cell, "เบิกจ่าย")
    assert str(refusal.value) == f"เบิกจ่าย {quoted} ไม่ใช่จำนวนเงิน"
