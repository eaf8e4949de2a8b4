"""Importing a round's results from a spreadsheet: read → preview of the changes → import
all or nothing (the conventions of projects.imports: Problems located by sheet, row and
column in Thai; the file inspected by uploads.workbooks before any parsing).

`read_results` parses a workbook against a round's rows and writes nothing;
`import_results` is the one write path (page and command) and hands the changed rows to
results.rounds.save_results. Rows are matched by the KEY column OpPlan's export writes
(the row's lineage, cross-checked with the name) or else by project name (spaces and
digits forgiven); a name matching no row or several is an error. A row whose reported
cells are all empty changes nothing and is not matched. Department staff may import only
their departments' rows: another department's row in their file is an error. A column
the file lacks (an officer's own sheet without ปัญหา อุปสรรค) keeps each row's saved value.

Disbursement above the project's budget is an error unless the row's CONFIRM column
holds a mark (docs/adr/0032): a confirmation per row, as on the grid, never for a whole
file at once.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from projects.imports import Problem
from results import permissions, rounds
from results import spreadsheet as sheet
from results.models import REMARK_LENGTH, ResultStatus, Round
from results.rounds import Entry
from thai.format import MONEY_LIMIT, arabic_digits, format_money, to_money
from uploads import workbooks

MAX_ROWS = 5000
MAX_BYTES = workbooks.MAX_FILE_BYTES
HEADER_SEARCH_ROWS = 200
HEADER_TEXT_LIMIT = 200  # a longer cell is no header, number or status
TEXT_LIMITS = {
    sheet.NAME: 500,
    sheet.KEY: 50,
    sheet.PROBLEMS: REMARK_LENGTH,
    sheet.SUGGESTIONS: REMARK_LENGTH,
}
QUOTED_TEXT_LIMIT = 60
NOT_REPORTED = "ยังไม่ได้รายงาน"
ZERO = Decimal("0.00")
# The reported columns: a row with all of them empty changes nothing.
REPORTED = (sheet.STATUS, sheet.DISBURSED, sheet.CONTRACT, sheet.PROGRESS, sheet.PROBLEMS,
            sheet.SUGGESTIONS)  # fmt: skip
# Totals rows: "รวม", "รวมทั้งสิ้น", "รวม 12 โครงการ" (not a project named "รวมพลัง…").
_TOTALS = re.compile(r"^\s*รวม(?:ทั้งสิ้น)?(?:\s.*)?$", re.DOTALL)


class ImportFailed(Exception):
    """The file has errors; nothing was imported. `preview` lists them."""

    def __init__(self, preview):
        super().__init__(f"{len(preview.errors)} errors")
        self.preview = preview


class PreviewOutdated(Exception):
    """The round's results changed since the preview was shown; nothing was imported.
    `preview` is the file read against the results as they are now."""

    def __init__(self, preview):
        super().__init__("the round changed since the preview")
        self.preview = preview


@dataclass(frozen=True)
class Change:
    """One field of a row that the import changes, in Thai, before → after."""

    label: str
    before: str
    after: str


@dataclass
class Line:
    """One row of the sheet that reports a project: what it says and what it changes."""

    row: int
    name: str
    key: str = ""
    cells: dict = field(default_factory=dict)  # column → raw value
    project: object = None
    result: object = None  # the project's Result in the round before the import (or None)
    entry: Entry | None = None
    errors: list = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        if self.entry is None or self.project is None:
            return []
        return _changes(self.result, self.entry, self.project)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def status_before(self) -> str:
        return self.result.get_status_display() if self.result else NOT_REPORTED

    @property
    def status_after(self) -> str:
        return ResultStatus(self.entry.status).label if self.entry else ""

    @property
    def disbursed_before(self):
        return self.result.disbursed if self.result else None

    @property
    def other_changes(self) -> list[Change]:
        """What else changes besides the status and the disbursement."""
        shown = {sheet.STATUS, sheet.DISBURSED}
        return [c for c in self.changes if c.label not in shown]


@dataclass
class Preview:
    """What an import would do: every reporting row, its problems and its changes."""

    sheet_name: str = ""
    lines: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)  # column name → its index in the sheet
    blank_rows: int = 0  # rows naming a project with nothing reported: left as they are

    @property
    def errors(self):
        return self.file_errors + [e for line in self.lines for e in line.errors]

    @property
    def ok(self):
        return not self.errors

    @property
    def changed(self) -> list[Line]:
        return [line for line in self.lines if line.changed]

    @property
    def unchanged(self) -> int:
        return len(self.lines) - len(self.changed)

    @property
    def can_confirm(self):
        return self.ok and bool(self.changed)

    @property
    def digest(self) -> str:
        """What the preview was read against and would write: the round's results of every
        row the file names (before) and the file's values (after). Confirm refuses when it
        differs, so nobody's result changed meanwhile is silently overwritten."""
        state = [
            [line.row, line.project.pk if line.project else None, _state(line.result),
             _entry_state(line.entry)]
            for line in self.lines
        ]  # fmt: skip
        text = json.dumps(state, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def _state(result):
    if result is None:
        return None
    return [
        result.project_id,
        result.status,
        str(result.disbursed),
        _text_or_none(result.contract_amount),
        result.progress,
        result.problems,
        result.suggestions,
        result.over_budget_confirmed,
    ]


def _entry_state(entry):
    if entry is None:
        return None
    return [
        entry.status,
        str(entry.disbursed),
        _text_or_none(entry.contract_amount),
        entry.progress,
        entry.problems,
        entry.suggestions,
        entry.confirm_over_budget,
    ]


def _text_or_none(value):
    return None if value is None else str(value)


def _money_text(value) -> str:
    return "—" if value is None else format_money(value)


def _changes(result, entry: Entry, project) -> list[Change]:
    """The fields `entry` changes in `result` (None: nothing reported yet), as shown."""
    before = {
        sheet.STATUS: result.get_status_display() if result else NOT_REPORTED,
        sheet.DISBURSED: _money_text(result.disbursed if result else None),
        sheet.CONTRACT: _money_text(result.contract_amount if result else None),
        sheet.PROGRESS: "—" if result is None or result.progress is None else str(result.progress),
        sheet.PROBLEMS: result.problems if result else "",
        sheet.SUGGESTIONS: result.suggestions if result else "",
    }
    after = {
        sheet.STATUS: ResultStatus(entry.status).label,
        sheet.DISBURSED: _money_text(entry.disbursed),
        sheet.CONTRACT: _money_text(entry.contract_amount),
        sheet.PROGRESS: "—" if entry.progress is None else str(entry.progress),
        sheet.PROBLEMS: entry.problems.strip(),
        sheet.SUGGESTIONS: entry.suggestions.strip(),
    }
    changes = [Change(label, before[label], after[label]) for label in before
               if before[label] != after[label]]  # fmt: skip
    if result is None and not changes:  # "not reported" → reported, even as all defaults
        changes.append(Change(sheet.STATUS, NOT_REPORTED, after[sheet.STATUS]))
    return changes


# --- reading the cells ------------------------------------------------------------------


def _raw(value) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _quoted(text) -> str:
    if len(text) > QUOTED_TEXT_LIMIT:
        text = text[:QUOTED_TEXT_LIMIT] + "…"
    return f"“{text}”"


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_money(value, what) -> Decimal | None:
    """The cell as a Decimal of satang (None when empty); ValueError with a Thai message.

    Thai or Arabic digits, commas, "บาท", and "-" for nothing (0) are accepted."""
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what}ต้องเป็นจำนวนเงิน")
    if isinstance(value, int):
        return _money(value, f"{value:,}", what)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{what}ต้องเป็นจำนวนเงิน")
        rounded = round(value, 2)
        if abs(value - rounded) > 1e-6:
            raise ValueError(f"{what}มีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)")
        return _money(f"{rounded:.2f}", f"{rounded:,.2f}", what)
    text = _raw(value)
    if len(text) > HEADER_TEXT_LIMIT:
        raise ValueError(f"{what} {_quoted(text)} ไม่ใช่จำนวนเงิน")
    amount = arabic_digits(text).replace("บาท", "").strip()
    if amount in {"-", "–", "—"}:
        return ZERO
    return _money(amount, text, what)  # a refusal quotes the cell as written ("หนึ่งแสนบาท")


