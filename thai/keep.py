"""Keep together, in printed Thai, what a reader reads as one unit (ADR 0037, ADR 0046).

Pango breaks Thai lines with libthai's dictionary, which knows the parts of a compound
better than the compound: it printed "ผู้|เข้าร่วม", "เฉลิมพระ|เกียรติ", "ดำเนิน|การ"
(leaving "การ" alone on a line), "คณะ|กรรมการ", and broke numbered references and
amounts: "หมู่|ที่ ๓", "ครั้งที่ ๑/|๒๕๖๙", "(ฉบับที่|๒)", "๓๒๐ | เมตร".

`install()` (called when Django starts, so every process that prints has it, the
parallel-render children included) makes every text WeasyPrint lays out carry Pango's
allow-breaks attribute, switched off, over each such unit: a line may break before or after
the unit, never inside. The HTML is not touched, so the text layer, the in-app pages and
the documents' digests stay as they were. It replaced inline-block spans around the units
(the first way, ADR 0037), which WeasyPrint laid out as boxes of their own and which made a
1,000-project ผด.02 take twice as long (ADR 0046). A word joiner (U+2060) would be the
textbook tool, but Pango ignores it between Thai words (measured: "คณะ⁠|กรรมการ" still
breaks).

A unit must fit on a line of the narrowest column it appears in (a ผด.02 place cell is
26 mm, about 18 Thai characters at 9 pt): keep COMPOUNDS short.

It wraps two methods of WeasyPrint's text layout, whose version is pinned exactly in
pyproject.toml; tests/reports/test_typesetting.py fails loudly if an upgrade moves them.
"""

import functools
import re

# The maintained list: compounds of planning documents whose parts are words themselves,
# so the dictionary breaks between them. Add a word here when a printed break splits it.
COMPOUNDS = (
    "โครงการ/กิจกรรม",
    "ดำเนินการ",
    "ดำเนินงาน",
    "คณะกรรมการ",
    "กรรมการ",
    "ผู้บริหาร",
    "ผู้เข้าร่วม",
    "ผู้อำนวยการ",
    "ผู้รับผิดชอบ",
    "ผู้ดำเนินการ",
    "ผู้ใหญ่บ้าน",
    "ผู้สูงอายุ",
    "ผู้พิการ",
    "ผู้ด้อยโอกาส",
    "เฉลิมพระเกียรติ",
    "พระราชพิธี",
    "พระบรมราชินี",
    "ประชาสัมพันธ์",
    "ประชาคม",
    "งบประมาณ",
    "ยุทธศาสตร์",
    "แผนงาน",
    "แผนพัฒนา",
    "ท้องถิ่น",
    "สาธารณะ",
    "สาธารณสุข",
    "สิ่งแวดล้อม",
    "โครงสร้างพื้นฐาน",
    "คอนกรีตเสริมเหล็ก",
    "ครุภัณฑ์",
    "จัดซื้อจัดจ้าง",
    "อนุมัติ",
    "เห็นชอบ",
    "ประกาศใช้",
    "ปลัดองค์การ",
    "นายกเทศมนตรี",
    "เทศบัญญัติ",
    "ข้อบัญญัติ",
    "ศูนย์พัฒนาเด็กเล็ก",
    "อาสาสมัคร",
    "ประจำปี",
    "ไม่น้อยกว่า",
    "ไม่เกิน",
    "หน่วยงาน",
    "จัดทำ",
    "ร่วมกัน",
    "ประสิทธิภาพ",
    "การเกษตร",
    "การศึกษา",
    "ลอยกระทง",
    "ทุกคน",
    "คนพิการ",
    "ทำความสะอาด",
    "กลางบ้าน",
    "แสดงภาพ",
    "ส่องสว่าง",
    "ขยายเวลา",
)
# Words a number is read with: "หมู่ที่ ๓", "ครั้งที่ ๑/๒๕๖๙", "ข้อ ๒๖", "พ.ศ. ๒๕๖๙".
NUMBERED = (
    "หมู่ที่", "ครั้งที่", "ฉบับที่", "ระยะที่", "ระเบียบวาระที่", "ลำดับที่", "ข้อ", "พ.ศ.", "ม.",
)  # fmt: skip
# Units a number is read with: "๓๒๐ เมตร", "๑,๐๐๐ โครงการ", "๓๕๐,๐๐๐ บาท".
UNITS = (
    "ลูกบาศก์เมตร", "ตารางเมตร", "ตารางวา", "กิโลเมตร", "เซนติเมตร", "มิลลิเมตร", "เมตร",
    "บาท", "สตางค์", "โครงการ", "รายการ", "กิจกรรม", "หมู่บ้าน", "ครัวเรือน", "คน", "ราย",
    "จุด", "แห่ง", "เครื่อง", "ชุด", "หลัง", "ตัว", "ต้น", "ไร่", "งาน", "วัน", "เดือน", "ปี",
    "ครั้ง", "ชั่วโมง", "นาที", "ลิตร", "กิโลกรัม", "ตัน", "ป้าย", "ห้อง", "เส้น", "สาย", "บ่อ",
    "ท่อน", "แผ่น", "ถัง", "ชั้น", "คัน", "อัตรา", "เปอร์เซ็นต์", "น.",
)  # fmt: skip

