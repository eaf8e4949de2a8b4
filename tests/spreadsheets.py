"""Hypothesis strategies for the spreadsheets people upload, and the fuzzing settings.

Three families, from plausible to hostile:
- `workbooks()`: sheets laid out like the ones officers keep (title rows, a header row
  somewhere, heading and totals rows, continuation rows, merged and shaded cells,
  Thai digits, money as text, dates, very long text, extra sheets), saved by openpyxl;
- `raw_workbooks()`: sheet XML written cell by cell with any reference, type, style
  and value, as no spreadsheet program would (what openpyxl itself may stumble on);
- `corrupted(workbooks())`: valid files with bytes flipped, cut or repeated.

Each strategy takes the header it lays out, so the results import (issue #13, still to
come) reuses them with its own columns and values:
`workbooks(header=RESULTS_HEADER, values=RESULTS_VALUES, required=...)`.

FUZZ is the settings every fuzz test uses: OPPLAN_FUZZ_EXAMPLES examples (CI sets
1,000; 50 by default), no deadline (shared machines), failures kept in var/hypothesis
so the next run tries them first.
"""

import io
import os
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from projects import spreadsheet as sheet
from tests import hostile_files as hostile

FUZZ = settings(
    max_examples=int(os.environ.get("OPPLAN_FUZZ_EXAMPLES", "50")),
    deadline=None,
    database=DirectoryBasedExampleDatabase(
        Path(__file__).resolve().parent.parent / "var" / "hypothesis"
    ),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # each example rolls back what it wrote
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

PD02_HEADER = (sheet.SEQUENCE, *sheet.EXPORT_COLUMNS)
# What officers write in the cells of a ผด.02, and what they should not.
WORDS = [
    "โครงการซ่อมถนน", "ก่อสร้างถนนคอนกรีตเสริมเหล็ก", "หมู่ที่ ๓", "กองช่าง", "สำนักปลัด",
    "สำนักงานปลัด", "กองการศึกษา", "อบจ.พะเยา", "1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
    "ยุทธศาสตร์ที่ ๒ ด้านการศึกษา", "1.1 แผนงานเคหะและชุมชน", "แผนงานการศึกษา", "แผนงานงบกลาง",
    "รวม", "รวมทั้งสิ้น", "เงินอุดหนุนเฉพาะกิจ", "ข้อบัญญัติ", "x", "✓", "←→", "-", "–", "๑๒,๕๐๐",
    "150,000.00", "2,500.50 บาท", "๐", "ห้าพัน", "=1+1", "=SUM(A1:A3)", "  ", "\n", "ต.ค.",
    "โครงการ", "งบประมาณ (บาท)", *sheet.MONTHS, *PD02_HEADER,
]  # fmt: skip
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co"))
    | st.sampled_from("\n\t"),
    max_size=40,
)


def cell_values(long_text=True):
    """One cell's value, as officers type them and beyond."""
    values = [
        st.none(),
        st.sampled_from(WORDS),
        _TEXT,
        st.integers(min_value=-(10**15), max_value=10**15),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False).map(str),
        st.booleans(),
        st.dates(min_value=date(1900, 3, 1), max_value=date(2600, 1, 1)),
        st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2600, 1, 1)),
    ]
    if long_text:
        values.append(st.integers(min_value=490, max_value=3_100).map(lambda n: "ก" * n))
    return st.one_of(values)