def _money(value, shown, what):
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
            raise ValueError(f"{what} {_quoted(shown)} เกินจำนวนที่บันทึกได้ (ไม่เกิน {largest} บาท)")
        raise ValueError(f"{what}มีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)")
    raise ValueError(f"{what} {_quoted(shown)} ไม่ใช่จำนวนเงิน")


def parse_progress(value) -> int | None:
    """A whole percent 0–100 ("50", "๕๐", "50%", 50.0); None when empty; ValueError in Thai."""
    if _is_empty(value):
        return None
    message = "ความก้าวหน้าต้องเป็นร้อยละเป็นจำนวนเต็ม 0–100"
    if isinstance(value, bool):
        raise ValueError(message)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(message)
        value = int(value)
    text = arabic_digits(_raw(value))[:HEADER_TEXT_LIMIT].replace("%", "").strip()
    text = text.removeprefix("ร้อยละ").strip()
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 4:
        raise ValueError(f"{message} ไม่ใช่ {_quoted(_raw(value))}")
    number = int(text)
    if not 0 <= number <= 100:
        raise ValueError(message)
    return number


def parse_confirm(value) -> bool:
    """A mark in the CONFIRM column: ✓, x, ใช่ … → True; empty, -, ไม่ → False."""
    if value is True:
        return True
    if value is False or _is_empty(value):
        return False
    text = sheet.key(arabic_digits(_raw(value))[:HEADER_TEXT_LIMIT])
    if text in sheet.CONFIRM_YES:
        return True
    if text in sheet.CONFIRM_NO:
        return False
    raise ValueError(
        f"ช่องยืนยันเบิกจ่ายเกินงบประมาณใส่ {sheet.CONFIRM_MARK} เพื่อยืนยัน หรือเว้นว่าง "
        f"ไม่ใช่ {_quoted(_raw(value))}"
    )


