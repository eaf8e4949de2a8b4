"""Exporting a round's results: the same layout the import reads, round-tripping exactly."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from results import rounds
from results import spreadsheet as sheet
from results.exports import export_filename, render_results_xlsx, result_rows
from results.imports import import_results, read_results
from results.models import Result, ResultStatus
from results.rounds import Entry
from tests.factories import results_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    return s


def reported(s):
    rounds.save_result(
        s.round,
        s.road,
        Entry(
            ResultStatus.DONE,
            Decimal("250000.01"),
            contract_amount=Decimal("249000.50"),
            progress=100,
            problems="ฝนตกหนัก\nส่งมอบงานช้า",
            suggestions="=1+1",
            confirm_over_budget=True,
        ),
        by=s.planner,
    )
    rounds.save_result(s.round, s.sport, Entry(ResultStatus.CANCELLED), by=s.planner)


def table(data):
    ws = load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def state(round_):
    return sorted(
        (r.lineage, r.project_id, r.status, r.disbursed, r.contract_amount, r.progress,
         r.problems, r.suggestions, r.over_budget_confirmed)
        for r in Result.objects.filter(round=round_)
    )  # fmt: skip


def test_the_export_writes_every_row_with_its_current_result(s):
    reported(s)
    rows = table(render_results_xlsx(s.round))
    assert rows[0][0] == (
        "รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน ตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569"
    )
    assert rows[2] == list(sheet.EXPORT_COLUMNS)
    road, drain, sport = rows[3:]
    assert road[3:] == ["ถนนคอนกรีต หมู่ที่ 1", "กองช่าง", 250000, "ดำเนินการแล้วเสร็จ",
                        250000.01, 249000.5, 100, "ฝนตกหนัก\nส่งมอบงานช้า", "=1+1", "✓"]  # fmt: skip
    assert drain[0] == s.drain.lineage
    assert drain[6:] == [None] * 7  # not reported yet
    assert sport[6:10] == ["ยกเลิก", 0, None, None]


def test_staff_get_their_departments_rows(s):
    rows = result_rows(s.round, department_ids={s.works.pk})
    assert [row[3] for row in rows] == ["ถนนคอนกรีต หมู่ที่ 1", "รางระบายน้ำ หมู่ที่ 2"]


def test_a_text_that_looks_like_a_formula_stays_text(s):
    reported(s)
    ws = load_workbook(io.BytesIO(render_results_xlsx(s.round))).active
    cell = ws.cell(row=4, column=sheet.EXPORT_COLUMNS.index(sheet.SUGGESTIONS) + 1)
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_export_then_import_unedited_changes_nothing(s):
    reported(s)
    before = state(s.round)
    data = render_results_xlsx(s.round)
    preview = read_results(data, s.round, by=s.planner)
    assert preview.ok
    assert (len(preview.lines), preview.changed, preview.blank_rows) == (2, [], 1)
    import_results(s.round, data, by=s.planner)
    assert state(s.round) == before


def test_export_edit_import_changes_exactly_what_was_edited(s):
    reported(s)
    workbook = load_workbook(io.BytesIO(render_results_xlsx(s.round)))
    ws = workbook.active
    column = {name: index for index, name in enumerate(sheet.EXPORT_COLUMNS, start=1)}
    ws.cell(row=5, column=column[sheet.STATUS], value="อยู่ระหว่างดำเนินการ")  # the drain
    ws.cell(row=5, column=column[sheet.DISBURSED], value="๓๐,๐๐๐.๔๕")
    ws.cell(row=5, column=column[sheet.PROBLEMS], value="รอผู้รับจ้าง")
    ws.cell(row=6, column=column[sheet.DISBURSED], value=0.01)  # the sport day
    buffer = io.BytesIO()
    workbook.save(buffer)
    expected = state(s.round)
    preview = import_results(s.round, buffer.getvalue(), by=s.planner)
    assert [(line.project.name, [c.label for c in line.changes]) for line in preview.changed] == [
        ("รางระบายน้ำ หมู่ที่ 2", ["สถานะ", "เบิกจ่าย (บาท)", "ปัญหา อุปสรรค"]),
        ("แข่งขันกีฬาตำบล", ["เบิกจ่าย (บาท)"]),
    ]
    drain = (s.drain.lineage, s.drain.pk, ResultStatus.IN_PROGRESS, Decimal("30000.45"),
             None, None, "รอผู้รับจ้าง", "", False)  # fmt: skip
    sport = next(row for row in expected if row[0] == s.sport.lineage)
    expected = sorted(
        [row for row in expected if row[0] != s.sport.lineage]
        + [drain, (*sport[:3], Decimal("0.01"), *sport[4:])]
    )
    assert state(s.round) == expected
    # … and the next export of the edited round re-imports as no change.
    assert read_results(render_results_xlsx(s.round), s.round, by=s.planner).changed == []


def test_the_file_is_named_by_organisation_year_and_round(s):
    assert export_filename(s.round) == f"results-{s.organization.slug}-2569-six_month.xlsx"
