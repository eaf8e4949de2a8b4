"""The forms as Excel workbooks, from the same dataclasses and the same column
definitions (reports/columns.py, one per form in its document module) as the HTML and PDF.

Amounts and shares are numbers (an officer keeps editing in Excel); with the
organisation's Thai-digit setting they display as ๑,๒๓๔.๕๐ through the number
format, and text is written with Thai digits. The number formats are ones both Excel and
LibreOffice read (LibreOffice ignores a format whose locale code asks for the Buddhist
calendar, [$-D07041E], and then shows 350000 bare). Every row is as tall as its wrapped text
(an estimate from the column widths: a spreadsheet does not size rows it did not lay out),
so a printed ผด.02 has as many pages as its text needs; pages are A4 landscape, one page
wide, with the headings repeated on every page. A draft says "ร่าง" in its title and
in the header of every printed page.

The bytes depend only on the report: no "now" in the document properties or in the
zip entries, so an announced edition's workbook re-renders identically (ADR 0018).
"""

import io
import math
import re
import zipfile
from datetime import datetime
from functools import cache

from django.conf import settings
from fontTools.ttLib import TTFont
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from reports.builders import DRAFT_MARK
from reports.columns import NUMBERS
from thai.format import FISCAL_MONTHS, thai_digits

FONT = "TH SarabunPSK"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EEF1F5")
BAR_FILL = PatternFill("solid", fgColor="1D4F91")
STRATEGY_FILL = PatternFill("solid", fgColor="F6F7F9")
MONTHS = [m.abbr for m in FISCAL_MONTHS]
THAI_DIGITS = "[$-D00041E]"
FONT_SIZE = 14
# Row heights (ADR 0038). A spreadsheet does not size a row it did not lay out, so each row
# gets the height its longest text needs, estimated here and checked against LibreOffice
# 7.4's own "optimal row height" (tests/reports/test_typesetting.py): there a row of n
# lines of 14-point TH SarabunPSK (drawn with Laksaman) needs 1.44 + 23.16 × n points.
# 23.25 points is 31 pixels, a height Excel keeps as written; the real font's line, two
# thirds of Laksaman's, is about 18 points (estimated from Laksaman's metrics).
LINE_HEIGHT = 23.25
ROW_PADDING = 1.5
# Widths: Sarabun's advances (the face the PDFs embed) × WIDTH_SCALE. TH SarabunPSK's
# glyphs are two thirds of Sarabun's; LibreOffice without the font draws it with Laksaman
# at Sarabun's size in columns that widen as much (Sheet sets the default font). A column
# `w` characters wide is trunc(7w + 5) pixels in Excel; the text has CELL_PADDING points
# less, and a line broken inside a Thai phrase keeps SLACK points free (at most a fifth of
# a narrow column): the estimate breaks such a line before any syllable, LibreOffice and
# Excel only between dictionary words. Measured on 1,710 texts (widths 20, 34, 44; regular
# and bold) against LibreOffice's optimal heights: none wraps to more lines than estimated,
# the estimate has 21 % more lines overall; Excel's narrower glyphs leave it 18 % of room
# to spare (docs/adr/0044).
WIDTH_SCALE = 0.80
CELL_PADDING = 4
SLACK = 25
# A line may break after a space, and before a Thai consonant or leading vowel that
# follows a Thai character other than a leading vowel.
_BREAKS = re.compile(
    r"(?<= )(?=[^ ])|(?<=[\u0e01-\u0e3a\u0e45-\u0e4e])(?=[\u0e01-\u0e2e\u0e40-\u0e44])"
)


@cache
def _advances(bold: bool) -> dict[int, float]:
    """Points each character advances in a cell, by code point."""
    face = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    font = TTFont(settings.SARABUN_DIR / face, lazy=True)
    scale = FONT_SIZE * WIDTH_SCALE / font["head"].unitsPerEm
    hmtx = font["hmtx"]
    return {code: hmtx[glyph][0] * scale for code, glyph in font.getBestCmap().items()}


def _width(text: str, bold: bool) -> float:
    advances, em = _advances(bold), FONT_SIZE * WIDTH_SCALE
    return sum(advances.get(ord(char), em) for char in text)