# --- reading the workbook ---------------------------------------------------------------


def _cell(cells, column):
    return cells[column - 1].value if column and 0 < column <= len(cells) else None


def _header_name(value):
    if value is None or (isinstance(value, str) and len(value) > HEADER_TEXT_LIMIT):
        return None
    if not isinstance(value, str):
        return None
    return sheet.column_of(value)


def _find_header(ws):
    """(the header row's number, column name → index) or (None, {})."""
    for number, cells in ws.rows(max_row=HEADER_SEARCH_ROWS):
        names = [_header_name(cell.value) for cell in cells]
        if sheet.NAME in names:
            columns = {}
            for index, name in enumerate(names, start=1):
                if name is not None and name not in columns:
                    columns[name] = index
            return number, columns
    return None, {}


def parse_results(data: bytes) -> Preview:
    """The workbook's reporting rows as written, before matching them to a round.

    Reads no database and never raises on a bad file: a refused or unreadable file is
    `file_errors` (Thai, located as precisely as the file allows) and no rows."""
    preview = Preview()
    try:
        with workbooks.open_sheet(data) as ws:
            preview.sheet_name = ws.title
            _parse_sheet(ws, preview)
    except workbooks.Refused as refusal:
        problem = Problem(refusal.message, refusal.row, refusal.column, sheet=refusal.sheet)
        preview.file_errors.append(problem)
        preview.lines = []
    return preview


