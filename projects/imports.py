"""Importing the ผด.02 spreadsheet: read → preview with every problem → import all or nothing.

`read_projects` parses a workbook against an organisation's data and writes
nothing; `import_projects` is the one write path (page and command). Both read
OpPlan's own export and the sheets officers really keep: title rows above the
header, "1. ยุทธศาสตร์…" / "1.1 แผนงาน…" heading rows, continuation rows,
numbers as text, Thai digits, merged or shaded month cells.

Names are kept word for word (docs/adr/0017): a heading or cell loses only its
label ("1.", "ยุทธศาสตร์", "ยุทธศาสตร์ที่ 3", "1.1"), and a strategy, department or
budget source the organisation lacks is created only when the user ticks it.

The file is read through uploads.workbooks: inspected and refused in Thai before any
parsing when it would exceed the limits written there, then streamed in openpyxl's
read-only mode (merged ranges come from the inspection: read-only mode has none).
"""

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field
from dataclasses import replace as replaced
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from openpyxl.utils import get_column_letter

from accounts.models import Department, DepartmentKind
from budget.models import BudgetSource, BudgetSourceKind
from budget.programs import match_program, program_lookup
from projects import permissions
from projects import spreadsheet as sheet
from projects.editing import PLANNERS_ONLY, author
from projects.models import Plan, Project, Strategy
from projects.months import describe as describe_months
from thai.format import MONEY_LIMIT, arabic_digits, format_money, to_money
from thai.glyphs import undrawable_message
from uploads import workbooks

MAX_ROWS = 5000
MAX_BYTES = workbooks.MAX_FILE_BYTES
MONTHS_LABEL = "ต.ค. – ก.ย."
STRATEGY_NAME_LIMIT = 300
SOURCE_NAME_LIMIT = 200
# The longest text each column may hold (the first five are the database's own limits
# for their fields; the others bound what one cell can make the importer keep). A cell
# is read only this far and one character more: enough to say it is too long.
TEXT_LIMITS = {
    sheet.NAME: 500,
    sheet.LOCATION: 300,
    sheet.DEPARTMENT: 200,
    sheet.EQUIPMENT_TYPE: 200,
    sheet.EQUIPMENT_CATEGORY: 200,
    sheet.TARGET: 500,
    sheet.DEVELOPMENT_PLAN: 300,
    sheet.DETAILS: 3_000,
    sheet.STRATEGY: 400,
    sheet.PROGRAM: 300,
    sheet.SOURCE: 300,
    sheet.SEQUENCE: 50,
}
# Headers, month labels, heading rows and totals rows are short: a longer text is none
# of them (and is not run through their patterns).
HEADER_TEXT_LIMIT = 200
HEADING_TEXT_LIMIT = 1_000
# The columns whose text a project keeps and the documents print: a character the print
# font cannot draw is refused there, as the forms refuse it (thai.glyphs). The strategy
# (a column or a heading) is checked where it is read; ที่ and แผนงาน are only matched.
PRINTED_COLUMNS = tuple(
    name for name in TEXT_LIMITS if name not in (sheet.STRATEGY, sheet.PROGRAM, sheet.SEQUENCE)
)
QUOTED_TEXT_LIMIT = 60  # how much of a file's text a message quotes
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


# What a name the organisation does not have yet is, in messages and on the preview page.
STRATEGY_NEW = "strategy"
DEPARTMENT_NEW = "department"
SOURCE_NEW = "source"
NEW_SORTS = {STRATEGY_NEW: "ยุทธศาสตร์", DEPARTMENT_NEW: "หน่วยงาน", SOURCE_NEW: "แหล่งงบประมาณ"}
NOT_FOUND = "ไม่พบ{what} “{name}” ในระบบ"
# What to do about it: the preview offers the “สร้างใหม่” boxes only when nothing but ticks
# stands in the way (Preview.can_confirm); otherwise the file is corrected and uploaded again.
TICK_TO_CREATE = "ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม"
FIX_FIRST = "แก้ข้อผิดพลาดอื่นในไฟล์แล้วอัปโหลดใหม่ จึงจะเลือกสร้างใหม่ได้"
ROWS_SHOWN = 10


