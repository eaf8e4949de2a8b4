"""Fuzzing the results import: whatever the spreadsheet, reading it gives a preview or
Thai errors (never an exception), and importing it saves every changed row or nothing.
OPPLAN_FUZZ_EXAMPLES examples per test (CI: 1,000; default 50)."""

import re
from datetime import date

import pytest
from django.db import transaction
from hypothesis import event, given
from hypothesis import strategies as st

from projects.imports import Problem
from results import rounds
from results import spreadsheet as sheet
from results.imports import ImportFailed, import_results, read_results
from results.models import Result, ResultStatus
from tests import spreadsheets
from tests.factories import results_setup

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e01-\u0e5b]")
RESULTS_HEADER = sheet.EXPORT_COLUMNS
NAMES = ["ถนนคอนกรีต หมู่ที่ 1", "รางระบายน้ำ หมู่ที่ ๒", "แข่งขัน กีฬาตำบล", "ไม่มีโครงการนี้", "รวม"]
# Mostly what a reporter writes (so some files import), sometimes what they should not.
RESULTS_VALUES = {
    sheet.KEY: st.sampled_from([None] * 6 + ["", "1", "๒", 3, 99999, "x"]),
    sheet.NAME: st.sampled_from(NAMES[:3] * 3 + NAMES[3:]),
    sheet.STATUS: st.sampled_from([*ResultStatus.labels] * 2 + ["แล้วเสร็จ", " ยกเลิก ", "", "?"]),
    sheet.DISBURSED: st.one_of(
        st.integers(0, 50_000),
        st.integers(0, 50_000),
        st.sampled_from(["๑๒,๕๐๐", "1,000.50 บาท", "-", "0", "-1", "1.005", None, -10, 1e13]),
    ),
    sheet.CONTRACT: st.sampled_from([None] * 6 + [0, "๔๘,๐๐๐", -1, "x"]),
    sheet.PROGRESS: st.sampled_from([None] * 6 + [0, 50, "100%", 101, 12.5, "๕๐"]),
    sheet.PROBLEMS: st.sampled_from([None] * 4 + ["", "ฝนตก", "=1+1", "ก" * 3_001]),
    sheet.SUGGESTIONS: st.sampled_from([None, "", "ไม่มี"]),
    sheet.CONFIRM: st.sampled_from([None] * 6 + ["✓", "x", "ไม่", "อาจจะ", True]),
}
REQUIRED = (sheet.NAME, sheet.STATUS, sheet.DISBURSED)


@pytest.fixture
def s():
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=s.planner
    )
    return s


def snapshot(round_):
    return sorted(Result.objects.filter(round=round_).values_list("lineage", "status", "disbursed"))


def read_then_import(s, data, by):
    with transaction.atomic():
        before = snapshot(s.round)
        preview = read_results(data, s.round, by=by)
        for problem in preview.errors:
            assert isinstance(problem, Problem) and THAI.search(problem.message), problem
        assert snapshot(s.round) == before  # reading writes nothing
        try:
            imported = import_results(s.round, data, by=by)
        except ImportFailed as failure:
            imported, refused = None, failure.preview
        if imported is None:
            assert refused.errors
            event("refused: the file" if refused.file_errors else "refused: rows")
            assert snapshot(s.round) == before  # nothing half-saved
        else:
            event("imported" if imported.changed else "no change")
            assert preview.ok
            named = {line.project.lineage for line in imported.lines}
            assert len(snapshot(s.round)) == len({lineage for lineage, *_ in before} | named)
        transaction.set_rollback(True)


@spreadsheets.FUZZ
@given(
    data=spreadsheets.workbooks(
        header=RESULTS_HEADER, values=RESULTS_VALUES, required=REQUIRED, max_rows=3
    ),
    staff=st.booleans(),
)
def test_a_results_sheet_is_previewed_or_refused_never_half_saved(s, data, staff):
    read_then_import(s, data, s.staff if staff else s.planner)


@spreadsheets.FUZZ
@given(data=spreadsheets.raw_workbooks(header=RESULTS_HEADER))
def test_sheet_xml_no_program_would_write_is_refused_in_thai_never_an_exception(s, data):
    read_then_import(s, data, s.planner)


@spreadsheets.FUZZ
@given(data=spreadsheets.corrupted(spreadsheets.workbooks(header=RESULTS_HEADER, max_rows=4)))
def test_a_damaged_results_file_is_refused_in_thai_never_an_exception(s, data):
    read_then_import(s, data, s.planner)
