"""Thai distributed justification (reports/pdf_justify.py, ADR 0043).

The body paragraphs of the announcements and the committee letters reach both margins:
every line but a paragraph's last ends at the right edge of its paragraph, measured on
WeasyPrint's line boxes and on the glyphs in the PDF (poppler's pdftotext -bbox gives the
extent of each /ActualText span, one per drawn line); the spare width goes between grapheme
clusters, never inside one ("ดำ" stays whole); the text still extracts as written; and
what does not opt in prints exactly as before.
"""

import inspect
import io
import os
import re
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise
from xml.etree import ElementTree

import pytest
import weasyprint
from django.conf import settings
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.draw import text as weasyprint_draw_text
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline as weasyprint_inline
from weasyprint.text.line_break import Layout

from approvals import workflow
from reports import pdf_justify
from reports.builders import build_pd02
from reports.documents import DOCUMENTS, pipeline
from tests.factories import make_project, make_strategy, resolve
from tests.printing import html_of
from tests.reports.results_data import results_plan
from thai import keep
from thai.pdf import render_pdf

PDFTOTEXT = shutil.which("pdftotext")
if PDFTOTEXT is None and os.environ.get("OPPLAN_REQUIRE_TOOLS") == "1":
    raise RuntimeError("pdftotext (poppler-utils) is required in CI")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="poppler's pdftotext is not installed (apt-get install poppler-utils)"
)

PX = 0.75  # pt per CSS px
TOLERANCE_PX = 0.1  # Pango rounds each gap to 1/1024 px
TOLERANCE_PT = 1.0  # a glyph's box in the PDF is its font width, not Pango's exact advance

TEXT = (
    "ตามระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2548 "
    "และที่แก้ไขเพิ่มเติม กำหนดให้คณะกรรมการพัฒนาท้องถิ่นพิจารณาร่างแผนการดำเนินงาน "
    "ก่อนเสนอผู้บริหารท้องถิ่นให้ความเห็นชอบและประกาศใช้ นั้น องค์การบริหารส่วนตำบลหนองบัว"
    "จึงประกาศใช้แผนการดำเนินงานประจำปีงบประมาณ น้ำค่ำทำกำนันดำเนินการประจำปีคำนวณลำดับอำเภอ"
)
# Without spaces, as long Thai sentences are: WeasyPrint alone cannot justify a line of it.
UNSPACED = TEXT.replace(" ", "")
JUSTIFIED = "text-align: justify; --text-justify: inter-character;"
WIDTH_MM = 150  # the test paragraphs' width
LEFT_MARGIN_MM = 20


def page(body, css=""):
    regular = (settings.SARABUN_DIR / "Sarabun-Regular.ttf").as_uri()
    bold = (settings.SARABUN_DIR / "Sarabun-Bold.ttf").as_uri()
    return (
        f'<html lang="th"><head><style>@font-face {{ font-family: S; src: url("{regular}"); }}'
        f'@font-face {{ font-family: S; font-weight: 700; src: url("{bold}"); }}'
        f"@page {{ size: A4; margin: 20mm {LEFT_MARGIN_MM}mm; }}"
        f"body {{ font-family: S; font-size: 14pt; margin: 0; }}"
        f"p {{ width: {WIDTH_MM}mm; margin: 0 0 4mm 0; text-indent: 25mm; }}"
        f".j {{ {JUSTIFIED} }} {css}</style></head><body>{body}</body></html>"
    )


def paragraphs(html, css_class):
    """{paragraph element: [(line box, paragraph's content right edge in px)]} in order,
    across pages, for the paragraphs with `css_class`, laid out as thai.pdf lays them out."""
    document = HTML(string=html).render()
    found = defaultdict(list)
    for page_ in document.pages:
        for box in page_._page_box.descendants():
            element = getattr(box, "element", None)
            if not isinstance(box, boxes.BlockBox) or element is None:
                continue
            if css_class not in (element.get("class") or "").split():
                continue
            right = box.content_box_x() + box.width
            found[element] += [
                (line, right) for line in box.children if isinstance(line, boxes.LineBox)
            ]
    return list(found.values())