@dataclass
class NewName:
    """A strategy, department or budget source the file names and the organisation lacks.

    It is created, exactly as first written (outer spaces trimmed), only when
    ticked; until then every row using it is an error.
    """

    sort: str
    name: str
    key: str  # identifies it between the preview and the confirm ("department:กองช่างโยธา")
    number: int | None = None  # a strategy's number in the file (None: after the highest)
    kind: str = ""  # a department: DepartmentKind (the tick's choice, or as the name suggests)
    rows: list = field(default_factory=list)
    ticked: bool = False

    @property
    def sort_label(self):
        return NEW_SORTS[self.sort]

    @property
    def label(self):
        """How the preview and the messages name it: "ยุทธศาสตร์ที่ 3 “ด้านการศึกษา”"."""
        if self.sort == STRATEGY_NEW and self.number is not None:
            return f"ยุทธศาสตร์ที่ {self.number} “{self.name}”"
        return f"{self.sort_label} “{self.name}”"

    @property
    def kind_label(self):
        return DepartmentKind(self.kind).label if self.kind else ""

    @property
    def rows_text(self):
        shown = ", ".join(str(n) for n in self.rows[:ROWS_SHOWN])
        more = len(self.rows) - ROWS_SHOWN
        return f"{shown} และอีก {more} แถว" if more > 0 else shown


@dataclass(frozen=True)
class CreateNew:
    """Which new names to create: ticked one by one (`keys`) or every one of a sort (`sorts`).

    `department_kinds` maps a new department's key to a DepartmentKind; one not
    in it, or given an unknown kind, gets the kind its name suggests.
    """

    keys: frozenset = frozenset()
    sorts: frozenset = frozenset()
    department_kinds: dict = field(default_factory=dict, hash=False)

    def allows(self, new: NewName) -> bool:
        return new.sort in self.sorts or new.key in self.keys

    def department_kind(self, new: NewName) -> str:
        kind = self.department_kinds.get(new.key)
        return kind if kind in DepartmentKind.values else guess_department_kind(new.name)


NOTHING_NEW = CreateNew()


def guess_department_kind(name: str) -> str:
    """Internal for a กอง or สำนัก of the organisation, external for any other body.

    "สำนักงาน…" is an outside office (สำนักงานเกษตรอำเภอ) except สำนักงานปลัด. Only a
    default: the preview asks, and the department page can change it later.
    """
    key = _department_key(name)  # สำนักงานปลัด reads as สำนักปลัด
    if key.startswith("สำนักงาน"):
        return DepartmentKind.EXTERNAL
    if key.startswith(("กอง", "สำนัก", "หน่วยตรวจสอบภายใน")):
        return DepartmentKind.INTERNAL
    return DepartmentKind.EXTERNAL


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
    new_strategy: NewName | None = None
    program: object = None
    department: Department | None = None
    new_department: NewName | None = None
    budget_source: BudgetSource | None = None
    new_source: NewName | None = None
    errors: list = field(default_factory=list)
    unticked: list = field(default_factory=list)  # errors that ticking a new name removes
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
    """What an import would do: every row with its problems, and the new names it would create."""

    sheet_name: str = ""
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    found_names: list = field(default_factory=list)  # NewNames in the order the file uses them
    columns: dict = field(default_factory=dict)  # canonical column name → its index in the sheet

    @property
    def errors(self):
        return self.file_errors + [e for row in self.rows for e in row.errors + row.unticked]

    @property
    def blocking_errors(self):
        """Errors that only a corrected file removes (not a tick on the preview)."""
        return self.file_errors + [e for row in self.rows for e in row.errors]

    @property
    def unticked(self):
        return [e for row in self.rows for e in row.unticked]

    @property
    def warnings(self):
        return [w for row in self.rows for w in row.warnings]

    @property
    def ok(self):
        return not self.errors

    @property
    def can_confirm(self):
        """Nothing but ticks stands between this preview and an import."""
        return bool(self.rows) and not self.blocking_errors

    @property
    def new_names(self):
        """Strategies, then departments, then budget sources, each in the file's order."""
        return [new for sort in NEW_SORTS for new in self.found_names if new.sort == sort]

    def _of(self, sort):
        return [new for new in self.found_names if new.sort == sort]

    @property
    def new_strategies(self):
        return self._of(STRATEGY_NEW)

    @property
    def new_departments(self):
        return self._of(DEPARTMENT_NEW)

    @property
    def new_sources(self):
        return self._of(SOURCE_NEW)

    @property
    def total_budget(self):
        return sum((r.budget or Decimal("0") for r in self.rows), Decimal("0"))


class ImportFailed(Exception):
    """The file has errors; nothing was imported. `preview` lists them."""

    def __init__(self, preview):
        super().__init__(f"{len(preview.errors)} errors")
        self.preview = preview


# --- reading the workbook -----------------------------------------------------------