# What a cell of each ผด.02 column plausibly holds; any column may also hold anything.
PD02_VALUES = {
    sheet.SEQUENCE: st.sampled_from(["1", "๒", 3, "", None]),
    sheet.STRATEGY: st.sampled_from(["1", "๑", 1, "1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
                                     "ยุทธศาสตร์ที่ 2 ด้านการศึกษา", "ด้านสิ่งแวดล้อม"]),
    sheet.PROGRAM: st.sampled_from(["แผนงานเคหะและชุมชน", "แผนงานการศึกษา", "1.1 แผนงานงบกลาง",
                                    "แผนงานสาธารณสุข"]),
    sheet.NAME: st.sampled_from(["โครงการซ่อมถนน", "โครงการวันเด็ก", "จัดซื้อเครื่องพิมพ์", "ลอยกระทง"])
    | _TEXT.map(lambda text: f"โครงการ{text}"),
    sheet.BUDGET: st.one_of(st.integers(0, 10**7), st.sampled_from(["๑๒,๕๐๐", "150,000.00", "-", "0"]),
                            st.decimals(0, 10**6, places=2).map(str), st.integers(0, 10**14),
                            st.floats(0, 1e13)),
    sheet.SOURCE: st.sampled_from(["", "ข้อบัญญัติ", "เงินอุดหนุนเฉพาะกิจ", "อบจ.พะเยา", None]),
    sheet.DEPARTMENT: st.sampled_from(["กองช่าง", "สำนักปลัด", "สำนักงานปลัด", "กองคลัง",
                                       "สำนักงานเกษตรอำเภอ"]),
    **{month: st.sampled_from(["x", "✓", None, None, None]) for month in sheet.MONTHS},
}  # fmt: skip
# The columns an import cannot do without (strategy and แผนงาน may be headings instead).
TITLES = ["บัญชีโครงการ/กิจกรรม/งบประมาณ", "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐",
          "องค์การบริหารส่วนตำบลหนองบัว", "แบบ ผด.02", None]  # fmt: skip
REQUIRED = (
    sheet.STRATEGY,
    sheet.PROGRAM,
    sheet.NAME,
    sheet.BUDGET,
    sheet.DEPARTMENT,
    *sheet.MONTHS,
)


