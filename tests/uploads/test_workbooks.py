"""uploads.workbooks: every hostile file is refused in Thai before openpyxl parses it;
files within the limits are streamed in read-only mode, merged ranges and fills included.

How long refusing or reading each file takes, and how much memory, is measured by
`make bench` (bench/uploads_bench.py), not here.
"""

import io
import os
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from tests import hostile_files as hostile
from uploads import workbooks
from uploads.workbooks import Refused


@pytest.fixture
def parser_never_called(monkeypatch):
    """openpyxl's workbook reader fails the test if it is reached."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed before it was refused")

    monkeypatch.setattr(workbooks, "load_workbook", refuse)


def refusal(data) -> Refused:
    with pytest.raises(Refused) as caught:
        workbooks.open_sheet(data)
    return caught.value


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_of(data, **options):
    with workbooks.open_sheet(data) as sheet:
        return [(number, [cell.value for cell in cells]) for number, cells in sheet.rows(**options)]


class TestTheProbesFiles:
    """The three files of issue #14, refused before any parsing."""

    def test_a_zip_bomb_of_empty_styled_cells(self, parser_never_called):
        data = hostile.empty_styled_cells(1_500_000)
        assert len(data) < 5 * 1024 * 1024
        error = refusal(data)
        assert error.message.startswith(
            "แผ่นงาน “ผด.02” เมื่อคลายการบีบอัดมีขนาด 30.3 MB เกิน 25.0 MB ที่รับได้ "
            "กรุณาเปิดไฟล์ใน Excel ลบแถวและคอลัมน์ว่างที่อยู่เลยตาราง"
        )

    def test_one_200_mb_string_in_the_shared_strings(self, parser_never_called):
        data = hostile.one_huge_string(200 * 1024 * 1024)
        assert len(data) < 250 * 1024
        assert refusal(data).message.startswith(
            "ตารางข้อความของไฟล์ (sharedStrings.xml) เมื่อคลายการบีบอัดมีขนาด 200.0 MB เกิน 25.0 MB ที่รับได้"
        )

    def test_a_huge_declared_dimension(self, parser_never_called):
        error = refusal(hostile.huge_declared_dimension())
        assert error.sheet == "ผด.02"
        assert error.message.startswith(
            "แผ่นงานประกาศขนาดไว้ A1:XFD1048576 (1,048,576 แถว × 16,384 คอลัมน์) "
            "เกินขนาดที่รับได้ (65,536 แถว × 256 คอลัมน์ ถึงคอลัมน์ IV)"
        )