# A strategy heading or ยุทธศาสตร์ cell loses only its label, never a word of the name:
# the forms print "{number}. ยุทธศาสตร์{name}" (reports/labels.py), so the heading
# "1. ยุทธศาสตร์การพัฒนาด้าน…" names "การพัฒนาด้าน…". The label is an optional "1." or "1",
# then "ยุทธศาสตร์", or "ยุทธศาสตร์ที่ 3" (also "ยุทธศาสตร์การพัฒนาที่ 3": there a number
# follows, so "การพัฒนา" is part of the label), then an optional ":", "." or "-".
# \d also matches Thai digits (๓), and int() reads them.
_STRATEGY_LABEL = re.compile(
    r"^\s*(?:(\d+)\s*[.)]?\s*)?ยุทธศาสตร์(?:(?:การพัฒนา)?\s*ที่\s*(\d+))?\s*[:.\-–]?\s*(.*)$",
    re.DOTALL,
)
_NUMBER_LABEL = re.compile(r"^\s*(\d+)\s*(?:[.)]\s*)?(.*)$", re.DOTALL)
# "1.1 แผนงาน…", "1.3. แผนงาน…", "แผนงาน…": any such line is a heading, known or not.
_PROGRAM_HEADING = re.compile(r"^\s*(?:\d+\s*\.\s*\d+\s*\.?\s*)?(แผนงาน.*)$", re.DOTALL)
# Totals rows: "รวม", "รวมทั้งสิ้น", "รวม 12 โครงการ" (not a project named "รวมพลัง…").
_TOTALS = re.compile(r"^\s*รวม(?:ทั้งสิ้น)?(?:\s.*)?$", re.DOTALL)
# Columns naming things the organisation keeps: read as written, Thai digits included.
_NAME_COLUMNS = frozenset({sheet.STRATEGY, sheet.PROGRAM, sheet.DEPARTMENT, sheet.SOURCE})


def split_strategy(text: str) -> tuple[int | None, str]:
    """The number and the name in a strategy heading or cell; only the label goes.

    "1. ยุทธศาสตร์การพัฒนาด้าน…" → (1, "การพัฒนาด้าน…"), "ยุทธศาสตร์ที่ ๓ ด้านการศึกษา" →
    (3, "ด้านการศึกษา"), "1" → (1, ""), a bare name → (None, name). The name keeps its
    inner spaces and digits; only outer whitespace is trimmed.
    """
    labelled = _STRATEGY_LABEL.match(text)
    if labelled:
        number, name = labelled.group(1) or labelled.group(2), labelled.group(3)
    else:
        numbered = _NUMBER_LABEL.match(text)
        number, name = (numbered.group(1), numbered.group(2)) if numbered else (None, text)
    return (int(number) if number else None), name.strip()


def _is_strategy_heading(text) -> bool:
    """ "1. ยุทธศาสตร์…", "ยุทธศาสตร์ที่ 2 …", "ยุทธศาสตร์การพัฒนา…"; not a bare "ยุทธศาสตร์"."""
    labelled = _STRATEGY_LABEL.match(text)
    return bool(labelled) and any(labelled.groups())


def _raw(value) -> str:
    """A cell's text as written, outer whitespace trimmed."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _text(value) -> str:
    """A cell's text with Thai digits written as Arabic ones (projects' own texts, amounts)."""
    return arabic_digits(_raw(value))


def _column_text(value, name) -> str:
    """The text of a cell in column `name`, at most one character past its limit."""
    text = _raw(value)[: TEXT_LIMITS.get(name, HEADING_TEXT_LIMIT) + 1]
    return text if name in _NAME_COLUMNS else arabic_digits(text)


def _quoted(text) -> str:
    """A file's text as a message quotes it: “…”, cut short when long."""
    if len(text) > QUOTED_TEXT_LIMIT:
        text = text[:QUOTED_TEXT_LIMIT] + "…"
    return f"“{text}”"


def _header_key(value) -> str:
    if isinstance(value, str) and len(value) > HEADER_TEXT_LIMIT:
        return ""
    return sheet.header_key(value)


def _heading(text) -> str:
    """A row's first text if it may be a heading or totals row ("" when too long for one)."""
    return text if len(text) <= HEADING_TEXT_LIMIT else ""


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
    return sheet.HEADER_ALIASES.get(_header_key(value)) == sheet.NAME


def _first_text(cells) -> str:
    return next((_raw(c.value) for c in cells if c.value is not None and _raw(c.value)), "")


def _find_header(ws):
    """The header row, and the strategy/แผนงาน headings printed above it (if any)."""
    strategy = program = ""
    for number, cells in ws.rows(max_row=200):
        if any(_is_name_header(cell.value) for cell in cells if cell.value is not None):
            return number, strategy, program
        first_text = _heading(_first_text(cells))
        if _is_strategy_heading(first_text):
            strategy, program = first_text, ""
        elif _PROGRAM_HEADING.match(first_text):
            program = _PROGRAM_HEADING.match(first_text).group(1)
    return None, "", ""