_DIGIT = "[0-9๐-๙]"
_NUMBER = f"{_DIGIT}+(?:[,.]{_DIGIT}+)*"
_THAI_LETTER = "[\u0e01-\u0e4e]"


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# A unit only when no Thai letter follows it ("๓ คนงาน" is not "๓ คน" + "งาน").
_UNIT = re.compile(
    rf"(?:\({_alternatives(('ฉบับที่',))} ?{_NUMBER}\))"
    rf"|(?:(?:{_alternatives(NUMBERED)}) ?{_NUMBER}(?:/{_NUMBER})?)"
    rf"|(?:{_NUMBER} ?(?:{_alternatives(UNITS)})(?!{_THAI_LETTER}))"
    rf"|(?:{_alternatives(COMPOUNDS)})"
)


def units(text: str) -> list[str]:
    """The units of `text` that are kept together, in order (for tests and the ADR)."""
    return [m.group(0) for m in _UNIT.finditer(text)]


@functools.lru_cache(maxsize=8192)
def byte_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) UTF-8 byte offsets of the units of `text`: Pango counts in bytes."""
    ranges = []
    for match in _UNIT.finditer(text):
        start = len(text[: match.start()].encode())
        ranges.append((start, start + len(match.group(0).encode())))
    return tuple(ranges)


# WeasyPrint's Pango layout (one per text being measured or drawn) and its two methods that
# the wrappers below extend: setup() makes the PangoLayout, set_text() gives it a text and the
# attributes the style asks for (letter and word spacing).
_layout_class = None
_original_setup = None
_original_set_text = None
_declared = False  # the two Pango functions below, declared once per process


def _setup(self, style):
    _original_setup(self, style)
    # The attributes setup() gave (font features), to start from again on every new text.
    from weasyprint.text.ffi import ffi, pango

    given = pango.pango_layout_get_attributes(self.layout)
    self.thai_keep_base = (
        None
        if given == ffi.NULL
        else ffi.gc(pango.pango_attr_list_copy(given), pango.pango_attr_list_unref)
    )
    self.thai_keep_set = False


def _set_text(self, text, justify=False):
    from weasyprint.text.ffi import ffi, pango

    if getattr(self, "thai_keep_set", False):
        # The ranges of the text before do not fit this one: back to setup()'s attributes.
        base = getattr(self, "thai_keep_base", None)  # None: set up before install()
        if base is not None:
            base = ffi.gc(pango.pango_attr_list_copy(base), pango.pango_attr_list_unref)
        pango.pango_layout_set_attributes(self.layout, ffi.NULL if base is None else base)
        self.thai_keep_set = False
    _original_set_text(self, text, justify)
    ranges = byte_ranges(self.text)
    if not ranges:
        return
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    for start, end in ranges:
        attribute = pango.pango_attr_allow_breaks_new(False)
        attribute.start_index, attribute.end_index = start, end
        pango.pango_attr_list_change(attributes, attribute)
    pango.pango_layout_set_attributes(self.layout, attributes)
    self.thai_keep_set = True


def install() -> None:
    """Keep the units together in every text WeasyPrint lays out (idempotent)."""
    global _layout_class, _original_setup, _original_set_text, _declared
    from weasyprint.text import line_break
    from weasyprint.text.ffi import ffi

    if _layout_class is not None:
        return
    # WeasyPrint declares the Pango functions it calls; these two it does not call itself.
    if not _declared:
        ffi.cdef(
            "PangoAttribute * pango_attr_allow_breaks_new (int allow_breaks);\n"
            "PangoAttrList * pango_attr_list_copy (PangoAttrList *list);"
        )
        _declared = True
    _layout_class = line_break.Layout
    _original_setup, _original_set_text = _layout_class.setup, _layout_class.set_text
    _layout_class.setup, _layout_class.set_text = _setup, _set_text


def uninstall() -> None:
    """WeasyPrint's own line breaking again (for before/after comparisons in tests)."""
    global _layout_class
    if _layout_class is None:
        return
    _layout_class.setup, _layout_class.set_text = _original_setup, _original_set_text
    _layout_class = None


def is_installed() -> bool:
    return _layout_class is not None