def lines_under(html, css_classes):
    """Every line box inside the elements with any of `css_classes`."""
    document = HTML(string=html).render()
    lines = []
    for page_ in document.pages:
        for box in page_._page_box.descendants():
            element = getattr(box, "element", None)
            if not isinstance(box, boxes.BlockBox) or element is None:
                continue
            if set(css_classes) & set((element.get("class") or "").split()):
                lines += [line for line in box.descendants() if isinstance(line, boxes.LineBox)]
    return lines


def spread(line) -> bool:
    """Whether any text of the line (or of a kept unit on it) was laid out with gaps."""
    return any(
        isinstance(getattr(box, "pango_layout", None), pdf_justify.ClusterSpacedLayout)
        and box.pango_layout.cluster_spacing > 0
        for box in line.descendants()
    )


def end(line) -> float:
    return line.position_x + line.width


def assert_justified(lines):
    """Every line but the last ends at the paragraph's right edge; the last is not spread."""
    assert len(lines) >= 2, "a one-line paragraph shows nothing"
    for line, right in lines[:-1]:
        assert abs(end(line) - right) < TOLERANCE_PX, (end(line), right)
    last, right = lines[-1]
    assert not spread(last)
    assert end(last) < right - 1


def squash(text) -> str:
    return re.sub(r"\s+", "", text)