def _map_columns(ws, header_row):
    """Column index per canonical name, and the last header row (month labels may sit lower)."""
    columns, months, last = {}, {}, header_row
    for number, cells in ws.rows(max_row=header_row + 2):
        if number < header_row:
            continue
        for column, cell in enumerate(cells, start=1):
            if cell.value is None:
                continue
            key = _header_key(cell.value)
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
            if name is not None and name not in columns and number == header_row:
                columns[name] = column
            month = sheet.MONTH_KEYS.get(key)
            if month is not None and month not in months:
                months[month] = column
                last = max(last, number)
    return columns, months, last


class _MergedMarks:
    """For each row, fed in order from the first: the months marked by a merged range
    that starts with a mark (a bar drawn by merging), and the month cells a range covers
    (their own value or fill is hidden by the merge, as Excel shows it).

    Read-only sheets have no merged cells: the ranges come from the inspection. Counting
    the ranges open over each month keeps the work linear in rows plus ranges, however
    tall or many they are.
    """

    def __init__(self, merged, month_columns):
        self.starting = defaultdict(list)  # row → [(first column, last row, months, own month)]
        for min_col, min_row, max_col, max_row in merged:
            bits = own = 0
            for month, column in month_columns.items():
                if min_col <= column <= max_col:
                    bits |= 1 << (month - 1)
                if column == min_col:
                    own = 1 << (month - 1)
            if bits:
                self.starting[min_row].append((min_col, max_row, bits, own))
        self.marking = [0] * 12  # ranges starting with a mark, open over each month
        self.covering = [0] * 12  # all ranges open over each month
        self.ending = []  # heap of (last row, months, marking)

    @staticmethod
    def _count(counts, bits, step):
        for month in range(12):
            if bits >> month & 1:
                counts[month] += step

    def months(self, number, cells) -> tuple[int, int]:
        """(months marked, months covered) of row `number`, whose cells are `cells`."""
        while self.ending and self.ending[0][0] < number:
            _, bits, marking = heapq.heappop(self.ending)
            self._count(self.covering, bits, -1)
            if marking:
                self._count(self.marking, bits, -1)
        top_lefts = 0
        for min_col, max_row, bits, own in self.starting.pop(number, ()):
            top_left = _cell(cells, min_col)
            marking = top_left.value not in (None, "") or _has_mark(top_left)
            self._count(self.covering, bits, +1)
            if marking:
                self._count(self.marking, bits, +1)
            top_lefts |= own
            heapq.heappush(self.ending, (max_row, bits, marking))
        marked = sum(1 << month for month in range(12) if self.marking[month])
        covered = sum(1 << month for month in range(12) if self.covering[month]) & ~top_lefts
        return marked, covered


def _cell(cells, column):
    return cells[column - 1] if 0 < column <= len(cells) else workbooks.EMPTY


def _read_rows(ws, columns, month_columns, start, headings):
    """Raw rows: heading rows set the current strategy/แผนงาน; continuation rows extend the last.

    A continuation row (no ที่, no budget, no month, text only) is joined to the
    project above, but only in sheets that number their rows in a ที่ column;
    each join is reported as a warning in the preview. Returns None when more than
    MAX_ROWS rows below the header hold a value, or would be read as projects (it
    stops reading there).
    """
    merged = _MergedMarks(ws.merged, month_columns)
    text_columns = {name: index for name, index in columns.items() if name != sheet.BUDGET}
    numbered = sheet.SEQUENCE in columns
    current_strategy, current_program = headings
    rows = []
    filled = 0
    for row_number, cells in ws.rows():
        merged_months, covered = merged.months(row_number, cells)
        if row_number < start:
            continue
        if any(cell.value for cell in cells):
            filled += 1
            if filled > MAX_ROWS:
                return None
        texts = {
            name: _column_text(_cell(cells, i).value, name) for name, i in text_columns.items()
        }
        budget_value = _cell(cells, columns[sheet.BUDGET]).value
        if isinstance(budget_value, str) and not budget_value.strip():
            budget_value = None
        months = merged_months
        for number, column in month_columns.items():
            bit = 1 << (number - 1)
            if not covered & bit and _has_mark(_cell(cells, column)):
                months |= bit
        all_text = [t for t in texts.values() if t]
        if not all_text and budget_value is None and not months:
            continue  # an empty row
        month_labels = sum(
            1
            for c in month_columns.values()
            if _header_key(_cell(cells, c).value) in sheet.MONTH_KEYS
        )
        if _is_name_header(texts.get(sheet.NAME)) or month_labels >= 6:
            continue  # the header repeated on a later page of the sheet
        first_text = _heading(_first_text(cells))
        if budget_value is None:
            # Headings may be shaded across the month columns: their marks mean nothing.
            if _is_strategy_heading(first_text):
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
                    previous.texts[name] = joined[: TEXT_LIMITS[name] + 1]
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
        if len(rows) > MAX_ROWS:  # rows marked only by merged ranges count too
            return None
    return rows