def _parse_sheet(ws, preview):
    header_row, columns = _find_header(ws)
    if header_row is None:
        preview.file_errors.append(
            Problem("ไม่พบแถวหัวตาราง (แถวที่มีช่อง “โครงการ”) ในแผ่นงานแรก", sheet=ws.title)
        )
        return
    for name in sheet.REQUIRED:
        if name not in columns:
            preview.file_errors.append(
                Problem(f"ไม่พบคอลัมน์ “{name}” ในแถวหัวตาราง (แถว {header_row})", sheet=ws.title)
            )
    if preview.file_errors:
        return
    preview.columns = columns
    filled = 0
    for number, cells in ws.rows():
        if number <= header_row:
            continue
        values = {name: _cell(cells, index) for name, index in columns.items()}
        if all(_is_empty(value) for value in values.values()):
            continue
        filled += 1
        if filled > MAX_ROWS:
            preview.file_errors.append(
                Problem(f"มีข้อมูลเกิน {MAX_ROWS:,} แถว กรุณาแบ่งเป็นหลายไฟล์", sheet=ws.title)
            )
            preview.lines = []
            return
        name = _raw(values.get(sheet.NAME))[: TEXT_LIMITS[sheet.NAME] + 1]
        key = _raw(values.get(sheet.KEY))[: TEXT_LIMITS[sheet.KEY] + 1]
        if sheet.column_of(name) == sheet.NAME and not key:
            continue  # the header repeated on a later page
        if not key and _TOTALS.match(name):
            continue  # a totals row
        if all(_is_empty(values.get(column)) for column in REPORTED):
            preview.blank_rows += 1  # nothing reported: left as it is, whatever it names
            continue
        preview.lines.append(Line(row=number, name=name, key=key, cells=values))


# --- matching against the round ---------------------------------------------------------


def name_key(text) -> str:
    """A project name for matching: no spaces, Arabic digits, lower case."""
    return sheet.key(arabic_digits(text or ""))