def extract(pdf: bytes) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-raw", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def drawn_lines(pdf: bytes):
    """[(text, xMin, xMax)] in pt of each drawn line (poppler's words are the ActualText spans
    here; a line of several boxes is several words with the same yMin)."""
    result = subprocess.run(
        [PDFTOTEXT, "-bbox", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    lines = {}
    root = ElementTree.fromstring(result.stdout)  # noqa: S314 -- poppler's output for our own PDF
    for word in root.iter("{http://www.w3.org/1999/xhtml}word"):
        key = round(float(word.get("yMin")), 1)
        text, x_min, x_max = lines.get(key, ("", float("inf"), 0.0))
        lines[key] = (
            text + word.text,
            min(x_min, float(word.get("xMin"))),
            max(x_max, float(word.get("xMax"))),
        )
    return [lines[key] for key in sorted(lines)]


def without_justification(make):
    pdf_justify.uninstall()
    try:
        return make()
    finally:
        pdf_justify.install()


# --- what the mechanism relies on in WeasyPrint ------------------------------------------


def test_weasyprint_is_the_version_the_mechanism_was_written_for():
    # Upgrading WeasyPrint? Re-read ADR 0043's list, check each point below against the new
    # source, run this module, then update the pin and these expectations.
    assert weasyprint.__version__ == "70.0"
    # 1. text_align calls the module's justify_line by name, for justified lines but the last.
    original = pdf_justify._original_justify_line
    assert list(inspect.signature(original).parameters) == ["context", "line", "extra_width"]
    assert "justify_line(context, line, offset)" in inspect.getsource(weasyprint_inline.text_align)
    # 2. A text box is drawn from its pango_layout, set again with justify=True.
    assert list(inspect.signature(Layout.set_text).parameters) == ["self", "text", "justify"]
    assert "self.set_text(self.text, justify=True)" in inspect.getsource(Layout.reactivate)
    draw_text = inspect.getsource(weasyprint_draw_text.draw_text)
    assert "textbox.pango_layout.reactivate(textbox.style)" in draw_text
    # 3. Drawing takes each glyph's advance from the laid-out line, after making it one paragraph.
    draw_line = inspect.getsource(pdf_justify_original_draw_first_line())
    assert "pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)" in draw_line
    assert "width = glyph_info.geometry.width" in draw_line
    # 4. Custom properties reach the computed style as "__name" (inherited).
    assert pdf_justify.opts_in(paragraphs(page(f'<p class="j">{TEXT}</p>'), "j")[0][0][0].style)
    assert pdf_justify.is_installed()


def pdf_justify_original_draw_first_line():
    from reports import pdf_text

    return pdf_text._original_draw_first_line


# --- the lines ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [TEXT, UNSPACED], ids=["spaced", "unspaced"])
def test_every_line_but_the_last_reaches_the_right_margin(text):
    (lines,) = paragraphs(page(f'<p class="j">{text}</p>'), "j")
    assert len(lines) >= 4
    assert_justified(lines)
    # The first line keeps its indent: it starts 25 mm in and still ends at the margin.
    first = lines[0][0]
    assert first.children[0].position_x == pytest.approx(first.position_x + 25 * 96 / 25.4)


def test_without_the_mechanism_thai_lines_stay_ragged():
    # Proves the test above can fail: WeasyPrint widens only spaces.
    html = page(f'<p class="j">{UNSPACED}</p>')
    (lines,) = without_justification(lambda: paragraphs(html, "j"))
    assert any(abs(end(line) - right) > 10 for line, right in lines[:-1])


def test_kept_units_and_inline_boxes_share_the_spread():
    # thai.keep keeps "ดำเนินการ", "ท้องถิ่น" … on one line inside their text boxes; <b> is an
    # inline box. Both are spread like the text around them, and no line ends inside a unit.
    body = '<p class="j">' + TEXT.replace("พ.ศ. 2548", "<b>พ.ศ. 2548</b>") + "</p>"
    (lines,) = paragraphs(page(body), "j")
    assert_justified(lines)
    texts = [
        "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox))
        for line, _ in lines
    ]
    units = keep.units(TEXT)
    assert len(units) >= 5
    for before, after in pairwise(texts):
        for unit in units:
            for cut in range(1, len(unit)):
                assert not (before.endswith(unit[:cut]) and after.startswith(unit[cut:])), unit
    inner = [box for line, _ in lines[:-1] for box in line.descendants()]
    holding = [b for b in inner if isinstance(b, boxes.TextBox) and any(u in b.text for u in units)]
    assert holding and all(
        isinstance(box.pango_layout, pdf_justify.ClusterSpacedLayout)
        and box.pango_layout.cluster_spacing > 0
        for box in holding
    )
    bold = [box for box in inner if isinstance(box, boxes.InlineBox)]
    assert bold and all(spread(box) for box in bold)


def test_a_line_that_would_come_apart_stays_at_the_start():
    # Two clusters, then a unit too wide to join them: the line cannot be spread under the cap.
    body = '<p class="j">กข<span style="display: inline-block; width: 145mm">ค</span> ง</p>'
    (lines,) = paragraphs(page(body, "p { text-indent: 0; }"), "j")
    first, right = lines[0]
    assert not spread(first)
    assert end(first) < right - 100


def test_sara_am_and_marks_stay_on_their_consonant():
    (lines,) = paragraphs(page('<p class="j">x</p>'), "j")
    box = lines[0][0].children[0]
    counts = {}
    for text in ("ดำเนินการ", "น้ำค่ำทำกำนัน", "ที่ปั๊ม", "abc", "ก ข"):
        box.text = text
        layout = pdf_justify._layout(box, 1)
        counts[text] = layout.gaps
        layout.deactivate()
    # ดำ|เ|นิ|น|ก|า|ร  น้ำ|ค่ำ|ทำ|กำ|นั|น  ที่|ปั๊|ม  a|b|c  ก|␣|ข
    assert counts == {"ดำเนินการ": 6, "น้ำค่ำทำกำนัน": 5, "ที่ปั๊ม": 2, "abc": 2, "ก ข": 2}


# --- the PDF --------------------------------------------------------------------------


@needs_pdftotext
@pytest.mark.parametrize("text", [TEXT, UNSPACED], ids=["spaced", "unspaced"])
def test_the_glyphs_reach_the_margin_and_the_text_extracts_exactly(text):
    pdf = render_pdf(page(f'<p class="j">{text}</p>'))
    lines = drawn_lines(pdf)
    right = (LEFT_MARGIN_MM + WIDTH_MM) / 25.4 * 72
    assert len(lines) >= 4
    for drawn, _, x_max in lines[:-1]:
        assert abs(x_max - right) < TOLERANCE_PT, (drawn, x_max, right)
    assert lines[-1][2] < right - 20
    assert squash(extract(pdf)) == squash(text)


@needs_pdftotext
def test_without_the_mechanism_the_glyphs_stop_short():
    # Proves the glyph test above can fail.
    pdf = without_justification(lambda: render_pdf(page(f'<p class="j">{UNSPACED}</p>')))
    right = (LEFT_MARGIN_MM + WIDTH_MM) / 25.4 * 72
    assert any(abs(x_max - right) > 5 for _, _, x_max in drawn_lines(pdf)[:-1])


def content_streams(pdf: bytes) -> list[bytes]:
    return [p.get_contents().get_data() for p in PdfReader(io.BytesIO(pdf)).pages]


def test_what_does_not_opt_in_prints_exactly_as_before():
    # Justified without the marker (WeasyPrint widens the spaces), and left-aligned text.
    body = (
        f'<p style="text-align: justify">{TEXT}</p>'
        f'<p style="text-align: justify">{"OpPlan prints the plan of the year. " * 8}</p>'
        f"<p>{TEXT}</p>"
    )
    html = page(body)
    with_mechanism = render_pdf(html)
    without = without_justification(lambda: render_pdf(html))
    assert content_streams(with_mechanism) == content_streams(without)


@needs_pdftotext
@pytest.mark.django_db
def test_a_pd02_prints_exactly_as_before(plan):
    strategy = make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐานและการจัดการน้ำ")
    for index in range(12):
        make_project(
            plan,
            strategy=strategy,
            name=f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็กเพื่อการเกษตร สายที่ {index + 1}",
            budget=Decimal(100000 + index),
            order=index,
        )
    html = html_of(build_pd02(plan), "pd02")
    with_mechanism = render_pdf(html)
    without = without_justification(lambda: render_pdf(html))
    assert content_streams(with_mechanism) == content_streams(without)
    assert extract(with_mechanism) == extract(without)


# --- the documents --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_announcement_body_is_justified_and_nothing_else(plan):
    make_project(plan)
    html = pipeline.render_html(pipeline.build(DOCUMENTS["announcement"], plan))
    body = paragraphs(html, "text-para")
    assert len(body) == 3  # ด้วย…, อาศัยอำนาจ…, จึงประกาศให้ทราบโดยทั่วกัน
    for lines in body[:2]:
        assert_justified(lines)
    others = lines_under(html, ("ann-title", "ann-subject", "ann-date", "signature"))
    assert len(others) >= 5 and not any(spread(line) for line in others)


@pytest.mark.django_db
def test_the_results_announcement_body_is_justified():
    s = results_plan(4)
    html = pipeline.render_html(pipeline.build(DOCUMENTS["results_announcement"], s.round))
    body = paragraphs(html, "text-para")
    assert len(body) == 4
    for lines in body[:3]:
        assert_justified(lines)


@pytest.fixture
def meeting(plan, planner):
    make_project(plan)
    workflow.perform(plan, "submit", by=planner)
    plan.refresh_from_db()
    return resolve(plan, by=planner)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["invitation", "minutes"])
def test_the_letters_bodies_are_justified_and_their_tables_are_not(meeting, kind):
    html = pipeline.render_html(pipeline.build(DOCUMENTS[kind], meeting))
    multiline = [lines for lines in paragraphs(html, "body") if len(lines) > 1]
    assert multiline
    for lines in multiline:
        assert_justified(lines)
    others = lines_under(html, ("heads", "people", "signature", "sig", "refline", "doc-title"))
    assert len(others) >= 5 and not any(spread(line) for line in others)


def test_the_parallel_render_children_have_it_too():
    # Their forkserver sets Django up (thai/pdf_child.py): reports' ready() installs the
    # justification and thai's the kept units, which the chunks of every long form need.
    from thai import keep, pdf_parallel

    with pdf_parallel.pool(1) as pool:
        assert pool.submit(pdf_justify.is_installed).result(timeout=120)
        assert pool.submit(keep.is_installed).result(timeout=120)