# --- matching against the organisation's data ----------------------------------------


def _strategy_key(name):
    """For matching only: no spaces, Arabic digits, no leading "ยุทธศาสตร์" (a stored name may)."""
    return sheet.header_key(arabic_digits(name or "")).lower().removeprefix("ยุทธศาสตร์")


def _department_key(text):
    key = sheet.header_key(arabic_digits(text or "")).lower()
    return key.replace("สำนักงานปลัด", "สำนักปลัด")


def _source_key(text):
    return sheet.header_key(arabic_digits(text or ""))


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
            self.source_by_name.setdefault(_source_key(source.name), source)
        self.reference_by_kind = {s.kind: s for s in sources if s.organization_id is None}


class _Resolver:
    """Matches each row's text to the organisation's data, one column at a time.

    A name the organisation lacks becomes one NewName (however often or however
    spaced it is written); rows using it carry an `unticked` error until it is ticked.
    """

    def __init__(self, lookups, preview, columns, create, sheet_name):
        self.lookups = lookups
        self.preview = preview
        self.columns = columns
        self.create = create
        self.sheet_name = sheet_name
        self.new_by_key = {}
        self.renamed = set()  # (strategy pk, name key) pairs already warned about

    def problem(self, row, message, column_name=None):
        column = self.columns.get(column_name) if column_name else None
        return Problem(message, row.row, column, column_name or "", self.sheet_name)

    def resolve(self, row: Row):
        if row.joined_rows:
            joined = ", ".join(str(n) for n in row.joined_rows)
            row.warnings.append(
                self.problem(row, f"รวมข้อความจากแถว {joined} (แถวต่อเนื่อง) เข้ากับโครงการนี้")
            )
        if not row.name:
            row.errors.append(self.problem(row, "ต้องระบุชื่อโครงการ", sheet.NAME))
        self.budget(row)
        self.months(row)
        self.strategy(row)
        self.program(row)
        self.department(row)
        self.source(row)
        for name, limit in TEXT_LIMITS.items():
            if len(row.text(name)) > limit:
                row.errors.append(self.problem(row, f"ข้อความยาวเกิน {limit:,} ตัวอักษร", name))
            elif name in PRINTED_COLUMNS:
                self.undrawable(row, row.text(name), name)

    def undrawable(self, row, text, column_name) -> bool:
        """Whether `text` has characters the print font cannot draw (then an error on `row`)."""
        message = undrawable_message(text)
        if message:
            row.errors.append(self.problem(row, message, column_name))
        return bool(message)

    def new_name(self, row, sort, key, name, column_name, **fields):
        """The NewName for `key` (made on first use); an `unticked` error on `row` unless ticked."""
        new = self.new_by_key.get(key)
        if new is None:
            new = NewName(sort=sort, name=name, key=key, **fields)
            new.ticked = self.create.allows(new)
            if sort == DEPARTMENT_NEW:
                new.kind = self.create.department_kind(new)
            self.new_by_key[key] = new
            self.preview.found_names.append(new)
        new.rows.append(row.row)
        if not new.ticked:
            what = new.sort_label
            if new.number is not None:
                what += f"ที่ {new.number}"
            row.unticked.append(
                self.problem(row, NOT_FOUND.format(what=what, name=name), column_name)
            )
        return new

    def budget(self, row):
        if row.budget_cell is None:
            row.errors.append(
                self.problem(row, "ต้องระบุงบประมาณ (ใส่ 0 สำหรับกิจกรรมที่ไม่ใช้งบประมาณ)", sheet.BUDGET)
            )
            return
        try:
            row.budget = _parse_budget(row.budget_cell)
        except ValueError as error:
            row.errors.append(self.problem(row, str(error), sheet.BUDGET))
        else:
            if row.budget < 0:
                row.errors.append(self.problem(row, "งบประมาณต้องไม่ติดลบ", sheet.BUDGET))

    def months(self, row):
        if not row.months:
            message = "ต้องทำเครื่องหมายเดือนที่ดำเนินการอย่างน้อย 1 เดือน"
            row.errors.append(Problem(message, row.row, None, MONTHS_LABEL, self.sheet_name))

    def strategy(self, row):
        text = row.text(sheet.STRATEGY) or row.heading_strategy
        if not text:
            message = "ไม่ทราบยุทธศาสตร์ (ไม่มีคอลัมน์หรือหัวข้อยุทธศาสตร์ก่อนแถวนี้)"
            row.errors.append(self.problem(row, message, sheet.STRATEGY))
            return
        if self.undrawable(row, text, sheet.STRATEGY):
            return
        number, name = split_strategy(text)
        found = self.lookups.strategy_by_number.get(number) if number else None
        if found is not None:
            self.warn_if_renamed(row, found, name)
        elif name:
            found = self.lookups.strategy_by_name.get(_strategy_key(name))
        if found is not None:
            row.strategy = found
            return
        if not name:
            message = f"ยุทธศาสตร์ที่ {number} ยังไม่มีในระบบ และไม่มีชื่อให้สร้าง"
            row.errors.append(self.problem(row, message, sheet.STRATEGY))
        elif len(name) > STRATEGY_NAME_LIMIT:
            message = f"ชื่อยุทธศาสตร์ยาวเกิน {STRATEGY_NAME_LIMIT} ตัวอักษร"
            row.errors.append(self.problem(row, message, sheet.STRATEGY))
        elif number is not None and number < 1:
            message = "ลำดับที่ของยุทธศาสตร์ต้องเริ่มที่ 1"
            row.errors.append(self.problem(row, message, sheet.STRATEGY))
        else:
            self.new_strategy(row, number, name)

    def new_strategy(self, row, number, name):
        key = f"{STRATEGY_NEW}:{_strategy_key(name)}"
        same_number = next(
            (n for n in self.preview.new_strategies if number and n.number == number), None
        )
        if same_number is not None and same_number.key != key:
            message = (
                f"ยุทธศาสตร์ที่ {number} ในไฟล์มีสองชื่อ: “{same_number.name}” "
                f"(แถว {same_number.rows[0]}) และ “{name}”"
            )
            row.errors.append(self.problem(row, message, sheet.STRATEGY))
            return
        known = self.new_by_key.get(key)
        if known is not None and number is not None and known.number not in (None, number):
            message = f"ยุทธศาสตร์ “{name}” ในไฟล์มีสองลำดับที่: {known.number} และ {number}"
            row.errors.append(self.problem(row, message, sheet.STRATEGY))
            return
        if known is not None and known.number is None:
            known.number = number
        row.new_strategy = self.new_name(
            row, STRATEGY_NEW, key, name, sheet.STRATEGY, number=number
        )

    def warn_if_renamed(self, row, strategy, name):
        """The file numbers an existing strategy but names it differently: say which is used."""
        key = _strategy_key(name)
        if not name or key == _strategy_key(strategy.name) or (strategy.pk, key) in self.renamed:
            return
        self.renamed.add((strategy.pk, key))
        message = (
            f"ชื่อในไฟล์ {_quoted(name)} ไม่ตรงกับยุทธศาสตร์ที่ {strategy.number} ในระบบ "
            f"“{strategy.name}” จะใช้ยุทธศาสตร์ในระบบ"
        )
        row.warnings.append(self.problem(row, message, sheet.STRATEGY))

    def program(self, row):
        text = row.text(sheet.PROGRAM) or row.heading_program
        if not text:
            message = "ไม่ทราบแผนงาน (ไม่มีคอลัมน์หรือหัวข้อแผนงานก่อนแถวนี้)"
            row.errors.append(self.problem(row, message, sheet.PROGRAM))
            return
        heading = _PROGRAM_HEADING.match(text)
        row.program = match_program(heading.group(1) if heading else text, self.lookups.programs)
        if row.program is None:
            row.errors.append(self.problem(row, f"ไม่รู้จักแผนงาน {_quoted(text)}", sheet.PROGRAM))

    def department(self, row):
        text = row.text(sheet.DEPARTMENT)
        if not text:
            row.errors.append(self.problem(row, "ต้องระบุหน่วยงานรับผิดชอบหลัก", sheet.DEPARTMENT))
            return
        key = _department_key(text)
        row.department = self.lookups.departments.get(key)
        if row.department is None and len(text) <= TEXT_LIMITS[sheet.DEPARTMENT]:
            if undrawable_message(text):
                return  # refused below, with the other printed columns
            # "อบจ.พะเยา" and "อบจ. พะเยา" are one new agency, named as first written.
            key = f"{DEPARTMENT_NEW}:{key}"
            row.new_department = self.new_name(row, DEPARTMENT_NEW, key, text, sheet.DEPARTMENT)

    def source(self, row):
        text = row.text(sheet.SOURCE)
        if not text:
            row.budget_source = self.lookups.reference_by_kind[BudgetSourceKind.ANNUAL]
            return
        key = _source_key(text)
        row.budget_source = self.lookups.source_by_name.get(key)
        if row.budget_source is not None:
            return
        kind = next((k for word, k in _SOURCE_KEYWORDS if word in key), None)
        if kind is not None:
            row.budget_source = self.lookups.reference_by_kind[kind]
        elif len(text) > SOURCE_NAME_LIMIT:
            message = f"ชื่อแหล่งงบประมาณยาวเกิน {SOURCE_NAME_LIMIT} ตัวอักษร"
            row.errors.append(self.problem(row, message, sheet.SOURCE))
        elif undrawable_message(text):
            return  # refused below, with the other printed columns
        else:
            # Every other kind is recognised by its words: a new name is another body's budget.
            key = f"{SOURCE_NEW}:{key}"
            row.new_source = self.new_name(row, SOURCE_NEW, key, text, sheet.SOURCE)


