"""A long ผด.02 laid out in parallel is page for page the PDF one render makes.

Sections (each ยุทธศาสตร์, and long ones in parts) start new pages in every render; the
parallel render lays chunks of sections out in separate processes, joins them and stamps
the page furniture ("หน้า x / y") over the joined pages. Text is read through the
ActualText layer with poppler's pdftotext; pixels are compared with pdftoppm at 40 dpi.
"""

import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from reports.builders import Pd02, Pd02Program, Pd02Row, Pd02Strategy, pd02_sections
from reports.documents import DOCUMENTS, pipeline
from tests.factories import make_project, make_strategy
from tests.printing import laid_out
from tests.reports.test_pdf_text import NAMES, PDFTOTEXT, extract, squash
from thai import pdf_parallel
from thai.format import thai_digits

PDFTOPPM = shutil.which("pdftoppm")


def pd02_html(plan) -> str:
    """The ผด.02 PDF's HTML, as the printing pipeline makes it."""
    return pipeline.render_html(pipeline.build(DOCUMENTS["pd02"], plan))


needs_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFTOPPM is None, reason="poppler-utils is not installed"
)
STRATEGIES = ["การพัฒนาโครงสร้างพื้นฐาน", "การพัฒนาคุณภาพชีวิต", "การบริหารจัดการที่ดี"]


def fill(plan, per_strategy=14):
    """len(STRATEGIES) × per_strategy projects with long names, so each section has pages."""
    names = []
    for number, title in enumerate(STRATEGIES, start=1):
        strategy = make_strategy(plan.organization, number, title)
        for _ in range(per_strategy):
            n = len(names)
            name = NAMES[n % len(NAMES)].format(n=n + 1)
            make_project(plan, strategy=strategy, name=name, details="รายละเอียด " * 12,
                         budget=Decimal(1000 + n), order=n, months=0b111 << (n % 10))  # fmt: skip
            names.append(name)
    return names