class TestEachLimit:
    def test_too_big_a_file(self, parser_never_called):
        assert refusal(b"PK" + b"\0" * (10 * 1024 * 1024)).message == "ไฟล์ใหญ่เกิน 10 MB"

    def test_not_a_zip(self, parser_never_called):
        assert refusal(b"%PDF-1.4").message == workbooks.NOT_XLSX

    def test_a_zip_version_python_cannot_read(self, parser_never_called):
        """Found by hypothesis: a directory entry needing "zip version 8.4" made zipfile
        raise NotImplementedError, a 500 for the import pages."""
        data = bytearray(saved(Workbook()))
        at = data.index(b"PK\x01\x02")  # the first entry of the central directory
        data[at + 6 : at + 8] = (84).to_bytes(2, "little")  # version needed to extract
        assert refusal(bytes(data)).message == workbooks.NOT_XLSX

    def test_empty_styled_cells_within_the_size_but_beyond_the_cell_limit(
        self, parser_never_called
    ):
        error = refusal(hostile.empty_styled_cells(250_000))
        assert error.sheet == "ผด.02"
        assert error.message.startswith(
            "มีเซลล์เกิน 200,000 เซลล์ (นับเซลล์ว่างที่มีการจัดรูปแบบด้วย) ถึงแถว 2,001 แล้ว"
        )

    def test_a_highly_compressed_part(self, parser_never_called):
        error = refusal(hostile.one_huge_string(20 * 1024 * 1024))
        assert error.message.startswith("ตารางข้อความของไฟล์ (sharedStrings.xml) ถูกบีบอัดไว้ถึง ")
        assert "เท่า (ขนาดจริง 20.0 MB) เกิน 100 เท่าที่ไฟล์ Excel ทั่วไปมี" in error.message

    def test_everything_inflated_together(self, parser_never_called):
        # Three 21 MB parts that compress about 10 times: within the limits one by one,
        # not all together.
        noise = bytes.maketrans(bytes(range(256)), bytes(b"aaab"[i % 4] for i in range(256)))
        media = {f"xl/media/image{i}.bin": os.urandom(21 * 1024 * 1024).translate(noise)
                 for i in range(3)}  # fmt: skip
        rows = [hostile.inline_row(1, ["โครงการ"])]
        data = hostile.package(hostile.workbook_parts([("ผด.02", hostile.sheet_xml(rows))],
                                                      extra_parts=media))  # fmt: skip
        assert len(data) < 10 * 1024 * 1024
        assert refusal(data).message.startswith("ไฟล์นี้เมื่อคลายการบีบอัดมีขนาด 63.0 MB เกิน 60.0 MB ที่รับได้")

    def test_too_many_parts(self, parser_never_called):
        rows = [hostile.inline_row(1, ["โครงการ"])]
        extra = {f"customXml/item{i}.xml": b"<a/>" for i in range(1_000)}
        parts = hostile.workbook_parts([("ผด.02", hostile.sheet_xml(rows))], extra_parts=extra)
        assert refusal(hostile.package(parts)).message == (
            "ไฟล์นี้มีส่วนประกอบภายใน 1,006 ส่วน เกิน 1,000 ส่วนที่รับได้ (ไฟล์ Excel ทั่วไปมีไม่ถึง 100 ส่วน)"
        )

    def test_too_many_sheets(self, parser_never_called):
        sheets = [(f"แผ่น{i}", hostile.sheet_xml([])) for i in range(1, 52)]
        assert refusal(hostile.package(hostile.workbook_parts(sheets))).message == (
            "ไฟล์มี 51 แผ่นงาน เกิน 50 แผ่นงานที่รับได้ กรุณาคัดลอกแผ่นงานที่ต้องการไปไว้ในไฟล์ใหม่"
        )

    def test_too_many_elements_in_a_part_read_whole(self, parser_never_called):
        styles = hostile.STYLES.replace(
            b"</styleSheet>", b"<extLst>" + b"<x/>" * 100_000 + b"</extLst></styleSheet>"
        )
        data = hostile.xlsx(hostile.sheet_xml([]), styles=styles)
        assert refusal(data).message.startswith(
            "รูปแบบเซลล์ของไฟล์ (styles.xml) มีองค์ประกอบ (เซลล์ แถว รูปแบบ ฯลฯ) มากเกิน 100,000 รายการที่รับได้"
        )

    def test_an_entity_declaration(self, parser_never_called):
        laughs = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        )
        sheet = [laughs, f'<worksheet xmlns="{hostile.MAIN}"><sheetData/></worksheet>'.encode()]
        assert refusal(hostile.xlsx(sheet)).message == (
            "แผ่นงาน “ผด.02” มีการประกาศ DTD หรือ entity ซึ่งไฟล์ Excel ไม่มี จึงไม่อ่านไฟล์นี้"
        )

    def test_a_cell_beyond_column_iv(self, parser_never_called):
        rows = [b'<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c><c r="IW3" s="1"/></row>']
        error = refusal(hostile.xlsx(hostile.sheet_xml(rows)))
        assert (error.sheet, error.row) == ("ผด.02", 3)
        assert error.message.startswith("มีเซลล์ IW3 อยู่เลยขอบเขตที่รับได้ (ถึงคอลัมน์ IV และแถว 65,536)")

    def test_a_row_beyond_65536(self, parser_never_called):
        rows = [b'<row r="70000"><c r="A70000" s="1"/></row>']
        error = refusal(hostile.xlsx(hostile.sheet_xml(rows)))
        assert (error.sheet, error.row) == ("ผด.02", 70_000)
        assert error.message.startswith("มีแถวเกินแถวที่ 65,536 ที่รับได้")

    def test_too_many_merged_ranges(self, parser_never_called):
        merges = [f"A{n}:B{n}" for n in range(1, 10_002)]
        error = refusal(hostile.xlsx(hostile.sheet_xml([], merges=merges)))
        assert error.message.startswith("มีช่วงเซลล์ที่ผสาน (merge) เกิน 10,000 ช่วง")

    def test_a_cell_text_longer_than_excel_allows(self, parser_never_called):
        rows = [hostile.inline_row(2, ["ก", "ข" * 32_768])]
        error = refusal(hostile.xlsx(hostile.sheet_xml(rows)))
        assert error.sheet == "ผด.02"
        assert error.message == "เซลล์ B2 มีข้อความยาวเกิน 32,767 ตัวอักษร ซึ่งเป็นขีดจำกัดของ Excel เอง"

    def test_a_shared_string_longer_than_excel_allows(self, parser_never_called):
        strings = hostile.strings_xml([b"a", "ข".encode() * 32_768])
        error = refusal(hostile.xlsx(hostile.sheet_xml([]), strings=strings))
        assert error.message == (
            "ไฟล์มีข้อความยาวเกิน 32,767 ตัวอักษร (ข้อความลำดับที่ 2 ในตารางข้อความของไฟล์) "
            "ซึ่งเป็นขีดจำกัดของเซลล์ใน Excel เอง"
        )

    def test_a_compression_excel_does_not_use(self, parser_never_called):
        parts = hostile.workbook_parts([("ผด.02", hostile.sheet_xml([]))])
        data = hostile.package(parts, compression=zipfile.ZIP_BZIP2)
        assert refusal(data).message == (
            "ส่วน “[Content_Types].xml” ของไฟล์ใช้วิธีบีบอัดที่ Excel ไม่ใช้ "
            "กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่เป็น .xlsx"
        )

    def test_an_encrypted_part(self, parser_never_called):
        data = bytearray(hostile.xlsx(hostile.sheet_xml([])))
        directory = data.find(b"PK\x01\x02")  # the first central directory entry
        data[directory + 8] |= 0x1  # its "encrypted" flag
        assert refusal(bytes(data)).message == (
            "ไฟล์นี้ตั้งรหัสผ่านไว้ กรุณาเอารหัสผ่านออกใน Excel แล้วบันทึกใหม่"
        )


