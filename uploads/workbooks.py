"""Reading one sheet of an uploaded .xlsx workbook with bounded time and memory.

`open_sheet(data)` inspects the file before any parser sees it, and refuses it with
`Refused` (a Thai message naming what is wrong and where) when it exceeds a limit
below; only then does openpyxl open it, in read-only mode, to stream the rows of
the first worksheet. Every import of a spreadsheet (projects.imports, and the
results import to come) reads through it, so one set of limits guards them all.

The inspection, in order, each step bounded by the one before:
1. the zip archive's directory (no decompression): the file's size, the number of
   entries, their declared uncompressed sizes, compression ratio and method;
   zipfile never inflates an entry past the size its directory declares;
2. every part openpyxl may parse (XML, not images) streamed once: how many XML
   elements it would build (start tags: each "<" not followed by "/"), and no DTD
   (no entity expansion);
3. the workbook's own small parts: which sheets it has, and which is first;
4. the first worksheet streamed through expat: its declared <dimension>, the cells
   (how many, how far right and down, how long their text), its merged ranges;
5. the shared strings: how many, and how long the longest.

Limits (measured in `make bench`; docs/adr/0025). A real ผด.02 of 5,000 rows by 40
bordered columns is 200,000 cells, a 2 MB file that inflates to about 15 MB; the
slowest files the limits let through are read by the importer in about 3 s of CPU and
150 MB (Django's own 85 MB included) on the project's machines.
"""

import io
import operator
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.packaging.manifest import Manifest
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

MB = 1024 * 1024
MAX_FILE_BYTES = 10 * MB  # the upload itself
MAX_ENTRIES = 1_000  # parts in the zip archive (Excel writes 10–50)
MAX_PART_BYTES = 25 * MB  # one part, inflated
MAX_TOTAL_BYTES = 60 * MB  # all parts, inflated
MAX_RATIO = 100  # inflated ÷ compressed, for a part of more than RATIO_FROM_BYTES
RATIO_FROM_BYTES = 1 * MB
MAX_SHEETS = 50
# XML elements: in a part openpyxl streams (a worksheet, the shared strings), in a part
# it reads whole into a tree (styles, workbook, properties …), in all parts together.
MAX_STREAMED_ELEMENTS = 1_000_000
MAX_TREE_ELEMENTS = 100_000
MAX_TOTAL_ELEMENTS = 1_500_000
# The sheet read: its last row and column (the old .xls limits), cells, merged ranges.
MAX_ROW = 65_536
MAX_COLUMN = 256  # IV
MAX_CELLS = 200_000
MAX_MERGED = 10_000
# Text: Excel itself keeps at most 32,767 characters in a cell.
MAX_TEXT = 32_767
MAX_STRINGS = 300_000

NOT_XLSX = "ไฟล์นี้ไม่ใช่ไฟล์ Excel แบบ .xlsx (ถ้าเป็น .xls ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx)"
RESAVE = "กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่เป็น .xlsx"
CLEAN_UP = (
    "กรุณาเปิดไฟล์ใน Excel ลบแถวและคอลัมน์ว่างที่อยู่เลยตาราง (หรือคัดลอกเฉพาะตารางไปไว้ในไฟล์ใหม่) แล้วบันทึกใหม่"
)
CHECK_FILE = "กรุณาตรวจสอบว่าเป็นไฟล์ที่ถูกต้อง หรือคัดลอกเฉพาะตารางไปไว้ในไฟล์ใหม่แล้วบันทึกใหม่"

_MAIN = SHEET_MAIN_NS + " "  # expat names elements "namespace localname"
_ROW, _CELL, _VALUE, _TEXT = _MAIN + "row", _MAIN + "c", _MAIN + "v", _MAIN + "t"
_DIMENSION, _MERGE, _STRING = _MAIN + "dimension", _MAIN + "mergeCell", _MAIN + "si"
_DTD = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(marker) for marker in _DTD)
_CHUNK = 1 << 16


class Refused(Exception):  # a refusal, not a failure of the code
    """The file is refused before parsing, or could not be read; `message` says why in
    Thai, and `sheet`, `row`, `column` where, as precisely as known."""

    def __init__(self, message, *, sheet="", row=None, column=None):
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column


def _mb(size) -> str:
    return f"{size / MB:,.1f} MB"


def _damaged(label) -> Refused:
    return Refused(f"ไฟล์เสียหาย อ่าน{label} ไม่ได้ {RESAVE}")