def page_count(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_text(pdf, number):
    result = subprocess.run([PDFTOTEXT, "-raw", "-f", str(number), "-l", str(number), "-", "-"],
                            input=pdf, capture_output=True, check=True, timeout=60)  # fmt: skip
    return result.stdout.decode("utf-8")


def page_image(pdf, number):
    result = subprocess.run([PDFTOPPM, "-r", "40", "-f", str(number), "-l", str(number), "-png", "-"],
                            input=pdf, capture_output=True, check=True, timeout=60)  # fmt: skip
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


_renders = {}


@pytest.fixture
def renders(plan):
    """One 42-project ผด.02 rendered both ways, once for the test run (rendering takes seconds).

    Sections of at most 10 rows: each ยุทธศาสตร์ (14 projects of one แผนงาน) breaks once
    between rows too, so chunks begin both at a ยุทธศาสตร์ and inside a แผนงาน.
    """
    if not _renders:
        from reports import builders

        section_rows, builders.SECTION_ROWS = builders.SECTION_ROWS, 10
        try:
            names = fill(plan)
            html = pd02_html(plan)
        finally:
            builders.SECTION_ROWS = section_rows
        marked = pdf_parallel.split(html)
        _renders.update(
            html=html,
            names=names,
            groups=pdf_parallel.chunks(marked, minimum=1),
            single=pdf_parallel.render_single(html),
            chunked=pdf_parallel.render(html, processes=2, min_chunk_rows=1),
            one_process=pdf_parallel.render(html, processes=1, min_chunk_rows=1),
        )
    return _renders


@needs_poppler
@pytest.mark.django_db
class TestChunkedEqualsSingle:
    def test_it_is_cut_into_six_chunks_laid_out_in_two_processes(self, renders):
        assert renders["groups"] == [(i, i) for i in range(6)]

    def test_the_same_bytes_whatever_the_number_of_processes(self, renders):
        # A published form is rendered again by verify_publications, on any machine (ADR 0018).
        assert renders["one_process"] == renders["chunked"]

    def test_same_page_count(self, renders):
        single = page_count(renders["single"])
        assert single >= 6  # every section takes pages of its own
        assert page_count(renders["chunked"]) == single

    def test_same_text_on_every_page(self, renders):
        single, chunked = renders["single"], renders["chunked"]
        for number in range(1, page_count(single) + 1):
            assert page_text(chunked, number) == page_text(single, number), f"page {number}"

    def test_every_page_looks_the_same_at_screen_resolution(self, renders):
        single, chunked = renders["single"], renders["chunked"]
        for number in range(1, page_count(single) + 1):
            a, b = page_image(single, number), page_image(chunked, number)
            assert a.size == b.size
            assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"

    def test_sections_start_pages_at_each_strategy_and_inside_a_long_program(self, renders):
        single = renders["single"]
        # What each page prints first under the table header.
        firsts = [
            page_text(single, n).split("ก.ย.\n", 1)[1].split("\n", 1)[0]
            for n in range(1, page_count(single) + 1)
        ]
        strategies = [line for line in firsts if "ยุทธศาสตร์" in line]
        assert strategies == [
            f"{thai_digits(n)}. ยุทธศาสตร์{name}" for n, name in enumerate(STRATEGIES, 1)
        ]
        # Project 11 of each แผนงาน starts a page, numbering going on, with no heading.
        assert [line.split(" ")[0] for line in firsts].count("๑๑") == 3

    def test_page_numbers_run_on_in_thai_digits(self, renders):
        chunked = renders["chunked"]
        pages = page_count(chunked)
        for number in range(1, pages + 1):
            footer = f"หน้า {thai_digits(number)} / {thai_digits(pages)}"
            assert footer in page_text(chunked, number), f"page {number}"

    def test_every_project_name_extracts_exactly(self, renders):
        text = squash(extract(renders["chunked"]))
        printed = [squash(thai_digits(name)) for name in renders["names"]]
        assert [name for name in printed if name not in text] == []
        assert len(printed) == 42

    def test_titles_print_once_and_the_grand_total_at_the_end(self, renders):
        chunked = renders["chunked"]
        pages = page_count(chunked)
        titled = [n for n in range(1, pages + 1) if "บัญชีโครงการ" in page_text(chunked, n)]
        totalled = [n for n in range(1, pages + 1) if "รวมทั้งสิ้น" in page_text(chunked, n)]
        assert (titled, totalled) == ([1], [pages])

    def test_it_embeds_the_fonts_of_the_single_render_only_sarabun(self, renders):
        chunked, single = fonts(renders["chunked"]), fonts(renders["single"])
        assert chunked == single
        assert chunked and all(name.startswith("Sarabun") for name in chunked), chunked


def fonts(pdf):
    """Base names of the fonts of every page and of the form XObjects drawn on it."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = [page["/Resources"]]
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            resources.append(xobject.get_object()["/Resources"])
        for resource in resources:
            for font in (resource.get("/Font") or {}).values():
                names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


@needs_poppler
@pytest.mark.django_db
def test_latin_digits_number_pages_in_latin_digits(plan):
    plan.organization.thai_digits = False
    plan.organization.save()
    fill(plan, per_strategy=2)
    html = pd02_html(plan)
    chunked = pdf_parallel.render(html, processes=2, min_chunk_rows=1)
    assert page_count(chunked) == 3  # one page for each ยุทธศาสตร์
    assert [page_text(chunked, n).split("\n")[-2] for n in (1, 2, 3)] == [
        "หน้า 1 / 3",
        "หน้า 2 / 3",
        "หน้า 3 / 3",
    ]


@pytest.mark.django_db
def test_one_render_also_starts_each_strategy_on_a_new_page(plan):
    fill(plan, per_strategy=2)
    html = pd02_html(plan)
    assert page_count(pdf_parallel.render_single(html)) == 3


@pytest.mark.django_db
def test_render_pdf_lays_a_long_form_out_in_parallel_and_a_short_one_in_one_process(
    plan, monkeypatch
):
    from thai import pdf

    calls = []
    monkeypatch.setattr(pdf_parallel, "render", lambda html, **_: calls.append("parallel") or b"")
    monkeypatch.setattr(pdf_parallel, "render_single", lambda html: calls.append("one") or b"")
    monkeypatch.setattr(pdf_parallel, "process_count", lambda: 2)
    fill(plan, per_strategy=2)
    short = pd02_html(plan)
    monkeypatch.setattr(pdf_parallel, "PARALLEL_ROWS", pdf_parallel.weight(short) + 1)
    pdf.render_pdf(short)
    make_project(plan, strategy=plan.organization.strategies.get(number=3), name="x" * 10)
    long = pd02_html(plan)  # one row more
    pdf.render_pdf(long)
    monkeypatch.setattr(pdf_parallel, "process_count", lambda: 1)
    pdf.render_pdf(long)  # one core cuts it the same way (the same bytes)
    assert calls == ["one", "parallel", "parallel"]


@needs_poppler
@pytest.mark.django_db
def test_an_edited_form_lays_out_only_the_chunk_that_changed(renders, monkeypatch):
    """Given the renderer's version, chunks laid out before come from the cache: the same
    bytes as laying everything out again (ADR 0047)."""
    html = renders["html"]
    given = laid_out(monkeypatch)
    assert pdf_parallel.render(html, min_chunk_rows=1, version="v1") == renders["chunked"]
    assert len(given) == 7  # six chunks and the furniture
    given.clear()
    assert pdf_parallel.render(html, min_chunk_rows=1, version="v1") == renders["chunked"]
    assert given == []
    # A project of the third chunk gets another budget: ".๐๐" baht becomes ".๕๐" (Sarabun's
    # digits are all as wide, so no page changes and the furniture is reused).
    third = pdf_parallel.split(html).parts[2]
    money = re.search(r'<td class="money">([๐-๙,]+)\.๐๐</td>', third).group(0)
    edited = html.replace(money, money.replace(".๐๐", ".๕๐"), 1)
    assert edited.count(".๕๐</td>") == 1
    assert pdf_parallel.render(edited, min_chunk_rows=1, version="v1") == pdf_parallel.render(
        edited, min_chunk_rows=1
    )
    assert len(given) == 1 + 7  # the edited chunk, then everything without a version
    assert ".๕๐</td>" in given[0]
    # Another renderer (a new WeasyPrint, a changed template) finds nothing.
    documents = [pdf_parallel.Marked.chunk(pdf_parallel.split(html), i, i) for i in range(6)]
    assert len(pdf_parallel.reused("v1", documents)) == 6
    assert pdf_parallel.reused("v2", documents) == {}
    assert pdf_parallel.reused("v1", documents, kind="section") == {}  # a book's: other values
    assert pdf_parallel.reused(None, documents) == {}


def test_a_cache_that_cannot_be_reached_only_costs_time(monkeypatch, caplog):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    assert pdf_parallel.reused("v1", ["<html></html>"]) == {}
    pdf_parallel.keep("v1", "<html></html>", (b"%PDF-", 1))
    assert "the cache cannot be read" in caplog.text
    assert "the cache cannot be written" in caplog.text


@pytest.mark.django_db
def test_verifying_a_publication_lays_every_piece_out_again(plan, monkeypatch):
    from reports.documents import pipeline as documents_pipeline

    versions = []
    monkeypatch.setattr(
        documents_pipeline, "render_pdf", lambda html, version: versions.append(version) or b"%"
    )
    built = pipeline.build(DOCUMENTS["pd02"], plan)
    pipeline.render(built, "pdf")  # a planner's download, or the worker's render
    pipeline.render(built, "pdf", cached=False)  # verify_publications
    assert versions == [pipeline.rendering_version(), None]


# --- where sections begin ------------------------------------------------------------


def _report(*strategies):
    """A Pd02 of strategies given as {program name: row count}."""
    built = []
    for number, programs in enumerate(strategies, start=1):
        built.append(
            Pd02Strategy(number, f"ยุทธศาสตร์ {number}", tuple(
                Pd02Program(f"{number}.{index}", name, tuple(
                    Pd02Row(n, f"โครงการ {n}", "", Decimal(1), "", "", (1,))
                    for n in range(1, count + 1)))
                for index, (name, count) in enumerate(programs.items(), start=1)))
        )  # fmt: skip
    return Pd02(header=None, strategies=tuple(built), count=0, total=Decimal(0))


def _shape(sections):
    return [
        (s.strategy.number, s.opens, [(r.program.number, len(r.rows), r.opens, r.closes) for r in s.runs])
        for s in sections
    ]  # fmt: skip


def test_every_strategy_begins_a_section():
    report = _report({"ก": 2, "ข": 3}, {"ค": 1})
    assert _shape(pd02_sections(report, limit=10)) == [
        (1, True, [("1.1", 2, True, True), ("1.2", 3, True, True)]),
        (2, True, [("2.1", 1, True, True)]),
    ]


def test_a_long_strategy_breaks_before_the_program_that_would_overflow():
    report = _report({"ก": 4, "ข": 4, "ค": 3})
    assert _shape(pd02_sections(report, limit=10)) == [
        (1, True, [("1.1", 4, True, True), ("1.2", 4, True, True)]),
        (1, False, [("1.3", 3, True, True)]),
    ]


def test_a_long_program_breaks_between_rows_and_keeps_its_numbering():
    report = _report({"ก": 2, "ข": 23})
    sections = pd02_sections(report, limit=10)
    assert _shape(sections) == [
        (1, True, [("1.1", 2, True, True)]),
        (1, False, [("1.2", 10, True, False)]),
        (1, False, [("1.2", 10, False, False)]),
        (1, False, [("1.2", 3, False, True)]),
    ]
    numbers = [row.number for s in sections[1:] for run in s.runs for row in run.rows]
    assert numbers == list(range(1, 24))
    assert sections[-1].runs[-1].program.total == Decimal(23)


# --- the marks --------------------------------------------------------------------------

FRAME = (
    "<html><head><style></style></head><body>"
    "<!--pdf:only-first--><h1>T</h1><!--/pdf:only-first--><table>"
    "{parts}"
    "<!--pdf:only-last--><tbody><tr><td>Σ</td></tr></tbody><!--/pdf:only-last--></table></body></html>"
)


def _marked(*parts):
    return FRAME.format(parts="\n".join(f"<!--pdf:part-->{p}<!--/pdf:part-->" for p in parts))


def test_each_chunk_has_the_frame_titles_only_first_total_only_last():
    marked = pdf_parallel.split(_marked("<tbody>A</tbody>", "<tbody>B</tbody>", "<tbody>C</tbody>"))
    first, middle, last = (marked.chunk(i, i) for i in range(3))
    assert "<h1>T</h1>" in first and "<h1>T</h1>" not in middle + last
    assert "Σ" in last and "Σ" not in first + middle
    assert "<tbody>B</tbody>" in middle and "<tbody>A</tbody>" not in middle
    assert all("content: none !important" in chunk for chunk in (first, middle, last))
    assert "<h1>T</h1>" in marked.chunk(0, 2) and "Σ" in marked.chunk(0, 2)


def test_a_document_of_one_part_is_not_cut():
    assert pdf_parallel.split(_marked("<tbody>A</tbody>")) is None
    assert pdf_parallel.split("<html><body>no marks</body></html>") is None


@pytest.mark.parametrize(
    "html",
    [
        FRAME.format(parts="<!--pdf:part-->A<!--/pdf:part--> B <!--pdf:part-->C<!--/pdf:part-->"),
        FRAME.format(parts="<!--pdf:part-->A<!--pdf:part-->C<!--/pdf:part-->"),
        "<!--pdf:part-->A<!--/pdf:part--><!--pdf:part-->B<!--/pdf:part-->",
    ],
)
def test_malformed_marks_are_a_template_error(html):
    with pytest.raises(ValueError, match="pdf:part"):
        pdf_parallel.split(html)


def test_chunks_group_parts_into_about_four_whatever_the_machine(monkeypatch):
    marked = pdf_parallel.split(_marked(*["<tr>" * 100] * 8))
    for cores in (1, 2, 8):
        monkeypatch.setattr(pdf_parallel, "process_count", lambda cores=cores: cores)
        assert pdf_parallel.chunks(marked) == [(0, 1), (2, 3), (4, 5), (6, 7)]
    assert pdf_parallel.chunks(marked, minimum=300) == [(0, 2), (3, 5), (6, 7)]
    small = pdf_parallel.split(_marked(*["<tr>" * 10] * 8))
    assert pdf_parallel.chunks(small) == [(0, 5), (6, 7)]  # at least MIN_CHUNK_ROWS a chunk


def test_a_document_with_named_or_first_pages_is_rendered_in_one_process(monkeypatch):
    monkeypatch.setattr(pdf_parallel, "process_count", lambda: 2)
    monkeypatch.setattr(pdf_parallel, "PARALLEL_ROWS", 1)
    plain = _marked("<tbody><tr></tr></tbody>", "<tbody><tr></tr></tbody>")
    assert pdf_parallel.worth_splitting(plain)
    for rule in ("@page :first { margin: 0 }", "@page cover { margin: 0 }", "@page:left {}"):
        assert not pdf_parallel.worth_splitting(plain.replace("<style>", f"<style>{rule}"))