def test_parts_openpyxl_never_parses_are_not_counted_as_xml():
    rows = [hostile.inline_row(1, ["โครงการ"])]
    media = {"xl/media/image1.png": b"<" * 200_000}  # more "<" than a part read whole may hold
    parts = hostile.workbook_parts([("ผด.02", hostile.sheet_xml(rows))], extra_parts=media)
    assert workbooks.inspect(hostile.package(parts)).sheet_title == "ผด.02"


class TestDamagedFiles:
    """What openpyxl would stumble on is a Thai refusal, never an exception."""

    def test_malformed_sheet_xml(self, parser_never_called):
        error = refusal(hostile.xlsx([b"<worksheet><sheetData><row>"]))
        assert (
            error.message
            == "ไฟล์เสียหาย อ่านแผ่นงาน “ผด.02” ไม่ได้ กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่เป็น .xlsx"
        )

    def test_a_bad_cell_reference(self, parser_never_called):
        error = refusal(hostile.xlsx(hostile.sheet_xml([b'<row r="1"><c r="1A"/></row>'])))
        assert error.message.startswith("ไฟล์เสียหาย อ่านแผ่นงาน “ผด.02” (ตำแหน่งเซลล์ “1A”) ไม่ได้")

    def test_a_missing_workbook(self, parser_never_called):
        parts = hostile.workbook_parts([("ผด.02", hostile.sheet_xml([]))])
        del parts["xl/workbook.xml"]
        assert refusal(hostile.package(parts)).message.startswith("ไฟล์เสียหาย อ่านรายชื่อแผ่นงาน")

    def test_a_style_the_file_does_not_define(self):
        rows = [b'<row r="1"><c r="A1" s="99"/></row>']
        with pytest.raises(Refused) as caught:
            rows_of(hostile.xlsx(hostile.sheet_xml(rows)))
        assert caught.value.message.startswith("ไฟล์เสียหาย อ่านรูปแบบเซลล์ของแผ่นงาน “ผด.02” ไม่ได้")

    def test_a_shared_string_the_file_does_not_have(self):
        rows = [b'<row r="1"><c r="A1" t="s"><v>7</v></c></row>']
        data = hostile.xlsx(hostile.sheet_xml(rows), strings=hostile.strings_xml([b"a"]))
        with pytest.raises(Refused) as caught:
            rows_of(data)
        assert caught.value.message.startswith("ไฟล์เสียหาย อ่านแผ่นงาน “ผด.02” ไม่ได้")


class TestReading:
    def test_rows_values_fills_and_merged_ranges_of_an_excel_like_file(self):
        workbook = Workbook()
        ws = workbook.active
        ws.title = "ผด02"
        ws["A1"] = "โครงการ"
        ws["C1"] = 12.5
        ws["B4"] = "ถนน"
        ws["D4"].fill = PatternFill("solid", fgColor="FF1F4E79")
        ws.merge_cells("E4:G4")
        workbook.create_sheet("อื่น")["A1"] = "ไม่อ่าน"
        with workbooks.open_sheet(saved(workbook)) as sheet:
            # E4:G4 holds no cell: the merged range is known, the rows end at D.
            assert (sheet.title, sheet.merged, sheet.last_row, sheet.width) == (
                "ผด02", [(5, 4, 7, 4)], 4, 4
            )  # fmt: skip
            rows = list(sheet.rows())
        assert [number for number, _ in rows] == [1, 2, 3, 4]
        assert [cell.value for cell in rows[0][1]] == ["โครงการ", None, 12.5, None]
        assert [cell.value for cell in rows[1][1]] == [None] * 4
        fourth = rows[3][1]
        assert fourth[1].value == "ถนน"
        assert fourth[3].fill.fill_type == "solid"
        assert fourth[3].fill.fgColor.rgb == "FF1F4E79"

    def test_a_dimension_smaller_than_the_sheet_does_not_hide_rows(self):
        rows = [hostile.inline_row(n, [f"แถว {n}"]) for n in range(1, 11)]
        data = hostile.xlsx(hostile.sheet_xml(rows, dimension="A1:A1"))
        assert [values for _, values in rows_of(data)] == [[f"แถว {n}"] for n in range(1, 11)]

    def test_rows_without_numbers_and_cells_without_references(self):
        rows = [b'<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>',
                b'<row r="3"><c r="B3"><v>1</v></c></row>']  # fmt: skip
        assert rows_of(hostile.xlsx(hostile.sheet_xml(rows))) == [
            (1, ["a", "b"]), (2, [None, None]), (3, [None, 1])
        ]  # fmt: skip

    def test_within_every_limit(self):
        inspection = workbooks.inspect(hostile.widest_sheet(rows=200))
        assert (inspection.cells, inspection.last_row, inspection.last_column) == (
            199 * 40 + 20, 200, 40
        )  # fmt: skip
        assert inspection.strings == 20_000