class _Resolver:
    def __init__(self, round_, preview, reporting):
        self.preview = preview
        self.reporting = reporting  # department ids the user may report; None: all
        self.rows = rounds.rows(round_)
        self.by_lineage = {row.lineage: row for row in self.rows}
        self.by_name = {}
        for row in self.rows:
            self.by_name.setdefault(name_key(row.project.name), []).append(row)
        self.seen = {}  # lineage → the sheet row that reported it first

    def problem(self, line, message, column=None):
        index = self.preview.columns.get(column) if column else None
        return Problem(message, line.row, index, column or "", self.preview.sheet_name)

    def resolve(self, line: Line):
        row = self.match(line)
        if row is None:
            return
        project = row.project
        first = self.seen.setdefault(row.lineage, line.row)
        if first != line.row:
            message = f"โครงการ {_quoted(project.name)} อยู่ในไฟล์แล้วที่แถว {first}"
            line.errors.append(self.problem(line, message, sheet.NAME))
            return
        if self.reporting is not None and project.department_id not in self.reporting:
            message = (
                f"โครงการ {_quoted(project.name)} เป็นของ{project.department.name} "
                "ท่านรายงานผลได้เฉพาะโครงการของหน่วยงานของท่าน"
            )
            line.errors.append(self.problem(line, message, sheet.NAME))
            return
        line.project, line.result = project, row.result
        self.entry(line)

    def match(self, line):
        if line.key:
            return self.match_key(line)
        if not line.name:
            line.errors.append(self.problem(line, "ต้องระบุชื่อโครงการ", sheet.NAME))
            return None
        found = self.by_name.get(name_key(line.name), [])
        if not found:
            message = f"ไม่พบโครงการ {_quoted(line.name)} ในแผนที่ใช้บังคับของรอบนี้"
            line.errors.append(self.problem(line, message, sheet.NAME))
            return None
        if len(found) > 1:
            departments = "; ".join(
                f"{row.project.department.name} {format_money(row.project.budget)} บาท"
                for row in found
            )
            message = (
                f"ชื่อโครงการ {_quoted(line.name)} ตรงกับ {len(found)} โครงการในแผน ({departments}) "
                f"ระบุไม่ได้ว่าเป็นโครงการใด — ส่งออก Excel จากระบบแล้วกรอกในไฟล์นั้น "
                f"(มีคอลัมน์ “{sheet.KEY}” ระบุโครงการ)"
            )
            line.errors.append(self.problem(line, message, sheet.NAME))
            return None
        return found[0]

    def match_key(self, line):
        text = arabic_digits(line.key)
        row = self.by_lineage.get(int(text)) if text.isascii() and text.isdigit() else None
        if row is None:
            message = f"ไม่พบโครงการรหัส {_quoted(line.key)} ในแผนที่ใช้บังคับของรอบนี้ (อย่าแก้ไขคอลัมน์นี้)"
            line.errors.append(self.problem(line, message, sheet.KEY))
            return None
        if line.name and name_key(line.name) != name_key(row.project.name):
            message = (
                f"รหัส {line.key} คือโครงการ {_quoted(row.project.name)} แต่ชื่อในไฟล์คือ "
                f"{_quoted(line.name)} — ตรวจว่าไม่ได้เรียงหรือคัดลอกแถวสลับกัน "
                "หรือส่งออก Excel จากระบบใหม่"
            )
            line.errors.append(self.problem(line, message, sheet.NAME))
            return None
        return row

    def keep_absent_columns(self, entry, result) -> Entry:
        """A column the file does not have keeps the row's saved value (an officer's own
        sheet without ปัญหา อุปสรรค clears nobody's problems); without the CONFIRM column
        an amount confirmed before stays confirmed."""
        columns = self.preview.columns
        kept = {}
        for column, field_name in sheet.FIELDS.items():
            if column not in columns and column not in sheet.REQUIRED and result is not None:
                kept[field_name] = getattr(result, field_name)
        if sheet.CONFIRM not in columns and result is not None:
            same = result.over_budget_confirmed and result.disbursed == entry.disbursed
            kept["confirm_over_budget"] = same
        return replace(entry, **kept)

    def entry(self, line):
        """Parse the reported cells into line.entry, or errors located by column."""
        cells, errors = line.cells, {}
        status_text = _raw(cells.get(sheet.STATUS))
        status = sheet.status_of(status_text[:HEADER_TEXT_LIMIT])
        if not status_text:
            errors[sheet.STATUS] = "ต้องระบุสถานะ: " + " · ".join(ResultStatus.labels)
        elif status is None:
            errors[sheet.STATUS] = f"ไม่รู้จักสถานะ {_quoted(status_text)} ใช้ได้: " + " · ".join(
                ResultStatus.labels
            )
        values = {}
        for column, parse in (
            (sheet.DISBURSED, lambda v: parse_money(v, "เบิกจ่าย")),
            (sheet.CONTRACT, lambda v: parse_money(v, "วงเงินตามสัญญา")),
            (sheet.PROGRESS, parse_progress),
            (sheet.CONFIRM, parse_confirm),
        ):
            try:
                values[column] = parse(cells.get(column))
            except ValueError as error:
                errors[column] = str(error)
        texts = {}
        for column in (sheet.PROBLEMS, sheet.SUGGESTIONS):
            text = _raw(cells.get(column))
            if len(text) > TEXT_LIMITS[column]:
                errors[column] = f"ข้อความยาวเกิน {TEXT_LIMITS[column]:,} ตัวอักษร"
            texts[column] = text
        entry = Entry(
            status=status or "",
            disbursed=values.get(sheet.DISBURSED) or ZERO,
            contract_amount=values.get(sheet.CONTRACT),
            progress=values.get(sheet.PROGRESS),
            problems=texts[sheet.PROBLEMS],
            suggestions=texts[sheet.SUGGESTIONS],
            confirm_over_budget=bool(values.get(sheet.CONFIRM)),
        )
        entry = self.keep_absent_columns(entry, line.result)
        # The rules of a result (negative amounts, above the budget …) are checked even
        # when another cell of the row is bad, so every error is listed at once.
        for field_name, message in rounds.check_entry(line.project, entry).items():
            column = sheet.COLUMN_OF_FIELD.get(field_name, sheet.STATUS)
            if field_name == "disbursed" and entry.disbursed > line.project.budget:
                message += f" (ใส่ {sheet.CONFIRM_MARK} ในคอลัมน์ “{sheet.CONFIRM}”)"
            errors.setdefault(column, message)
        if not errors:
            line.entry = entry
        columns = self.preview.columns
        for column, message in sorted(errors.items(), key=lambda item: columns.get(item[0], 0)):
            line.errors.append(self.problem(line, message, column))