def column_points(width: float) -> float:
    """The printed width, in points, of a column `width` characters wide."""
    return math.trunc(width * 7 + 5) * 0.75


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (an estimate
    that errs towards more lines)."""
    full = column_points(width) - CELL_PADDING
    tight = full - min(SLACK, full / 5)  # where the line breaks inside a Thai phrase
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used, after_space = 0.0, True
        for piece in _BREAKS.split(paragraph):
            body = piece.rstrip(" ")
            needed, spaces = _width(body, bold), _width(piece[len(body) :], bold)
            if used and used + needed > (full if after_space else tight):
                lines, used = lines + 1, 0.0
            if needed > full:  # wider than a line (a long number): broken anywhere
                for char in body:
                    advance = _width(char, bold)
                    if used and used + advance > full:
                        lines, used = lines + 1, 0.0
                    used += advance
                used += spaces
            else:
                used += needed + spaces
            after_space = bool(spaces)
    return lines


class Sheet:
    """A small writer that knows the form's digits, fonts and borders."""

    def __init__(self, ws, header, width, widths):
        # The workbook's default font is the cells' own: LibreOffice counts a column width
        # in characters of it, so the columns widen with the font that draws the text
        # (docs/adr/0044). Excel's unit stays 7 pixels.
        # openpyxl has no public way to set the workbook's default font (its Normal style);
        # pyproject holds openpyxl below 3.2; an upgrade past it must check this line.
        ws.parent._named_styles["Normal"].font = Font(name=FONT, size=FONT_SIZE)
        self.ws = ws
        self.header = header
        self.width = width
        self.row = 0
        self.widths = widths
        self.lines = {}  # row → the most lines a cell of it wraps to
        money = "#,##0.00"
        share = "0.00"
        integer = "#,##0"
        if header.thai_digits:
            # D0: Thai digits; 00: the default calendar (07, the Buddhist one, makes LibreOffice
            # drop the whole format); 041E: Thai. The cell still holds a number.
            money, share, integer = (f"{THAI_DIGITS}{f}" for f in (money, share, integer))
        self.formats = {"money": money, "share": share, "integer": integer}

    def text(self, value):
        if value is None:
            return None
        return thai_digits(value) if self.header.thai_digits else str(value)

    def cell(
        self, column, value, *, kind=None, bold=False, align=None, fill=None, border=True, span=1
    ):
        """Write one cell; `span` is the number of columns it is merged over (0: not wrapped)."""
        cell = self.ws.cell(row=self.row, column=column)
        if kind in self.formats:
            cell.value = value
            cell.number_format = self.formats[kind]
        else:
            cell.value = self.text(value) if value not in (None, "") else None
            if cell.value is not None:
                cell.data_type = "s"  # text, never a formula (even "=1+1")
        cell.font = Font(name=FONT, size=FONT_SIZE, bold=bold)
        if cell.value is not None and kind not in self.formats and span:
            width = sum(self.widths[column - 1 : column - 1 + span])
            lines = wrapped_lines(cell.value, width, bold)
            self.lines[self.row] = max(self.lines.get(self.row, 1), lines)
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="top" if align is None else "center",
            horizontal=align or ("right" if kind == "money" else None),
        )
        if fill is not None:
            cell.fill = fill
        if border:
            cell.border = BORDER
        return cell

    def next_row(self):
        self.row += 1
        return self.row

    def merged(self, first, last, value, **style):
        self.cell(first, value, span=last - first + 1, **style)
        for column in range(first + 1, last + 1):
            self.cell(column, None, fill=style.get("fill"), border=style.get("border", True))
        if last > first:
            self.ws.merge_cells(
                start_row=self.row, start_column=first, end_row=self.row, end_column=last
            )

    def titles(self):
        h = self.header
        self.next_row()
        # The label over the last columns, on one line (a single month column is too narrow).
        first = max(1, self.width - 3)
        self.merged(first, self.width, h.label, bold=True, align="right", border=False)
        self.lines.pop(self.row, None)  # on one line, whatever the width
        self.ws.cell(row=self.row, column=first).alignment = Alignment(horizontal="right")
        for text in (h.marked_title, h.plan_line, h.organization_line):
            self.next_row()
            self.merged(1, self.width, text, bold=True, align="center", border=False)

    def head(self, titles, first_month):
        """Two header rows: titles merged down, years over the months, then the months."""
        top = self.next_row()
        for column, title in enumerate(titles, start=1):
            self.cell(column, title, bold=True, align="center", fill=HEAD_FILL)
        years = self.header.month_years
        self.cell(first_month, years[0], bold=True, align="center", fill=HEAD_FILL, span=3)
        self.cell(first_month + 3, years[1], bold=True, align="center", fill=HEAD_FILL, span=9)
        for column in (
            *range(first_month + 1, first_month + 3),
            *range(first_month + 4, first_month + 12),
        ):
            self.cell(column, None, fill=HEAD_FILL)
        self.ws.merge_cells(
            start_row=top, start_column=first_month, end_row=top, end_column=first_month + 2
        )
        self.ws.merge_cells(
            start_row=top, start_column=first_month + 3, end_row=top, end_column=first_month + 11
        )
        self.next_row()
        for column in range(1, first_month):
            self.cell(column, None, fill=HEAD_FILL)
            self.ws.merge_cells(
                start_row=top, start_column=column, end_row=self.row, end_column=column
            )
        for offset, month in enumerate(MONTHS):
            self.cell(first_month + offset, month, bold=True, align="center", fill=HEAD_FILL)
        return top, self.row

    def values(self, table, row, bold=False):
        """The cells of every column `row` fills itself, as its column says."""
        for number, column in enumerate(table, start=1):
            if column.field:
                kind = column.kind if column.kind in NUMBERS else None
                self.cell(number, column.value(row), kind=kind, bold=bold)

    def total(self, table, label, amount):
        """A total row: the label over the columns before the amount's, then the amount."""
        self.next_row()
        self.cell(1, None)
        self.merged(2, table.amount - 1, label, bold=True)
        self.cell(table.amount, amount, kind="money", bold=True)
        self.merged(table.amount + 1, table.width, None)

    def months(self, first_month, planned):
        for offset in range(12):
            self.cell(first_month + offset, None, fill=BAR_FILL if offset + 1 in planned else None)

    def finish(self, widths, header_rows):
        self.page_setup(widths, header_rows)
        return workbook_bytes(self.ws.parent)

    def page_setup(self, widths, header_rows):
        """Column widths, A4 landscape fitted to the width, repeated header rows, the page
        footer and a draft's header (a workbook of several sheets sets up each)."""
        ws = self.ws
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for row in range(1, self.row + 1):
            ws.row_dimensions[row].height = self.lines.get(row, 1) * LINE_HEIGHT + ROW_PADDING
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4 (openpyxl names it as a string constant)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
        ws.freeze_panes = ws.cell(row=header_rows[1] + 1, column=1)
        # 11 mm: a border drawn on the margin still prints 10 mm or more from the edge.
        ws.page_margins.left = ws.page_margins.right = 0.45
        ws.oddFooter.right.text = "หน้า &P / &N"
        if self.header.is_draft:
            ws.oddHeader.center.text = DRAFT_MARK
            ws.oddHeader.center.size = 20
            ws.oddHeader.center.color = "BE1414"