def _parse_budget(value):
    """Decimal or raise ValueError with a Thai message."""
    if isinstance(value, bool):
        raise ValueError("งบประมาณต้องเป็นจำนวนเงิน")
    if isinstance(value, int):
        return _money(value, f"{value:,}")
    if isinstance(value, float):
        rounded = round(value, 2)
        if abs(value - rounded) > 1e-6:
            raise ValueError("งบประมาณมีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)")
        return _money(f"{rounded:.2f}", f"{rounded:,.2f}")
    text = _raw(value)
    if len(text) > HEADER_TEXT_LIMIT:
        raise ValueError(f"งบประมาณ {_quoted(text)} ไม่ใช่จำนวนเงิน")
    amount = arabic_digits(text).replace("บาท", "").strip()
    if amount in {"-", "–", "—"}:
        return Decimal("0.00")
    return _money(amount, text)  # a refusal quotes the cell as written ("หนึ่งแสนบาท")


def _money(value, shown):
    """to_money(value), its refusal naming the cell as the file has it."""
    try:
        return to_money(value)
    except (ValueError, TypeError):
        pass
    try:
        amount = Decimal(str(value).replace(",", ""))
    except ArithmeticError:
        amount = None
    if amount is not None and amount.is_finite():
        if abs(amount) >= MONEY_LIMIT:
            largest = format_money(MONEY_LIMIT - Decimal("0.01"))
            raise ValueError(f"งบประมาณ {_quoted(shown)} เกินจำนวนที่บันทึกได้ (ไม่เกิน {largest} บาท)")
        raise ValueError("งบประมาณมีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)")
    raise ValueError(f"งบประมาณ {_quoted(shown)} ไม่ใช่จำนวนเงิน")