@dataclass
class Inspection:
    """What the inspection found; the limits held for all of it."""

    sheet_title: str
    sheet_path: str
    sheet_count: int
    rows: int = 0  # <row> elements in the sheet
    cells: int = 0
    last_row: int = 0
    last_column: int = 0
    declared: tuple | None = None  # (min_col, min_row, max_col, max_row) of <dimension>
    merged: list = field(default_factory=list)  # (min_col, min_row, max_col, max_row)
    strings: int = 0
    elements: int = 0  # XML elements in all parts
    inflated: int = 0  # bytes of all parts, inflated


# --- 1. the zip directory ---------------------------------------------------------------


def _archive(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_FILE_BYTES:
        raise Refused(f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // MB} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    # NotImplementedError: a directory entry claiming a zip version Python cannot read
    # (hypothesis found "zip file version 8.4" in a damaged workbook).
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise Refused(NOT_XLSX) from None
    if len(entries) > MAX_ENTRIES:
        raise Refused(
            f"ไฟล์นี้มีส่วนประกอบภายใน {len(entries):,} ส่วน เกิน {MAX_ENTRIES:,} ส่วนที่รับได้ "
            "(ไฟล์ Excel ทั่วไปมีไม่ถึง 100 ส่วน)"
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise Refused("ไฟล์นี้ตั้งรหัสผ่านไว้ กรุณาเอารหัสผ่านออกใน Excel แล้วบันทึกใหม่")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(f"ส่วน “{entry.filename}” ของไฟล์ใช้วิธีบีบอัดที่ Excel ไม่ใช้ {RESAVE}")
    return archive


def _check_size(entry, label):
    if entry.file_size > MAX_PART_BYTES:
        raise Refused(
            f"{label} เมื่อคลายการบีบอัดมีขนาด {_mb(entry.file_size)} เกิน {_mb(MAX_PART_BYTES)} "
            f"ที่รับได้ {_advice(label)}"
        )
    if entry.file_size > RATIO_FROM_BYTES:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > MAX_RATIO:
            raise Refused(
                f"{label} ถูกบีบอัดไว้ถึง {ratio:,.0f} เท่า (ขนาดจริง {_mb(entry.file_size)}) "
                f"เกิน {MAX_RATIO} เท่าที่ไฟล์ Excel ทั่วไปมี {_advice(label)}"
            )


def _advice(label):
    return CLEAN_UP if label.startswith("แผ่นงาน") else CHECK_FILE


# --- 2. every part, streamed once -------------------------------------------------------


def _chunks(archive, entry, label) -> Iterator[bytes]:
    """The inflated bytes of `entry`, never more than its declared size."""
    try:
        with archive.open(entry) as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError):  # fmt: skip
        raise _damaged(label) from None


def _count_elements(archive, entry, label, limit) -> int:
    """The XML elements in `entry` (at most `limit`), refusing a DTD (entity expansion).

    Counts start tags, comments and processing instructions: every "<" but those of
    end tags; whatever else the bytes are, openpyxl cannot build more elements."""
    count, tail = 0, b""
    for chunk in _chunks(archive, entry, label):
        count += chunk.count(b"<") - chunk.count(b"</")
        window = tail + chunk
        if any(marker in window for marker in _DTD):
            raise Refused(f"{label} มีการประกาศ DTD หรือ entity ซึ่งไฟล์ Excel ไม่มี จึงไม่อ่านไฟล์นี้")
        if count > limit:
            raise Refused(
                f"{label} มีองค์ประกอบ (เซลล์ แถว รูปแบบ ฯลฯ) มากเกิน {limit:,} รายการที่รับได้ "
                f"{_advice(label)}"
            )
        tail = window[-_OVERLAP:]
    return count


# --- 3. the workbook's structure --------------------------------------------------------


@dataclass
class _Structure:
    sheets: list  # (title, path, is_chartsheet) in the workbook's order
    labels: dict  # part path → how a message names it
    streamed: set  # parts openpyxl streams (the sheets, the shared strings)
    strings_path: str | None

    def label(self, path):
        return self.labels.get(path, f"ส่วน “{path}” ของไฟล์")

    def parsed(self, path):
        """Whether openpyxl may parse `path` as XML (images and the like it never does)."""
        return path in self.streamed or path.lower().endswith((".xml", ".rels", ".vml"))


def _small_part(archive, path, label, tally) -> None:
    """Check a part the structure is read from (before it is read)."""
    try:
        entry = archive.getinfo(path)
    except KeyError:
        return
    _check_size(entry, label)
    tally[path] = _count_elements(archive, entry, label, MAX_TREE_ELEMENTS)


def _structure(archive, tally) -> _Structure:
    """Which sheets the workbook has and where, read the way openpyxl reads them."""
    label = "รายการส่วนประกอบของไฟล์ ([Content_Types].xml)"
    _small_part(archive, "[Content_Types].xml", label, tally)
    try:
        manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
        workbook_path = _find_workbook_part(manifest).PartName[1:]
    except Exception:  # openpyxl's parsers raise many types on bad XML
        raise Refused(NOT_XLSX) from None
    rels_path = posixpath.join(
        posixpath.dirname(workbook_path), "_rels", posixpath.basename(workbook_path) + ".rels"
    )
    _small_part(archive, workbook_path, "สมุดงาน (workbook.xml)", tally)
    _small_part(archive, rels_path, "ความเชื่อมโยงของสมุดงาน (workbook.xml.rels)", tally)
    try:
        parser = WorkbookParser(archive, workbook_path, keep_links=False)
        parser.parse()
        found = [(sheet.name, rel.target, "chartsheet" in rel.Type)
                 for sheet, rel in parser.find_sheets()]  # fmt: skip
        strings = manifest.find(SHARED_STRINGS)
    except Exception:  # as above
        raise _damaged("รายชื่อแผ่นงาน (workbook.xml)") from None
    names = set(archive.namelist())
    sheets = [sheet for sheet in found if sheet[1] in names]
    labels = {
        "[Content_Types].xml": label,
        workbook_path: "สมุดงาน (workbook.xml)",
        rels_path: "ความเชื่อมโยงของสมุดงาน (workbook.xml.rels)",
        "xl/styles.xml": "รูปแบบเซลล์ของไฟล์ (styles.xml)",
    }
    labels |= {path: f"แผ่นงาน “{title}”" for title, path, _ in sheets}
    strings_path = strings.PartName[1:] if strings is not None else None
    if strings_path:
        labels[strings_path] = "ตารางข้อความของไฟล์ (sharedStrings.xml)"
    streamed = {path for _, path, chart in sheets if not chart} | {strings_path}
    return _Structure(sheets, labels, streamed - {None}, strings_path)


# --- 4. the sheet read, and 5. the shared strings ---------------------------------------


class _SheetScan:
    """expat handlers that count what openpyxl would build for one worksheet."""

    def __init__(self, inspection, title):
        self.found = inspection
        self.title = title
        self.row_counter = 0
        self.col_counter = 0
        self.cells_in_row = 0
        self.text = 0
        self.in_text = False
        self.reference = ""

    def refuse(self, message, row=None, column=None):
        return Refused(message, sheet=self.title, row=row, column=column)

    def start(self, name, attributes):
        self.in_text = False
        if name == _CELL:
            self.cell(attributes.get("r"))
        elif name in (_VALUE, _TEXT):
            self.in_text = True
        elif name == _ROW:
            self.row(attributes.get("r"))
        elif name == _MERGE:
            self.merge(attributes.get("ref", ""))
        elif name == _DIMENSION:
            self.dimension(attributes.get("ref", ""))

    def characters(self, data):
        if self.in_text:
            self.text += len(data)
            if self.text > MAX_TEXT:
                raise self.refuse(
                    f"เซลล์ {self.reference} มีข้อความยาวเกิน {MAX_TEXT:,} ตัวอักษร "
                    "ซึ่งเป็นขีดจำกัดของ Excel เอง"
                )

    def row(self, r):
        found = self.found
        found.rows += 1
        if r is None:
            self.row_counter += 1
        else:  # as openpyxl reads it: "12", or "12.0"
            try:
                self.row_counter = int(r)
            except ValueError:
                try:
                    number = float(r)
                except ValueError:
                    raise _damaged(f"แผ่นงาน “{self.title}”") from None
                if not number.is_integer():
                    raise _damaged(f"แผ่นงาน “{self.title}”") from None
                self.row_counter = int(number)
        self.col_counter = 0
        self.cells_in_row = 0
        if found.rows > MAX_ROW or self.row_counter > MAX_ROW:
            raise self.refuse(f"มีแถวเกินแถวที่ {MAX_ROW:,} ที่รับได้ {CLEAN_UP}", row=self.row_counter)
        found.last_row = max(found.last_row, self.row_counter)

    def cell(self, r):
        found = self.found
        found.cells += 1
        self.cells_in_row += 1
        self.text = 0
        if r:
            try:
                row, column = coordinate_to_tuple(r)
            except Exception:  # openpyxl raises KeyError, ValueError …
                raise _damaged(f"แผ่นงาน “{self.title}” (ตำแหน่งเซลล์ “{r[:20]}”)") from None
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        self.reference = f"{get_column_letter(max(1, min(column, 18_278)))}{row}"
        if column > MAX_COLUMN or row > MAX_ROW:
            raise self.refuse(
                f"มีเซลล์ {self.reference} อยู่เลยขอบเขตที่รับได้ (ถึงคอลัมน์ "
                f"{get_column_letter(MAX_COLUMN)} และแถว {MAX_ROW:,}) {CLEAN_UP}",
                row=row,
            )
        if found.cells > MAX_CELLS:
            raise self.refuse(
                f"มีเซลล์เกิน {MAX_CELLS:,} เซลล์ (นับเซลล์ว่างที่มีการจัดรูปแบบด้วย) "
                f"ถึงแถว {row:,} แล้ว {CLEAN_UP} หรือแบ่งเป็นหลายไฟล์",
            )
        if self.cells_in_row > MAX_COLUMN:
            raise self.refuse(f"แถวนี้มีเซลล์เกิน {MAX_COLUMN} เซลล์ {RESAVE}", row=row)
        found.last_row = max(found.last_row, row)
        found.last_column = max(found.last_column, column)

    def boundaries(self, ref, what):
        try:
            bounds = range_boundaries(ref.upper())
        except Exception:  # as above
            raise _damaged(f"{what}ของแผ่นงาน “{self.title}”") from None
        if None in bounds:  # a whole row or column ("A:A", "1:1")
            min_col, min_row, max_col, max_row = bounds
            bounds = (min_col or 1, min_row or 1, max_col or 16_384, max_row or 1_048_576)
        return bounds

    def dimension(self, ref):
        bounds = self.boundaries(ref, "ขนาดที่ประกาศไว้")
        self.found.declared = bounds
        _, _, max_col, max_row = bounds
        if max_col > MAX_COLUMN or max_row > MAX_ROW:
            raise self.refuse(
                f"แผ่นงานประกาศขนาดไว้ {ref} ({max_row:,} แถว × {max_col:,} คอลัมน์) "
                f"เกินขนาดที่รับได้ ({MAX_ROW:,} แถว × {MAX_COLUMN} คอลัมน์ ถึงคอลัมน์ "
                f"{get_column_letter(MAX_COLUMN)}) {CLEAN_UP}"
            )

    def merge(self, ref):
        merged = self.found.merged
        merged.append(self.boundaries(ref, "ช่วงเซลล์ที่ผสาน"))
        if len(merged) > MAX_MERGED:
            raise self.refuse(f"มีช่วงเซลล์ที่ผสาน (merge) เกิน {MAX_MERGED:,} ช่วง {RESAVE}")


class _StringScan:
    def __init__(self, inspection):
        self.found = inspection
        self.text = 0
        self.in_text = False

    def start(self, name, attributes):
        self.in_text = name == _TEXT
        if name == _STRING:
            self.found.strings += 1
            self.text = 0
            if self.found.strings > MAX_STRINGS:
                raise Refused(f"ไฟล์มีข้อความที่ไม่ซ้ำกันเกิน {MAX_STRINGS:,} ข้อความ กรุณาแบ่งเป็นหลายไฟล์")

    def characters(self, data):
        if self.in_text:
            self.text += len(data)
            if self.text > MAX_TEXT:
                raise Refused(
                    f"ไฟล์มีข้อความยาวเกิน {MAX_TEXT:,} ตัวอักษร (ข้อความลำดับที่ "
                    f"{self.found.strings:,} ในตารางข้อความของไฟล์) ซึ่งเป็นขีดจำกัดของเซลล์ใน Excel เอง"
                )


def _scan(archive, path, label, handlers) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = handlers.start
    parser.CharacterDataHandler = handlers.characters
    try:
        for chunk in _chunks(archive, archive.getinfo(path), label):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise _damaged(label) from None


# --- all of it --------------------------------------------------------------------------


def inspect(data: bytes) -> Inspection:
    """Check `data` against every limit without parsing it as a workbook.

    Raises Refused (Thai, naming what and where); returns what was found.
    """
    archive = _archive(data)
    with archive:
        tally = {}
        structure = _structure(archive, tally)
        sheets = [sheet for sheet in structure.sheets if not sheet[2]]
        if len(structure.sheets) > MAX_SHEETS:
            raise Refused(
                f"ไฟล์มี {len(structure.sheets):,} แผ่นงาน เกิน {MAX_SHEETS} แผ่นงานที่รับได้ "
                "กรุณาคัดลอกแผ่นงานที่ต้องการไปไว้ในไฟล์ใหม่"
            )
        if not sheets:
            raise Refused("ไม่มีแผ่นงาน")
        entries = archive.infolist()
        for entry in entries:
            if entry.filename not in tally:
                _check_size(entry, structure.label(entry.filename))
        inflated = sum(entry.file_size for entry in entries)
        if inflated > MAX_TOTAL_BYTES:
            raise Refused(
                f"ไฟล์นี้เมื่อคลายการบีบอัดมีขนาด {_mb(inflated)} เกิน {_mb(MAX_TOTAL_BYTES)} "
                f"ที่รับได้ {CLEAN_UP}"
            )
        total = 0
        for entry in entries:
            label = structure.label(entry.filename)
            if entry.filename not in tally and structure.parsed(entry.filename):
                streamed = entry.filename in structure.streamed
                limit = MAX_STREAMED_ELEMENTS if streamed else MAX_TREE_ELEMENTS
                tally[entry.filename] = _count_elements(archive, entry, label, limit)
            tally.setdefault(entry.filename, 0)
            total += tally[entry.filename]
            if total > MAX_TOTAL_ELEMENTS:
                raise Refused(
                    f"ไฟล์มีองค์ประกอบ (เซลล์ แถว รูปแบบ ฯลฯ) รวมกันเกิน {MAX_TOTAL_ELEMENTS:,} "
                    f"รายการที่รับได้ {CLEAN_UP}"
                )
        title, path, _ = sheets[0]
        found = Inspection(
            sheet_title=title,
            sheet_path=path,
            sheet_count=len(structure.sheets),
            elements=total,
            inflated=inflated,
        )
        _scan(archive, path, structure.labels[path], _SheetScan(found, title))
        if structure.strings_path and structure.strings_path in archive.namelist():
            strings_label = structure.labels[structure.strings_path]
            _scan(archive, structure.strings_path, strings_label, _StringScan(found))
    return found


# --- reading, once inspected ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetCell:
    """A cell's value and fill (an openpyxl PatternFill, or None)."""

    value: object
    fill: object


EMPTY = SheetCell(None, None)


class Sheet:
    """The first worksheet of an inspected workbook, streamed row by row.

    Use as a context manager (the archive stays open while rows are read).
    """

    def __init__(self, data: bytes, inspection: Inspection):
        self.inspection = inspection
        self.title = inspection.sheet_title
        self.merged = inspection.merged
        self.last_row = inspection.last_row
        self.width = max(inspection.last_column, 1)
        try:
            self.workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception:  # openpyxl on a hostile file: many types
            raise _damaged("สมุดงาน") from None
        worksheets = self.workbook.worksheets
        if not worksheets or worksheets[0]._worksheet_path != inspection.sheet_path:
            self.close()
            raise _damaged("สมุดงาน")
        self.worksheet = worksheets[0]
        # The declared dimension is a claim, not the truth: read what the sheet holds.
        self.worksheet.reset_dimensions()
        self._fills = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.workbook.close()

    def rows(self, max_row=None) -> Iterator[tuple[int, tuple]]:
        """(row number, cells) from row 1, each row `width` SheetCells wide; rows the file
        leaves out come as empty rows. Raises Refused when openpyxl cannot read on."""
        cells = self.worksheet.iter_rows(min_row=1, max_row=max_row, max_col=self.width)
        empty_row = (EMPTY,) * self.width
        number = 0
        while True:
            try:
                row = next(cells)
            except StopIteration:
                return
            except Exception:  # openpyxl on a hostile file: many types
                raise _damaged(f"แผ่นงาน “{self.title}”") from None
            number += 1
            if row[-1] is EMPTY_CELL and all(map(operator.is_, row, repeat(EMPTY_CELL))):
                yield number, empty_row  # rows the file leaves out, or holds no cell in
            else:
                yield number, tuple([EMPTY if c is EMPTY_CELL else self._cell(c) for c in row])

    def _cell(self, cell):
        if cell is EMPTY_CELL:
            return EMPTY
        style = cell._style_id
        fill = self._fills.get(style)
        if fill is None and style not in self._fills:
            try:
                fill = cell.fill
            except Exception:  # a style the file does not define
                raise _damaged(f"รูปแบบเซลล์ของแผ่นงาน “{self.title}”") from None
            self._fills[style] = fill
        return SheetCell(cell.value, fill)


def open_sheet(data: bytes) -> Sheet:
    """Inspect `data`, then open its first worksheet for reading. Raises Refused."""
    return Sheet(data, inspect(data))
