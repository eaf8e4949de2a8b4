"""Importing the ผด.02 spreadsheet: read → preview with every problem → import all or nothing.

`read_projects` parses a workbook against an organisation's data and writes
nothing; `import_projects` is the one write path (page and command). Both read
OpPlan's own export and the sheets officers really keep: title rows above the
header, "1. ยุทธศาสตร์…" / "1.1 แผนงาน…" heading rows, continuation rows,
numbers as text, Thai digits, merged or shaded month cells.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from accounts.models import Department, DepartmentKind
from budget.models import BudgetSource, BudgetSourceKind
from budget.programs import match_program, program_lookup
from projects import permissions
from projects import spreadsheet as sheet
from projects.editing import PLANNERS_ONLY, author
from projects.models import Plan, Project, Strategy
from projects.months import describe as describe_months
from thai.format import arabic_digits, to_money

MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
MONTHS_LABEL = "ต.ค. – ก.ย."
STRATEGY_NAME_LIMIT = 300
SOURCE_NAME_LIMIT = 200
TEXT_LIMITS = {
    sheet.NAME: 500,
    sheet.LOCATION: 300,
    sheet.DEPARTMENT: 200,
    sheet.EQUIPMENT_TYPE: 200,
    sheet.EQUIPMENT_CATEGORY: 200,
    sheet.TARGET: 500,
    sheet.DEVELOPMENT_PLAN: 300,
}
NEW_PROJECT_BATCH = 500


@dataclass(frozen=True)
class Problem:
    """An error or warning, located as precisely as the file allows."""

    message: str
    row: int | None = None
    column: int | None = None
    header: str = ""
    sheet: str = ""

    def __str__(self):
        where = []
        if self.sheet:
            where.append(f"แผ่นงาน “{self.sheet}”")
        if self.row:
            where.append(f"แถว {self.row}")
        if self.column:
            label = f"คอลัมน์ {get_column_letter(self.column)}"
            if self.header:
                label += f" ({self.header})"
            where.append(label)
        elif self.header:
            where.append(f"คอลัมน์ {self.header}")
        return f"{' '.join(where)}: {self.message}" if where else self.message


@dataclass
class Row:
    """One project as read from the sheet, and what its text was matched to."""

    row: int
    texts: dict = field(default_factory=dict)
    budget_cell: object = None
    months: int = 0
    heading_strategy: str = ""
    heading_program: str = ""
    joined_rows: list = field(default_factory=list)
    budget: Decimal | None = None
    strategy: Strategy | None = None
    new_strategy: tuple | None = None
    program: object = None
    department: Department | None = None
    new_department: str = ""
    budget_source: BudgetSource | None = None
    new_source: str = ""
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def text(self, column):
        return self.texts.get(column, "")

    @property
    def name(self):
        return self.text(sheet.NAME)

    @property
    def is_equipment(self):
        return bool(self.text(sheet.EQUIPMENT_TYPE))

    @property
    def months_text(self):
        return describe_months(self.months)


@dataclass
class Preview:
    """What an import would do: every row with its problems, and what it would create."""

    sheet_name: str = ""
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    new_strategies: list = field(default_factory=list)
    new_departments: list = field(default_factory=list)
    new_sources: list = field(default_factory=list)

    @property
    def errors(self):
        return self.file_errors + [e for row in self.rows for e in row.errors]

    @property
    def warnings(self):
        return [w for row in self.rows for w in row.warnings]

    @property
    def ok(self):
        return not self.errors

    @property
    def total_budget(self):
        return sum((r.budget or Decimal("0") for r in self.rows), Decimal("0"))


class ImportFailed(Exception):
    """The file has errors; nothing was imported. `preview` lists them."""

    def __init__(self, preview):
        super().__init__(f"{len(preview.errors)} errors")
        self.preview = preview


# --- reading the workbook -----------------------------------------------------------

_STRATEGY_HEADING = re.compile(
    r"^\s*(?:(\d+)\s*[.)]?\s*)?ยุทธศาสตร์(?:การพัฒนา)?(?:\s*ที่\s*(\d+))?\s*[:.]?\s*(.*)$",
    re.DOTALL,
)
# "1.1 แผนงาน…", "1.3. แผนงาน…", "แผนงาน…": any such line is a heading, known or not.
_PROGRAM_HEADING = re.compile(r"^\s*(?:\d+\s*\.\s*\d+\s*\.?\s*)?(แผนงาน.*)$", re.DOTALL)
# Totals rows: "รวม", "รวมทั้งสิ้น", "รวม 12 โครงการ" (not a project named "รวมพลัง…").
_TOTALS = re.compile(r"^\s*รวม(?:ทั้งสิ้น)?(?:\s.*)?$", re.DOTALL)
_LEADING_NUMBER = re.compile(r"^\s*(\d+)\s*(?:[.)]\s*)?(.*)$", re.DOTALL)


def _text(value) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return arabic_digits(str(value)).strip()


def _has_mark(cell) -> bool:
    """A planned month: any value, or a cell shaded by hand (a solid, non-white fill)."""
    if cell.value is False:
        return False
    if cell.value not in (None, "") and str(cell.value).strip():
        return True
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return False
    color = fill.fgColor
    rgb = getattr(color, "rgb", None)
    if color is not None and color.type == "theme":
        return color.theme not in (0,)  # theme 0 is the background (white)
    return isinstance(rgb, str) and rgb.upper() not in ("FFFFFFFF", "00000000", "00FFFFFF")


def _is_name_header(value) -> bool:
    return sheet.HEADER_ALIASES.get(sheet.header_key(value)) == sheet.NAME


def _find_header(ws):
    """The header row, and the strategy/แผนงาน headings printed above it (if any)."""
    strategy = program = ""
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 200)):
        if any(_is_name_header(cell.value) for cell in row):
            return row[0].row, strategy, program
        first_text = next((_text(c.value) for c in row if _text(c.value)), "")
        if _STRATEGY_HEADING.match(first_text) and len(first_text) > len("ยุทธศาสตร์"):
            strategy, program = first_text, ""
        elif _PROGRAM_HEADING.match(first_text):
            program = _PROGRAM_HEADING.match(first_text).group(1)
    return None, "", ""


def _map_columns(ws, header_row):
    """Column index per canonical name, and the last header row (month labels may sit lower)."""
    columns, months, last = {}, {}, header_row
    for row in ws.iter_rows(min_row=header_row, max_row=min(header_row + 2, ws.max_row)):
        for cell in row:
            key = sheet.header_key(cell.value)
            if not key:
                continue
            name = sheet.HEADER_ALIASES.get(key)
            if name is None:
                if key.startswith("รายละเอียด"):
                    name = sheet.DETAILS
                elif key.startswith("งบประมาณ") and "แหล่ง" not in key:
                    name = sheet.BUDGET
                elif key.startswith("หน่วยงาน"):
                    name = sheet.DEPARTMENT
            if name is not None and name not in columns and cell.row == header_row:
                columns[name] = cell.column
            number = sheet.MONTH_KEYS.get(key)
            if number is not None and number not in months:
                months[number] = cell.column
                last = max(last, cell.row)
    return columns, months, last


def _merged_month_marks(ws, month_columns):
    """Cells covered by a merged range that starts with a mark (a bar drawn by merging)."""
    marked = set()
    month_set = set(month_columns.values())
    for merged in ws.merged_cells.ranges:
        top_left = ws.cell(merged.min_row, merged.min_col)
        if top_left.value in (None, "") and not _has_mark(top_left):
            continue
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if column in month_set:
                    marked.add((row, column))
    return marked


def _read_rows(ws, columns, month_columns, start, headings):
    """Raw rows: heading rows set the current strategy/แผนงาน; continuation rows extend the last.

    A continuation row (no ที่, no budget, no month, text only) is joined to the
    project above, but only in sheets that number their rows in a ที่ column;
    each join is reported as a warning in the preview.
    """
    merged_marks = _merged_month_marks(ws, month_columns)
    text_columns = {name: index for name, index in columns.items() if name != sheet.BUDGET}
    numbered = sheet.SEQUENCE in columns
    current_strategy, current_program = headings
    rows = []
    for cells in ws.iter_rows(min_row=start):
        row_number = cells[0].row
        by_column = {cell.column: cell for cell in cells}
        texts = {
            name: _text(by_column[i].value) if i in by_column else ""
            for name, i in text_columns.items()
        }
        budget_cell = by_column.get(columns[sheet.BUDGET])
        budget_value = None if budget_cell is None else budget_cell.value
        if isinstance(budget_value, str) and not budget_value.strip():
            budget_value = None
        months = 0
        for number, column in month_columns.items():
            cell = by_column.get(column)
            if (row_number, column) in merged_marks or (cell is not None and _has_mark(cell)):
                months |= 1 << (number - 1)
        all_text = [t for t in texts.values() if t]
        if not all_text and budget_value is None and not months:
            continue  # an empty row
        month_labels = sum(
            1
            for c in month_columns.values()
            if c in by_column and sheet.header_key(by_column[c].value) in sheet.MONTH_KEYS
        )
        if _is_name_header(texts.get(sheet.NAME)) or month_labels >= 6:
            continue  # the header repeated on a later page of the sheet
        first_text = next((_text(c.value) for c in cells if _text(c.value)), "")
        if budget_value is None:
            # Headings may be shaded across the month columns: their marks mean nothing.
            if _STRATEGY_HEADING.match(first_text) and len(first_text) > len("ยุทธศาสตร์"):
                current_strategy, current_program = first_text, ""
                continue
            program_heading = _PROGRAM_HEADING.match(first_text)
            if program_heading:
                current_program = program_heading.group(1)
                continue
        if _TOTALS.match(first_text) or _TOTALS.match(texts.get(sheet.NAME, "")):
            continue  # a totals row
        keys = (sheet.SEQUENCE, sheet.STRATEGY, sheet.PROGRAM)
        is_continuation = not any(texts.get(n) for n in keys)
        if budget_value is None and not months and numbered and rows and is_continuation:
            previous = rows[-1]
            for name in (
                sheet.NAME,
                sheet.DETAILS,
                sheet.LOCATION,
                sheet.DEPARTMENT,
                sheet.TARGET,
            ):
                if texts.get(name):
                    joined = f"{previous.texts.get(name, '')} {texts[name]}".strip()
                    previous.texts[name] = joined
            previous.joined_rows.append(row_number)
            continue
        rows.append(
            Row(
                row=row_number,
                texts=texts,
                budget_cell=budget_value,
                months=months,
                heading_strategy=current_strategy,
                heading_program=current_program,
            )
        )
    return rows


# --- matching against the organisation's data ----------------------------------------


def _strategy_key(text):
    text = re.sub(r"^\s*ยุทธศาสตร์\s*(ที่\s*\d+)?", "", text or "")
    return sheet.header_key(text).lower()


def _split_strategy(text):
    """'1. การพัฒนา…', 'ยุทธศาสตร์ที่ 1 …', '1' → (1, 'การพัฒนา…'); a bare name → (None, name)."""
    heading = _STRATEGY_HEADING.match(text)
    if heading:
        number = heading.group(1) or heading.group(2)
        return (int(number) if number else None), heading.group(3).strip()
    leading = _LEADING_NUMBER.match(text)
    if leading:
        return int(leading.group(1)), leading.group(2).strip()
    return None, text.strip()


def _department_key(text):
    key = sheet.header_key(text).lower()
    return key.replace("สำนักงานปลัด", "สำนักปลัด")


_SOURCE_KEYWORDS = (
    ("ไม่ใช้งบ", BudgetSourceKind.NO_BUDGET),
    ("จ่ายขาด", BudgetSourceKind.ACCUMULATED_FUND),
    ("ทุนสำรอง", BudgetSourceKind.RESERVE_FUND),
    ("อุดหนุนเฉพาะกิจ", BudgetSourceKind.SPECIFIC_GRANT),
    ("เงินกัน", BudgetSourceKind.CARRIED_OVER),
    ("โอน", BudgetSourceKind.TRANSFER),
    ("เพิ่มเติม", BudgetSourceKind.SUPPLEMENTARY),
    ("ข้อบัญญัติ", BudgetSourceKind.ANNUAL),
    ("เทศบัญญัติ", BudgetSourceKind.ANNUAL),
    ("รายจ่ายประจำปี", BudgetSourceKind.ANNUAL),
    ("หน่วยงานอื่น", BudgetSourceKind.OTHER_AGENCY),
)
_AGENCY_WORDS = ("อบจ", "กรม", "กระทรวง", "การไฟฟ้า", "การประปา", "สำนักงาน", "จังหวัด", "กองทุน")


class _Lookups:
    def __init__(self, organization):
        self.organization = organization
        self.programs = program_lookup()
        strategies = list(organization.strategies.all())
        self.strategy_by_number = {s.number: s for s in strategies}
        self.strategy_by_name = {_strategy_key(s.name): s for s in strategies}
        self.departments = {_department_key(d.name): d for d in organization.departments.all()}
        sources = list(
            BudgetSource.objects.filter(organization__in=[organization]).order_by("order")
        ) + list(BudgetSource.objects.filter(organization=None).order_by("order"))
        self.source_by_name = {}
        for source in sources:
            self.source_by_name.setdefault(sheet.header_key(source.name), source)
        self.reference_by_kind = {s.kind: s for s in sources if s.organization_id is None}


def _parse_budget(value):
    """Decimal or raise ValueError with a Thai message."""
    if isinstance(value, bool):
        raise ValueError("งบประมาณต้องเป็นจำนวนเงิน")
    if isinstance(value, int):
        return to_money(value)
    if isinstance(value, float):
        rounded = round(value, 2)
        if abs(value - rounded) > 1e-6:
            raise ValueError("งบประมาณมีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)")
        return to_money(f"{rounded:.2f}")
    text = _text(value).replace("บาท", "").strip()
    if text in {"-", "–", "—"}:
        return Decimal("0.00")
    try:
        return to_money(text)
    except (ValueError, TypeError):
        raise ValueError(f"งบประมาณ “{text}” ไม่ใช่จำนวนเงิน") from None


def _resolve(row: Row, lookups: _Lookups, preview: Preview, columns, create_strategies, sheet_name):
    def problem(message, column_name=None):
        column = columns.get(column_name) if column_name else None
        return Problem(message, row.row, column, column_name or "", sheet_name)

    if row.joined_rows:
        joined = ", ".join(str(n) for n in row.joined_rows)
        row.warnings.append(problem(f"รวมข้อความจากแถว {joined} (แถวต่อเนื่อง) เข้ากับโครงการนี้"))
    if not row.name:
        row.errors.append(problem("ต้องระบุชื่อโครงการ", sheet.NAME))
    if row.budget_cell is None:
        row.errors.append(problem("ต้องระบุงบประมาณ (ใส่ 0 สำหรับกิจกรรมที่ไม่ใช้งบประมาณ)", sheet.BUDGET))
    else:
        try:
            row.budget = _parse_budget(row.budget_cell)
        except ValueError as error:
            row.errors.append(problem(str(error), sheet.BUDGET))
        else:
            if row.budget < 0:
                row.errors.append(problem("งบประมาณต้องไม่ติดลบ", sheet.BUDGET))
    if not row.months:
        row.errors.append(
            Problem(
                "ต้องทำเครื่องหมายเดือนที่ดำเนินการอย่างน้อย 1 เดือน", row.row, None, MONTHS_LABEL, sheet_name
            )
        )

    strategy_text = row.text(sheet.STRATEGY) or row.heading_strategy
    if not strategy_text:
        row.errors.append(
            problem("ไม่ทราบยุทธศาสตร์ (ไม่มีคอลัมน์หรือหัวข้อยุทธศาสตร์ก่อนแถวนี้)", sheet.STRATEGY)
        )
    else:
        number, name = _split_strategy(strategy_text)
        found = lookups.strategy_by_number.get(number) if number else None
        if found is None and name:
            found = lookups.strategy_by_name.get(_strategy_key(name))
        if found is not None:
            row.strategy = found
        elif create_strategies:
            key = (number, name)
            existing = next(
                (
                    s
                    for s in preview.new_strategies
                    if (s[0] and s[0] == number) or _strategy_key(s[1]) == _strategy_key(name)
                ),
                None,
            )
            if existing is None:
                preview.new_strategies.append(key)
                existing = key
            row.new_strategy = existing
            if not name:
                row.errors.append(
                    problem(f"ยุทธศาสตร์ที่ {number} ยังไม่มีในระบบ และไม่มีชื่อให้สร้าง", sheet.STRATEGY)
                )
            elif len(name) > STRATEGY_NAME_LIMIT:
                row.errors.append(
                    problem(f"ชื่อยุทธศาสตร์ยาวเกิน {STRATEGY_NAME_LIMIT} ตัวอักษร", sheet.STRATEGY)
                )
            if number is not None and number < 1:
                row.errors.append(problem("ลำดับที่ของยุทธศาสตร์ต้องเริ่มที่ 1", sheet.STRATEGY))
        else:
            row.errors.append(
                problem(
                    f"ไม่พบยุทธศาสตร์ “{strategy_text}” ในระบบ "
                    "(เพิ่มที่หน้ายุทธศาสตร์ หรือเลือก “สร้างยุทธศาสตร์ที่ยังไม่มี”)",
                    sheet.STRATEGY,
                )
            )

    program_text = row.text(sheet.PROGRAM) or row.heading_program
    if not program_text:
        row.errors.append(problem("ไม่ทราบแผนงาน (ไม่มีคอลัมน์หรือหัวข้อแผนงานก่อนแถวนี้)", sheet.PROGRAM))
    else:
        heading = _PROGRAM_HEADING.match(program_text)
        row.program = match_program(heading.group(1) if heading else program_text, lookups.programs)
        if row.program is None:
            row.errors.append(problem(f"ไม่รู้จักแผนงาน “{program_text}”", sheet.PROGRAM))

    department_text = row.text(sheet.DEPARTMENT)
    if not department_text:
        row.errors.append(problem("ต้องระบุหน่วยงานรับผิดชอบหลัก", sheet.DEPARTMENT))
    else:
        key = _department_key(department_text)
        row.department = lookups.departments.get(key)
        if row.department is None:
            # "อบจ.พะเยา" and "อบจ. พะเยา" are one new agency, named as first written.
            known = {_department_key(name): name for name in preview.new_departments}
            row.new_department = known.get(key, department_text)
            if key not in known:
                preview.new_departments.append(department_text)
            row.warnings.append(
                problem(
                    f"หน่วยงาน “{department_text}” ยังไม่มีในระบบ จะเพิ่มเป็นหน่วยงานภายนอก",
                    sheet.DEPARTMENT,
                )
            )

    source_text = row.text(sheet.SOURCE)
    if not source_text:
        row.budget_source = lookups.reference_by_kind[BudgetSourceKind.ANNUAL]
    else:
        key = sheet.header_key(source_text)
        row.budget_source = lookups.source_by_name.get(key)
        if row.budget_source is None:
            kind = next((k for word, k in _SOURCE_KEYWORDS if word in key), None)
            if kind is None and len(source_text) > SOURCE_NAME_LIMIT:
                row.errors.append(
                    problem(f"ชื่อแหล่งงบประมาณยาวเกิน {SOURCE_NAME_LIMIT} ตัวอักษร", sheet.SOURCE)
                )
            elif kind is None and any(word in key for word in _AGENCY_WORDS):
                row.new_source = source_text
                if source_text not in preview.new_sources:
                    preview.new_sources.append(source_text)
                row.warnings.append(
                    problem(
                        f"แหล่งงบประมาณ “{source_text}” จะเพิ่มเป็นงบประมาณของหน่วยงานอื่น", sheet.SOURCE
                    )
                )
            elif kind is None:
                known = ", ".join(s.name for s in lookups.reference_by_kind.values())
                row.errors.append(
                    problem(f"ไม่รู้จักแหล่งงบประมาณ “{source_text}” ใช้ได้: {known}", sheet.SOURCE)
                )
            else:
                row.budget_source = lookups.reference_by_kind[kind]

    for name, limit in TEXT_LIMITS.items():
        if len(row.text(name)) > limit:
            row.errors.append(problem(f"ข้อความยาวเกิน {limit} ตัวอักษร", name))


def _count_rows(data: bytes) -> int:
    """Rows holding any value in the first sheet, counted lightly and only up to a limit.

    A full load keeps every cell in memory; a sheet of 200,000 rows would take
    minutes and gigabytes before being refused, so it is counted first.
    """
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            return 0
        count = 0
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if any(value not in (None, "") for value in row):
                count += 1
                if count > MAX_ROWS + 200:
                    break
        return count
    finally:
        workbook.close()


def read_projects(data: bytes, organization, *, create_strategies=False) -> Preview:
    """Parse a workbook against `organization`'s data. Writes nothing, never raises on bad files."""
    preview = Preview()
    if len(data) > MAX_BYTES:
        preview.file_errors.append(Problem("ไฟล์ใหญ่เกิน 10 MB"))
        return preview
    try:
        too_long = _count_rows(data) > MAX_ROWS + 200
        workbook = None if too_long else load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        preview.file_errors.append(
            Problem("ไฟล์นี้ไม่ใช่ไฟล์ Excel แบบ .xlsx (ถ้าเป็น .xls ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx)")
        )
        return preview
    if workbook is None or not workbook.worksheets:
        message = f"มีข้อมูลเกิน {MAX_ROWS:,} แถว กรุณาแบ่งเป็นหลายไฟล์" if too_long else "ไม่มีแผ่นงาน"
        preview.file_errors.append(Problem(message))
        return preview
    ws = workbook.worksheets[0]
    preview.sheet_name = ws.title
    header_row, *headings = _find_header(ws)
    if header_row is None:
        preview.file_errors.append(
            Problem("ไม่พบแถวหัวตาราง (แถวที่มีช่อง “โครงการ”) ในแผ่นงานแรก", sheet=ws.title)
        )
        return preview
    columns, month_columns, last_header = _map_columns(ws, header_row)
    missing = [name for name in (sheet.NAME, sheet.BUDGET, sheet.DEPARTMENT) if name not in columns]
    missing += [abbr for number, abbr in enumerate(sheet.MONTHS, 1) if number not in month_columns]
    for name in missing:
        preview.file_errors.append(
            Problem(f"ไม่พบคอลัมน์ “{name}” ในแถวหัวตาราง (แถว {header_row})", sheet=ws.title)
        )
    if missing:
        return preview
    filled_rows = sum(
        1 for row in ws.iter_rows(min_row=last_header + 1, values_only=True) if any(row)
    )
    if filled_rows > MAX_ROWS:
        preview.file_errors.append(
            Problem(f"มีข้อมูลเกิน {MAX_ROWS:,} แถว กรุณาแบ่งเป็นหลายไฟล์", sheet=ws.title)
        )
        return preview
    lookups = _Lookups(organization)
    preview.rows = _read_rows(ws, columns, month_columns, last_header + 1, headings)
    if not preview.rows:
        preview.file_errors.append(Problem("ไม่พบโครงการใต้แถวหัวตาราง", sheet=ws.title))
    for row in preview.rows:
        _resolve(row, lookups, preview, columns, create_strategies, ws.title)
    return preview