# The zip format's earliest date: the entries and the document properties get it
# instead of the time of writing, which is not a property of the form.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def workbook_bytes(workbook) -> bytes:
    """The workbook's bytes, the same for the same content whenever it is written."""
    workbook.properties.created = workbook.properties.modified = datetime(*ZIP_EPOCH)
    buffer = io.BytesIO()
    # openpyxl's save() stamps "modified" with now; its writer itself does not.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    written = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in written.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            archive.writestr(info, written.read(entry.filename))
    return out.getvalue()


def _sheet(report, width, title, widths):
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    return Sheet(ws, report.header, width, widths)


def render_pd01(report, table) -> bytes:
    t = report.header.t
    s = _sheet(report, table.width, "ผด.01", table.widths)
    s.titles()
    top = s.next_row()
    for number, column in enumerate(table, start=1):
        s.cell(number, t[column.heading], bold=True, align="center", fill=HEAD_FILL)

    def line(label, row, bold=False):
        s.next_row()
        s.cell(1, label, bold=bold)
        s.values(table, row, bold=bold)

    for block in report.blocks:
        s.next_row()
        heading = s.header.strategy_line(block.number, block.name)
        s.merged(1, table.width, heading, bold=True, fill=STRATEGY_FILL)
        for row in block.rows:
            line(f"    {row.number} {row.name}", row)
        line(t["pd01_subtotal"], block.subtotal, bold=True)
    if report.is_empty:
        s.next_row()
        s.merged(1, table.width, t["empty"], align="center")
    line(t["pd01_total"], report.total, bold=True)
    s.next_row()
    s.merged(1, table.width, t["pd01_note"], border=False)
    return s.finish(table.widths, (top, top))


def render_pd02(report, table) -> bytes:
    t = report.header.t
    s = _sheet(report, table.width, "ผด.02", table.widths)
    s.titles()
    header_rows = s.head([t[c.heading] for c in table], first_month=table.first_month)
    for strategy in report.strategies:
        s.next_row()
        heading = s.header.strategy_line(strategy.number, strategy.name)
        s.merged(1, table.width, heading, bold=True, fill=STRATEGY_FILL)
        for program in strategy.programs:
            s.next_row()
            s.merged(1, table.width, f"{program.number} {program.name}", bold=True)
            for row in program.rows:
                s.next_row()
                s.values(table, row)
                s.months(table.first_month, row.months)
            s.total(table, t["total"], program.total)
    if report.is_empty:
        s.next_row()
        s.merged(1, table.width, t["empty"], align="center")
    else:
        s.total(table, s.header.text("pd02_total", count=f"{report.count:,}"), report.total)
    return s.finish(table.widths, header_rows)


def render_pd021(report, table) -> bytes:
    t = report.header.t
    s = _sheet(report, table.width, "ผด.02-1", table.widths)
    s.titles()
    header_rows = s.head([t[c.heading] for c in table], first_month=table.first_month)
    for group in report.groups:
        s.next_row()
        heading = s.header.text("pd021_group", number=group.number, type=group.type)
        s.merged(1, table.width, heading, bold=True, fill=STRATEGY_FILL)
        for row in group.rows:
            s.next_row()
            s.values(table, row)
            s.months(table.first_month, row.months)
        s.total(table, t["total"], group.total)
    if report.is_empty:
        s.next_row()
        s.merged(1, table.width, t["empty"], align="center")
    else:
        s.total(table, s.header.text("pd021_total", count=f"{report.count:,}"), report.total)
    return s.finish(table.widths, header_rows)