@st.composite
def workbooks(draw, header=PD02_HEADER, values=PD02_VALUES, required=REQUIRED, max_rows=8):
    """An .xlsx laid out like a sheet officers keep, as bytes: usually `header` (all of
    it, or the `required` columns in any order) over rows of `values` with some junk,
    sometimes any columns over any values."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = draw(st.sampled_from(["ผด.02", "Sheet1", "แผน 2570", "x" * 31]))
    layout = draw(st.sampled_from(["whole", "whole", "required", "any"]))
    messy = layout == "any" or draw(st.booleans())  # rows and cells of anything among them
    if layout == "whole":
        columns = list(header)
    elif layout == "required":
        columns = draw(st.permutations(required))
    else:
        columns = draw(st.lists(st.sampled_from(header), max_size=len(header) + 2))
    for _ in range(draw(st.integers(0, 3))):  # title rows
        ws.append([draw(st.sampled_from(TITLES if layout != "any" else [*WORDS, None]))])
    header_row = ws.max_row + 1 if ws.max_row > 1 or ws["A1"].value is not None else 1
    if layout != "any" or draw(st.integers(0, 9)):  # a header row
        ws.append([draw(st.sampled_from([name, name.replace(" ", "\n"), f" {name} "]))
                   for name in columns])  # fmt: skip
    width = max(len(columns), 1)
    junk = cell_values()
    for _ in range(draw(st.integers(0, max_rows))):
        if layout == "any" or (messy and draw(st.integers(0, 4)) == 0):  # a row of anything
            ws.append(draw(st.lists(junk, max_size=width + 2)))
        else:
            ws.append([draw(junk if messy and draw(st.integers(0, 19)) == 0 else values.get(name, junk))
                       for name in columns])  # fmt: skip
    last_row = max(ws.max_row, 1)
    first_merged = 1 if layout == "any" else min(header_row + 1, last_row)
    for _ in range(draw(st.integers(0, 4 if messy else 1))):  # merged ranges: bars across months
        top, left = draw(st.integers(first_merged, last_row)), draw(st.integers(1, width + 2))
        bottom = draw(st.integers(top, last_row))
        right = draw(st.integers(left, width + 2))
        if (top, left) != (bottom, right):
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    for _ in range(draw(st.integers(0, 6))):  # shaded cells
        cell = ws.cell(draw(st.integers(1, last_row + 1)), draw(st.integers(1, width + 2)))
        if cell.coordinate not in ws.merged_cells:
            color = draw(st.sampled_from(["FF1F4E79", "FFFFFFFF", "00000000", "FFD9D9D9"]))
            cell.fill = PatternFill(draw(st.sampled_from(["solid", "gray125"])), fgColor=color)
    for _ in range(draw(st.integers(0, 2))):  # other sheets, never read
        workbook.create_sheet(draw(st.sampled_from(["สรุป", "Sheet2", "อื่น ๆ"])))["A1"] = "ไม่อ่าน"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _same_bytes_every_time(buffer.getvalue())


def _same_bytes_every_time(data):
    """openpyxl stamps the time it saved (in the zip and docProps/core.xml): take it out,
    so one example is one file, however often Hypothesis draws it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:modified[^<]*</dcterms:modified>", b"", content)
            target.writestr(zipfile.ZipInfo(entry.filename, (2026, 1, 1, 0, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return buffer.getvalue()


def _raw_cell(draw, number):
    column = draw(st.integers(0, 30))
    reference = draw(st.one_of(
        st.just(f"{get_column_letter(column or 1)}{number}"),
        st.just(None),
        st.sampled_from(["A0", "1A", "ZZZZ1", "a1", "", "A1048577", "XFD1", "B" + "9" * 12]),
    ))  # fmt: skip
    kind = draw(st.sampled_from([None, "s", "n", "b", "str", "inlineStr", "e", "d", "x"]))
    style = draw(st.sampled_from([None, "0", "1", "2", "99", "-1", "x"]))
    value = draw(st.one_of(
        st.integers(-3, 5).map(str), st.sampled_from(["1e999", "nan", "inf", "", "1.5", "๑", "x"]),
        st.from_regex(r"[0-9]{1,30}", fullmatch=True), st.just(None),
    ))  # fmt: skip
    attributes = "".join(
        f' {name}="{value}"'
        for name, value in (("r", reference), ("t", kind), ("s", style))
        if value is not None
    )
    if kind == "inlineStr":
        return f"<c{attributes}><is><t>{draw(st.sampled_from(WORDS)) if value else ''}</t></is></c>"
    body = "" if value is None else f"<v>{value}</v>"
    return f"<c{attributes}>{body}</c>"


@st.composite
def raw_workbooks(draw, header=PD02_HEADER):
    """An .xlsx whose sheet XML is written cell by cell with any reference, type, style
    and value (a header row of `header` first, most of the time)."""
    rows = []
    if draw(st.booleans()):
        rows.append(hostile.inline_row(1, list(header)))
    for number in range(len(rows) + 1, len(rows) + 1 + draw(st.integers(0, 8))):
        cells = "".join(_raw_cell(draw, number) for _ in range(draw(st.integers(0, 6))))
        row_number = draw(st.sampled_from([str(number), f"{number}.0", "", "0", "-2", "x"]))
        attribute = f' r="{row_number}"' if row_number else ""
        rows.append(f"<row{attribute}>{cells}</row>".encode())
    dimension = draw(st.sampled_from([None, "A1", "A1:Z99", "A1:XFD1048576", "bad", "B2:A1"]))
    merges = draw(
        st.lists(st.sampled_from(["A1:B2", "I2:T3", "C3:C1", "A:A", "bad", "A1"]), max_size=3)
    )
    strings = hostile.strings_xml([w.encode() for w in WORDS[:5]]) if draw(st.booleans()) else None
    return hostile.xlsx(
        hostile.sheet_xml(rows, dimension=dimension, merges=merges), strings=strings
    )


@st.composite
def corrupted(draw, files):
    """A file from `files` with a few bytes flipped, a piece cut out, or its end cut off."""
    data = bytearray(draw(files))
    for _ in range(draw(st.integers(1, 4))):
        where = min(int(draw(st.floats(0, 1)) * len(data)), len(data) - 1)
        change = draw(st.sampled_from(["flip", "cut", "truncate", "repeat"]))
        if change == "flip":
            data[where] ^= draw(st.integers(1, 255))
        elif change == "cut":
            del data[where : where + draw(st.integers(1, 64))]
        elif change == "truncate":
            del data[where:]
        else:
            data[where:where] = data[where : where + draw(st.integers(1, 64))]
        if not data:
            break
    return bytes(data)