# --- the write path ------------------------------------------------------------------


@transaction.atomic
def import_projects(
    plan: Plan, data: bytes, *, by, create_strategies=False, replace=False, dry_run=False
) -> Preview:
    """Import every row of the workbook into a draft plan, or nothing.

    Raises PermissionDenied (not a planner, or the plan is not a draft) and
    ImportFailed (any error in the file; `.preview` lists them all). With
    `dry_run` it checks and returns the preview without writing. With `replace`
    the plan's existing projects are removed first (in the same transaction).
    """
    plan = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if not permissions.can_manage_plan(by, plan):
        raise PermissionDenied(
            "แผนนี้ไม่ได้อยู่ในสถานะร่าง จึงนำเข้าไม่ได้" if not plan.is_editable else PLANNERS_ONLY
        )
    organization = plan.organization
    preview = read_projects(data, organization, create_strategies=create_strategies)
    if not preview.ok:
        raise ImportFailed(preview)
    if dry_run:
        return preview
    try:
        with transaction.atomic():
            _write(plan, organization, preview, by, replace)
    except ValidationError as error:
        # A rule the preview did not foresee: report it, write nothing.
        preview.file_errors.extend(Problem(message) for message in error.messages)
        raise ImportFailed(preview) from None
    return preview


def _write(plan, organization, preview, by, replace):

    # New strategies keep the number the file gave; unnumbered ones follow the highest.
    numbers = [n for n, _ in preview.new_strategies if n] + [
        organization.strategies.aggregate(n=Max("number"))["n"] or 0
    ]
    next_number = max(numbers) + 1
    created_strategies = {}
    for key in preview.new_strategies:
        number, name = key
        if number is None:
            number, next_number = next_number, next_number + 1
        strategy = Strategy(organization=organization, number=number, name=name)
        strategy.full_clean()
        strategy.save()
        created_strategies[key] = strategy

    departments = {}
    order = (organization.departments.aggregate(n=Max("order"))["n"] or 0) + 1
    for index, name in enumerate(preview.new_departments):
        department = Department(
            organization=organization, name=name, kind=DepartmentKind.EXTERNAL, order=order + index
        )
        department.full_clean()
        department.save()
        departments[name] = department

    sources = {}
    for name in preview.new_sources:
        source = BudgetSource(
            organization=organization, kind=BudgetSourceKind.OTHER_AGENCY, name=name
        )
        source.full_clean()
        source.save()
        sources[name] = source

    if replace:
        plan.projects.all().delete()
    orders = {
        (row["strategy"], row["program"]): row["last"]
        for row in plan.projects.values("strategy", "program").annotate(last=Max("order"))
    }
    user = author(by)
    projects = []
    for row in preview.rows:
        strategy = row.strategy or created_strategies[row.new_strategy]
        key = (strategy.pk, row.program.pk)
        orders[key] = orders.get(key, 0) + 1
        projects.append(
            Project(
                plan=plan,
                strategy=strategy,
                program=row.program,
                name=row.name,
                details=row.text(sheet.DETAILS),
                budget=row.budget,
                budget_source=row.budget_source or sources[row.new_source],
                location=row.text(sheet.LOCATION),
                department=row.department or departments[row.new_department],
                months=row.months,
                is_equipment=row.is_equipment,
                equipment_type=row.text(sheet.EQUIPMENT_TYPE),
                equipment_category=row.text(sheet.EQUIPMENT_CATEGORY),
                target=row.text(sheet.TARGET),
                development_plan_ref=row.text(sheet.DEVELOPMENT_PLAN),
                order=orders[key],
                updated_by=user,
            )
        )
    Project.objects.bulk_create(projects, batch_size=NEW_PROJECT_BATCH)
