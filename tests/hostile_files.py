"""Hostile and extreme uploads: .xlsx files written part by part, and images (small on
disk, built in seconds).

Shared by the tests (tests/uploads/, tests/projects/, tests/accounts/, tests/approvals/)
and `make bench` (bench/uploads_bench.py), which measures how long refusing or reading
each takes. A workbook is a dict of parts; `package()` zips it. Parts may be bytes or
an iterable of bytes chunks, so a 200 MB part is streamed into the zip and never held
in memory.
"""

import io
import random
import struct
import zipfile
import zlib

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

# Two cell formats: 0 plain, 1 solid-filled (a styled empty cell costs openpyxl a cell).
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>""".encode()


def sheet_xml(rows, *, dimension=None, merges=(), extra=b""):
    """A worksheet's XML as chunks: `rows` yields each <row> element's bytes."""
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData>"
    merges = list(merges)
    if merges:
        yield f'<mergeCells count="{len(merges)}">'.encode()
        yield from (f'<mergeCell ref="{ref}"/>'.encode() for ref in merges)
        yield b"</mergeCells>"
    yield extra
    yield b"</worksheet>"


def inline_row(number, values):
    """A <row> of inline-string cells from column A."""
    cells = "".join(
        f'<c r="{get_column_letter(i)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for i, value in enumerate(values, 1)
        if value is not None
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def strings_xml(texts):
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}">'.encode()
    for text in texts:
        yield b"<si><t>"
        yield from ([text] if isinstance(text, bytes) else text)
        yield b"</t></si>"
    yield b"</sst>"


def workbook_parts(sheets, *, strings=None, styles=STYLES, extra_parts=None):
    """The parts of a workbook with `sheets` [(title, xml chunks)], in order."""
    overrides = [
        (
            "/xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
        (
            "/xl/styles.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
        ),
    ] + [(f"/xl/worksheets/sheet{i}.xml", WORKSHEET_TYPE) for i in range(1, len(sheets) + 1)]
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", STRINGS_TYPE))
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        + "".join(
            f'<sheet name="{title}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (title, _) in enumerate(sheets, 1)
        )
        + "</sheets></workbook>"
    )
    n = len(sheets)
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
        + (
            f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            if strings is not None
            else ""
        )
        + "</Relationships>"
    )
    parts = {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": rels.encode(),
        "xl/workbook.xml": workbook.encode(),
        "xl/_rels/workbook.xml.rels": workbook_rels.encode(),
        "xl/styles.xml": styles,
    }
    for i, (_, xml) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    return parts | (extra_parts or {})


def package(parts, *, compression=zipfile.ZIP_DEFLATED, level=6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=level) as archive:
        for name, content in parts.items():
            with archive.open(name, "w", force_zip64=True) as handle:
                for chunk in [content] if isinstance(content, bytes) else content:
                    handle.write(chunk)
    return buffer.getvalue()


def xlsx(sheet, *, title="ผด.02", strings=None, **options) -> bytes:
    return package(workbook_parts([(title, sheet)], strings=strings, **options))


# --- the hostile files of issue #14 ----------------------------------------------------


def empty_styled_cells(count=1_500_000, width=100, references=True) -> bytes:
    """A zip bomb of empty styled cells: `count` cells that hold nothing but a fill
    (the probe's 5.3 MB file with 1.5 million cells ran 30 s and was killed)."""

    def rows():
        for number in range(1, count // width + 1):
            if references:
                cells = "".join(
                    f'<c r="{get_column_letter(column)}{number}" s="1"/>'
                    for column in range(1, width + 1)
                )
            else:
                cells = '<c s="1"/>' * width
            yield f'<row r="{number}">{cells}</row>'.encode()

    return xlsx(sheet_xml(rows()))


def one_huge_string(size=200 * 1024 * 1024) -> bytes:
    """One string of `size` characters in the shared strings (the probe's 208 KB file
    that pushed the worker to 647 MB)."""
    block = b"x" * (1024 * 1024)

    def text():
        for _ in range(size // len(block)):
            yield block
        yield b"x" * (size % len(block))

    rows = [b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>']
    return xlsx(sheet_xml(rows), strings=strings_xml([text()]))


def huge_declared_dimension() -> bytes:
    """Three cells and a <dimension> claiming the whole grid (openpyxl's read-only mode
    would pad every one of its 1,048,576 rows to 16,384 cells)."""
    rows = [inline_row(1, ["ที่", "โครงการ", "งบประมาณ"])]
    return xlsx(sheet_xml(rows, dimension="A1:XFD1048576"))


# --- extremes within the limits (for make bench) -----------------------------------------


def random_text(rng, length):
    return "".join(
        rng.choice("กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอฮะาิีึืุูเแโใไ่้๊๋ 0123456789") for _ in range(length)
    )


PD02_HEADER = ["ยุทธศาสตร์", "แผนงาน", "โครงการ", "รายละเอียดของกิจกรรม", "งบประมาณ (บาท)",
               "แหล่งงบประมาณ", "สถานที่ดำเนินการ", "หน่วยงานรับผิดชอบหลัก",
               "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.",
               "ส.ค.", "ก.ย."]  # fmt: skip


def plan_row(number, rng, width):
    values = [str(number % 4 + 1), "แผนงานเคหะและชุมชน", f"โครงการที่ {number} " + random_text(rng, 30),
              random_text(rng, 60), str(rng.randrange(1, 10**7)), "", f"หมู่ที่ {number % 12 + 1}",
              "กองช่าง", *["x" if rng.random() < 0.3 else None for _ in range(12)]]  # fmt: skip
    values += [random_text(rng, 10) for _ in range(width - len(values))]
    return inline_row(number, values)


def widest_plan(rows=4_990, width=40, seed=2) -> bytes:
    """A ผด.02 of 4,990 projects, 40 filled columns each in inline strings (the slowest
    cells to read): near the cell limit, every row read."""
    rng = random.Random(seed)
    chunks = [inline_row(1, PD02_HEADER)]
    chunks += (plan_row(number, rng, width) for number in range(2, rows + 2))
    return xlsx(sheet_xml(chunks))


def many_sheets(count=50, cells=29_500, seed=3) -> bytes:
    """A small ผด.02 first, then sheets without a <dimension> (openpyxl reads each whole
    to size it) filling the markup allowed."""
    rng = random.Random(seed)
    first = sheet_xml([inline_row(1, PD02_HEADER), plan_row(2, rng, len(PD02_HEADER))])

    def other():
        width = 50
        for number in range(1, cells // width + 1):
            columns = sorted(rng.sample(range(1, 200), width))
            yield (
                f'<row r="{number}">'
                + "".join(f'<c r="{get_column_letter(c)}{number}" s="1"/>' for c in columns)
                + "</row>"
            ).encode()

    sheets = [("ผด.02", first)] + [(f"แผ่น{i}", sheet_xml(other())) for i in range(2, count + 1)]
    return package(workbook_parts(sheets))


def many_strings(count=300_000, length=20, seed=4) -> bytes:
    """As many shared strings as allowed, the first sheet using a few."""
    rng = random.Random(seed)
    rows = [b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>']
    texts = (random_text(rng, length).encode() for _ in range(count))
    return xlsx(sheet_xml(rows), strings=strings_xml(texts))


def widest_sheet(rows=4_999, width=40, seed=1) -> bytes:
    """A ผด.02 header, then 200,000 cells of shared text (as many cells as allowed)."""
    rng = random.Random(seed)
    texts = [random_text(rng, 40) for _ in range(20_000)]

    def row_chunks():
        yield inline_row(1, PD02_HEADER)
        for number in range(2, rows + 1):
            cells = "".join(
                f'<c r="{get_column_letter(column)}{number}" t="s"><v>{rng.randrange(len(texts))}</v></c>'
                for column in range(1, width + 1)
            )
            yield f'<row r="{number}">{cells}</row>'.encode()

    return xlsx(sheet_xml(row_chunks()), strings=strings_xml(t.encode() for t in texts))


def sparse_far_right(rows=65_536) -> bytes:
    """A ผด.02 header, then one styled cell at column IV in every row down to the last
    row allowed (every row is as wide as the widest)."""
    chunks = [inline_row(1, PD02_HEADER)]
    chunks += (f'<row r="{n}"><c r="IV{n}" s="1"/></row>'.encode() for n in range(2, rows + 1))
    return xlsx(sheet_xml(chunks))


def tall_merges(count=10_000) -> bytes:
    """A ผด.02 header, then the most merged ranges allowed, each starting with a shaded
    cell and reaching the last row allowed across the twelve month columns."""
    chunks = [inline_row(1, PD02_HEADER)]
    chunks += (f'<row r="{n}"><c r="I{n}" s="1"/></row>'.encode() for n in range(2, count + 2))
    chunks.append(inline_row(65_536, ["1", "แผนงานเคหะและชุมชน", "โครงการ", "", "1"]))
    merges = [f"I{n}:T65536" for n in range(2, count + 2)]
    return xlsx(sheet_xml(chunks, merges=merges))


def long_texts(header_row=200, rows=4_990, width=40) -> bytes:
    """One string of 32,767 characters (Excel's own limit) in every cell: above the
    header (where headings are looked for) and in every column of every row below."""
    long = "ก" * 32_767
    every = "".join(
        f'<c r="{get_column_letter(c)}{{n}}" t="s"><v>0</v></c>' for c in range(1, width + 1)
    )

    def chunks():
        for n in range(1, header_row):
            yield f'<row r="{n}">{every.format(n=n)}</row>'.encode()
        yield inline_row(header_row, ["ที่", *PD02_HEADER])
        for n in range(header_row + 1, header_row + 1 + rows - header_row):
            yield f'<row r="{n}">{every.format(n=n)}</row>'.encode()

    return xlsx(sheet_xml(chunks()), strings=strings_xml([long.encode()]))


def long_continuations(rows=4_990) -> bytes:
    """A numbered ผด.02 whose one project is followed by continuation rows, each adding
    a 32,767-character text to every text column (joined to the project above)."""
    long = "ก" * 32_767
    header = ["ที่", *PD02_HEADER]
    text_columns = [4, 5, 8, 9]  # โครงการ, รายละเอียด, สถานที่, หน่วยงาน

    def chunks():
        yield inline_row(1, header)
        yield inline_row(
            2, ["1", "1", "แผนงานเคหะและชุมชน", "โครงการซ่อมถนน", "", "100", "", "", "กองช่าง", "x"]
        )
        for n in range(3, rows + 3):
            cells = "".join(
                f'<c r="{get_column_letter(c)}{n}" t="s"><v>0</v></c>' for c in text_columns
            )
            yield f'<row r="{n}">{cells}</row>'.encode()

    return xlsx(sheet_xml(chunks()), strings=strings_xml([long.encode()]))


# --- images -------------------------------------------------------------------------------


def png_header(width, height, color_type=2, body=b"\0" * 64) -> bytes:
    """A PNG that declares `width` × `height` (colour type 2: truecolour, 3: palette) with
    a body far too short for it: enough for anything that reads only the header."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    chunks = chunk(b"IHDR", header)
    if color_type == 3:
        chunks += chunk(b"PLTE", bytes(range(6)))
    return b"\x89PNG\r\n\x1a\n" + chunks + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b"")


def decompression_bomb() -> bytes:
    """A PNG of 30,000 × 30,000 palette pixels, all zero: a 0.9 GB image in about 1 MB
    (only its first rows are written; nothing reads further than the header)."""
    rows = b"\0" * (30_001 * 2_000)  # filter byte + 30,000 pixels, 2,000 rows
    return png_header(30_000, 30_000, color_type=3, body=rows)


def big_jpeg(side=9_000, mode="L") -> bytes:
    """A real `side` × `side` JPEG (greyscale by default: 81 MB to draw, 1 MB on disk)."""
    from PIL import Image, ImageDraw

    image = Image.new(mode, (side, side), 255)
    ImageDraw.Draw(image).ellipse(
        (side // 10, side // 10, side - side // 10, side - side // 10), fill=40
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def big_png(side=9_000, mode="P") -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new(mode, (side, side), 1 if mode == "P" else "white")
    ImageDraw.Draw(image).ellipse((side // 10, side // 10, side - side // 10, side - side // 10),
                                  fill=2 if mode == "P" else "navy")  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def phone_photo(size=(400, 300), orientation=6) -> bytes:
    """A JPEG as a phone writes it: EXIF with an orientation, a GPS position and a camera."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1] // 4))  # a mark in the top-left
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: 6 = rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (18.0, 47.0, 0.0), 3: "E", 4: (98.0, 59.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()
