"""Thai in OpPlan's PDFs copies, searches and reads aloud as printed (ActualText spans).

Text is extracted with poppler's pdftotext (it honours /ActualText) and compared
with the source after removing whitespace.
"""

import io
import os
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
import weasyprint
from django.conf import settings
from pypdf import PdfReader

from reports import pdf_text
from reports.builders import build_pd02
from tests.factories import make_project, make_strategy
from tests.printing import html_of
from thai.format import thai_digits
from thai.pdf import render_pdf

PDFTOTEXT = shutil.which("pdftotext")
if PDFTOTEXT is None and os.environ.get("OPPLAN_REQUIRE_TOOLS") == "1":
    raise RuntimeError("pdftotext (poppler-utils) is required in CI")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="poppler's pdftotext is not installed (apt-get install poppler-utils)"
)

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F) if chr(c) not in "ฃฅ"]
TONES = ["", "\u0e48", "\u0e49", "\u0e4a", "\u0e4b"]
SARA_AM = "\u0e33"
WORDS = ["น้ำ", "ค่ำ", "ทำ", "กำนัน", "ดำเนินการ", "ประจำปี", "คำนวณ", "ลำดับ", "อำเภอ", "จำนวน"]
# Other clusters Sarabun draws with substitute or stacked glyphs.
CLUSTERS = ["ปิ่น", "ฝั่ง", "ฟ้า", "ญุ่น", "ฐุ", "ฎุ", "ฏู", "ปั๊ม", "ก๋วยเตี๋ยว", "ฤๅษี", "ที่", "สิ้น", "ปี่", "ฟื้น"]
OTHERS = ["๑๒๓๔๕๖๗๘๙๐", "0123456789", "OpPlan Budget 2,500.00", "ๆ", "ฯลฯ"]


def page(text_lines):
    body = "".join(f"<p>{line}</p>" for line in text_lines)
    regular = (settings.SARABUN_DIR / "Sarabun-Regular.ttf").as_uri()
    return (
        f'<html lang="th"><style>@font-face {{ font-family: S; src: url("{regular}"); }}'
        f"body {{ font-family: S; font-size: 12pt; }}</style><body>{body}</body></html>"
    )


def extract(pdf: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-raw", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def corpus():
    am = [consonant + tone + SARA_AM for consonant in CONSONANTS for tone in TONES]
    return [" ".join(am[i : i + 20]) for i in range(0, len(am), 20)] + WORDS + CLUSTERS + OTHERS


def test_weasyprint_is_the_version_the_mechanism_was_written_for():
    # Upgrading WeasyPrint? Check that draw_first_line still draws one line per call
    # and that the tests below still pass, then update the pin and this number.
    import inspect

    assert weasyprint.__version__ == "70.0"
    original = pdf_text._original_draw_first_line
    assert list(inspect.signature(original).parameters) == [
        "stream",
        "textbox",
        "text_overflow",
        "block_ellipsis",
        "matrix",
    ]
    assert pdf_text.is_installed()


@needs_pdftotext
def test_the_corpus_extracts_exactly_as_written():
    lines = corpus()
    text = extract(render_pdf(page(lines)))
    assert squash(text) == squash("".join(lines))


@needs_pdftotext
def test_without_the_mechanism_sara_am_extracts_wrongly():
    # Proves the test above can fail: WeasyPrint's own text layer loses ำ and tone marks.
    pdf_text.uninstall()
    try:
        from weasyprint import HTML

        text = extract(HTML(string=page(WORDS)).write_pdf())
    finally:
        pdf_text.install()
    assert squash(text) != squash("".join(WORDS))


def _raw_content(pdf: bytes) -> bytes:
    return b"".join(p.get_contents().get_data() for p in PdfReader(io.BytesIO(pdf)).pages)


def _content_without_marked_content(pdf: bytes) -> list[bytes]:
    streams = []
    for p in PdfReader(io.BytesIO(pdf)).pages:
        data = p.get_contents().get_data()
        data = re.sub(rb"/Span\s*<<\s*/ActualText\s*<[0-9A-F]+>\s*>>\s*BDC", b"", data)
        streams.append(re.sub(rb"\bEMC\b", b"", data).split())
    return streams


def test_the_printed_page_does_not_change():
    html = page(corpus())
    with_spans = render_pdf(html)
    pdf_text.uninstall()
    try:
        from weasyprint import HTML

        without = HTML(string=html).write_pdf()
    finally:
        pdf_text.install()
    assert b"/ActualText" in _raw_content(with_spans)
    assert b"/ActualText" not in _raw_content(without)
    assert _content_without_marked_content(with_spans) == _content_without_marked_content(without)


NAMES = [
    "โครงการดำเนินการขุดลอกหนองน้ำสาธารณะ หมู่ที่ {n}",
    "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็กเพื่อการเกษตร สายที่ {n}",
    "โครงการจัดทำแผนชุมชนและประชาคมหมู่บ้าน ครั้งที่ {n}",
    "โครงการส่งเสริมอาชีพกลุ่มผู้สูงอายุทำขนมไทย รุ่นที่ {n}",
    "โครงการซ่อมแซมท่อระบายน้ำและบ่อพักน้ำ จุดที่ {n}",
    "กิจกรรมรณรงค์กำจัดลูกน้ำยุงลาย รอบที่ {n}",
    "โครงการติดตั้งไฟฟ้าส่องสว่างริมทางเข้าหมู่บ้านน้ำคำ ช่วงที่ {n}",
]


@needs_pdftotext
@pytest.mark.django_db
def test_every_project_name_of_a_58_project_pd02_extracts_exactly(plan):
    strategy = make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐานและการจัดการน้ำ")
    names = [NAMES[i % len(NAMES)].format(n=i + 1) for i in range(58)]
    printed = [thai_digits(name) for name in names]  # the organisation prints Thai digits
    for index, name in enumerate(names):
        make_project(plan, strategy=strategy, name=name, budget=Decimal(1000 + index), order=index)
    text = squash(extract(render_pdf(html_of(build_pd02(plan), "pd02"))))
    found = [name for name in printed if squash(name) in text]
    assert len(found) == 58, sorted(set(printed) - set(found))