def resolve_results(preview: Preview, round_, *, by) -> Preview:
    """Match a parsed preview's rows to `round_`'s rows (reads, never writes)."""
    if preview.file_errors:
        return preview
    resolver = _Resolver(round_, preview, permissions.reporting_department_ids(by, round_))
    for line in preview.lines:
        resolver.resolve(line)
    if not preview.lines and not preview.errors:
        preview.file_errors.append(
            Problem("ไม่พบแถวที่รายงานผล (สถานะ เบิกจ่าย ฯลฯ) ใต้แถวหัวตาราง", sheet=preview.sheet_name)
        )
    return preview


def check_can_import(round_, by) -> None:
    """Raise ValidationError (the round is not open) or PermissionDenied (may report nothing)."""
    if not round_.is_open:
        raise ValidationError(
            f"{round_.label} ปีงบประมาณ พ.ศ. {round_.fiscal_year} {round_.get_status_display()} "
            "นำเข้าผลการดำเนินงานไม่ได้"
        )
    if not permissions.can_report(by, round_):
        raise PermissionDenied("นำเข้าผลได้เฉพาะนักวิเคราะห์นโยบายและแผนและเจ้าหน้าที่ของหน่วยงาน")


def read_results(data: bytes, round_, *, by) -> Preview:
    """Parse a workbook against `round_` as `by` would import it. Writes nothing; never
    raises on a bad file (the problems are in the preview)."""
    return resolve_results(parse_results(data), round_, by=by)


# --- the write path ---------------------------------------------------------------------


def import_results(round_, data: bytes, *, by, dry_run=False, expected=None) -> Preview:
    """Record every changed row of the workbook as a result of `round_`, or nothing.

    Raises ValidationError (the round is not open), PermissionDenied (`by` reports no
    row of it), ImportFailed (any error in the file; `.preview` lists them all) and,
    when `expected` (a preview's digest) is given and the round's results or the file's
    reading differ from it, PreviewOutdated. With `dry_run` it checks and returns the
    preview without writing. The file is parsed before the transaction (no lock held
    while parsing); the round is locked while the rows are matched and written.
    """
    check_can_import(round_, by)
    parsed = parse_results(data)
    return _import(round_, parsed, by=by, dry_run=dry_run, expected=expected)


@transaction.atomic
def _import(round_, parsed, *, by, dry_run, expected) -> Preview:
    round_ = Round.objects.select_for_update().select_related("organization").get(pk=round_.pk)
    check_can_import(round_, by)
    preview = resolve_results(parsed, round_, by=by)
    if not preview.ok:
        raise ImportFailed(preview)
    if expected is not None and expected != preview.digest:
        raise PreviewOutdated(preview)
    if dry_run or not preview.changed:
        return preview
    entries = {line.project: line.entry for line in preview.changed}
    try:
        with transaction.atomic():
            rounds.save_results(round_, entries, by=by)
    except ValidationError as error:
        # A rule the preview did not foresee: report it, write nothing.
        preview.file_errors.extend(Problem(message) for message in error.messages)
        raise ImportFailed(preview) from None
    return preview