def parse_projects(data: bytes) -> Preview:
    """The workbook's rows as written, before matching them to an organisation's data.

    Reads no database and never raises on a bad file: a refused or unreadable file
    becomes `file_errors` (Thai, located as precisely as the file allows) and no rows.
    """
    preview = Preview()
    try:
        with workbooks.open_sheet(data) as ws:
            preview.sheet_name = ws.title
            _parse_sheet(ws, preview)
    except workbooks.Refused as refusal:
        problem = Problem(refusal.message, refusal.row, refusal.column, sheet=refusal.sheet)
        preview.file_errors.append(problem)
        preview.rows = []
    return preview


def _parse_sheet(ws, preview):
    header_row, *headings = _find_header(ws)
    if header_row is None:
        preview.file_errors.append(
            Problem("ไม่พบแถวหัวตาราง (แถวที่มีช่อง “โครงการ”) ในแผ่นงานแรก", sheet=ws.title)
        )
        return
    columns, month_columns, last_header = _map_columns(ws, header_row)
    missing = [name for name in (sheet.NAME, sheet.BUDGET, sheet.DEPARTMENT) if name not in columns]
    missing += [abbr for number, abbr in enumerate(sheet.MONTHS, 1) if number not in month_columns]
    for name in missing:
        preview.file_errors.append(
            Problem(f"ไม่พบคอลัมน์ “{name}” ในแถวหัวตาราง (แถว {header_row})", sheet=ws.title)
        )
    if missing:
        return
    preview.columns = columns
    rows = _read_rows(ws, columns, month_columns, last_header + 1, headings)
    if rows is None:
        preview.file_errors.append(
            Problem(f"มีข้อมูลเกิน {MAX_ROWS:,} แถว กรุณาแบ่งเป็นหลายไฟล์", sheet=ws.title)
        )
        return
    preview.rows = rows
    if not rows:
        preview.file_errors.append(Problem("ไม่พบโครงการใต้แถวหัวตาราง", sheet=ws.title))


