"""Keep together, in printed Thai, what a reader reads as one unit (ADR 0037).

Pango breaks Thai lines with libthai's dictionary, which knows the parts of a compound
better than the compound: it printed "ผู้|เข้าร่วม", "เฉลิมพระ|เกียรติ", "ดำเนิน|การ"
(leaving "การ" alone on a line), "คณะ|กรรมการ", and broke numbered references and
amounts: "หมู่|ที่ ๓", "ครั้งที่ ๑/|๒๕๖๙", "(ฉบับที่|๒)", "๓๒๐ | เมตร".

`keep_together(html)` wraps each such unit of a document's text in
<span class="thai-keep"> (an inline-block: a line may break before or after it, never
inside), and adds that one rule to the document's style. thai.pdf.render_pdf applies it to
every PDF, so no template has to remember it. A word joiner (U+2060) would be the textbook
tool, but Pango ignores it between Thai words (measured: "คณะ⁠|กรรมการ" still breaks)
and /ActualText (reports/pdf_text.py) would carry it into the copied text.

A unit must fit on a line of the narrowest column it appears in (a ผด.02 place cell is
26 mm, about 18 Thai characters at 9 pt): keep COMPOUNDS short.
"""

import re

CLASS = "thai-keep"
STYLE = f"<style>.{CLASS} {{ display: inline-block; text-indent: 0; }}</style>"

# The maintained list: compounds of planning documents whose parts are words themselves,
# so the dictionary breaks between them. Add a word here when a printed break splits it.
COMPOUNDS = (
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
# Text between tags; never inside <style>, <title>, <script>, comments (pdf_parallel's marks)
# or an inline <svg>: a span inside its <text> made WeasyPrint lay the chart's labels out as
# a paragraph under the chart (the results report's charts).
_SKIP = re.compile(r"(<!--.*?-->|<(style|title|script|svg)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)


def units(text: str) -> list[str]:
    """The units of `text` that are kept together, in order (for tests and the ADR)."""
    return [m.group(0) for m in _UNIT.finditer(text)]


def keep_text(text: str) -> str:
    """HTML text (already escaped) with each unit wrapped in a keep-together span."""
    return _UNIT.sub(lambda m: f'<span class="{CLASS}">{m.group(0)}</span>', text)


def keep_together(html: str) -> str:
    """A standalone HTML document with its text's units kept together (see the module)."""
    pieces = _SKIP.split(html)
    # split() yields text, markup, the group's tag name, text, markup, name, …
    out = []
    for index in range(0, len(pieces), 3):
        out.append(keep_text(pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    result = "".join(out)
    return result.replace("</head>", STYLE + "</head>", 1)