def resolve_projects(preview: Preview, organization, *, create: CreateNew = NOTHING_NEW) -> Preview:
    """Match a parsed preview's rows to `organization`'s data (reads, never writes)."""
    lookups = _Lookups(organization)
    resolver = _Resolver(lookups, preview, preview.columns, create, preview.sheet_name)
    for row in preview.rows:
        resolver.resolve(row)
    hint = TICK_TO_CREATE if preview.can_confirm else FIX_FIRST
    for row in preview.rows:
        row.unticked = [replaced(p, message=f"{p.message} — {hint}") for p in row.unticked]
    return preview


def read_projects(data: bytes, organization, *, create: CreateNew = NOTHING_NEW) -> Preview:
    """Parse a workbook against `organization`'s data. Writes nothing, never raises on bad files.

    Strategies, departments and budget sources the organisation lacks are listed in
    `preview.new_names`; each row using one that `create` does not allow has an error.
    """
    return resolve_projects(parse_projects(data), organization, create=create)


# --- the write path ------------------------------------------------------------------


def _require_manager(plan, by):
    if not permissions.can_manage_plan(by, plan):
        raise PermissionDenied(
            "แผนนี้ไม่ได้อยู่ในสถานะร่าง จึงนำเข้าไม่ได้" if not plan.is_editable else PLANNERS_ONLY
        )


def import_projects(
    plan: Plan,
    data: bytes,
    *,
    by,
    create: CreateNew = NOTHING_NEW,
    replace=False,
    dry_run=False,
) -> Preview:
    """Import every row of the workbook into a draft plan, or nothing.

    Raises PermissionDenied (not a planner, or the plan is not a draft) and
    ImportFailed (any error in the file, or a new name that `create` does not
    allow; `.preview` lists them all). New names that `create` allows are created
    in the same transaction, named exactly as the file writes them. With
    `dry_run` it checks and returns the preview without writing. With `replace`
    the plan's existing projects are removed first (in the same transaction).

    The file is read before the transaction: no lock is held while it is parsed
    (on SQLite a write transaction holds the whole database).
    """
    _require_manager(Plan.objects.select_related("organization").get(pk=plan.pk), by)
    parsed = parse_projects(data)
    return _import(plan, parsed, by=by, create=create, replace=replace, dry_run=dry_run)


@transaction.atomic
def _import(plan, parsed, *, by, create, replace, dry_run) -> Preview:
    plan = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    _require_manager(plan, by)
    organization = plan.organization
    preview = resolve_projects(parsed, organization, create=create)
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


def _create_new_names(organization, preview) -> dict:
    """NewName key → the Strategy, Department or BudgetSource made for it (all are ticked)."""
    created = {}
    # New strategies keep the number the file gave; unnumbered ones follow the highest.
    numbers = [n.number for n in preview.new_strategies if n.number] + [
        organization.strategies.aggregate(n=Max("number"))["n"] or 0
    ]
    next_number = max(numbers) + 1
    for new in preview.new_strategies:
        number = new.number
        if number is None:
            number, next_number = next_number, next_number + 1
        created[new.key] = Strategy(organization=organization, number=number, name=new.name)
    order = organization.departments.aggregate(n=Max("order"))["n"] or 0
    for index, new in enumerate(preview.new_departments, start=1):
        created[new.key] = Department(
            organization=organization, name=new.name, kind=new.kind, order=order + index
        )
    for new in preview.new_sources:
        created[new.key] = BudgetSource(
            organization=organization, kind=BudgetSourceKind.OTHER_AGENCY, name=new.name
        )
    for thing in created.values():
        thing.full_clean()
        thing.save()
    return created


def _write(plan, organization, preview, by, replace):
    created = _create_new_names(organization, preview)
    if replace:
        plan.projects.all().delete()
    orders = {
        (row["strategy"], row["program"]): row["last"]
        for row in plan.projects.values("strategy", "program").annotate(last=Max("order"))
    }
    user = author(by)
    projects = []
    for row in preview.rows:
        strategy = row.strategy or created[row.new_strategy.key]
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
                budget_source=row.budget_source or created[row.new_source.key],
                location=row.text(sheet.LOCATION),
                department=row.department or created[row.new_department.key],
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
