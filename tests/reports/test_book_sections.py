"""A long plan book laid out section by section is page for page the book one render makes.

thai.pdf_sections lays the book's sections out in separate processes (the ผด.02 cut further
into chunks), numbers the contents from the sections laid out first, stamps the page
furniture and joins the pieces (ADR 0045). Compared here with one WeasyPrint render of the
same HTML: page count, the text of every page (poppler's pdftotext, through the ActualText
layer), the pixels of every page at 40 dpi and of sampled pages at 96 dpi, the outline, the
named destinations and the contents' links.
"""

import io
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from reports import book_texts
from reports.documents import DOCUMENTS, pipeline
from reports.texts import INTRO
from tests.factories import make_project, make_strategy
from tests.printing import laid_out
from tests.reports.test_pdf_text import PDFTOTEXT
from thai import pdf_parallel, pdf_sections
from thai.format import thai_digits

PDFTOPPM = shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFTOPPM is None, reason="poppler-utils is not installed"
)
HEADINGS = 30  # intro headings: the contents take two pages, not the one first guessed
PROJECTS = 200


def fill(plan, count=PROJECTS):
    """`count` projects over four ยุทธศาสตร์ and three แผนงาน; every tenth is equipment."""
    from budget.models import BudgetSource, Program
    from projects.models import Project

    organization = plan.organization
    strategies = [make_strategy(organization, n) for n in range(1, 5)]
    programs = list(Program.objects.order_by("order")[:3])
    source = BudgetSource.objects.get(organization=None, kind="annual")
    department = organization.departments.get(name="กองช่าง")
    Project.objects.bulk_create(
        Project(plan=plan, strategy=strategies[i % 4], program=programs[i % 3],
                name=f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายที่ {i + 1}",
                details="ผิวจราจรกว้าง 4 เมตร ยาว 200 เมตร หนา 0.15 เมตร", budget=Decimal(1000 + i),
                budget_source=source, location=f"หมู่ที่ {i % 12 + 1}", department=department,
                months=0b111 << (i % 10), order=i, is_equipment=i % 10 == 0,
                equipment_type="ครุภัณฑ์สำนักงาน" if i % 10 == 0 else "")
        for i in range(count)
    )  # fmt: skip


def book_html(plan) -> str:
    """The book's HTML, as the printing pipeline makes it."""
    return pipeline.render_html(pipeline.build(DOCUMENTS["book"], plan))


def texts(pdf) -> list[str]:
    """The text of every page (pdftotext -raw: the ActualText layer)."""
    result = subprocess.run([PDFTOTEXT, "-raw", "-", "-"], input=pdf, capture_output=True,
                            check=True, timeout=120)  # fmt: skip
    return result.stdout.decode("utf-8").split("\f")[:-1]


def layout_text(pdf, number) -> str:
    result = subprocess.run([PDFTOTEXT, "-layout", "-f", str(number), "-l", str(number), "-", "-"],
                            input=pdf, capture_output=True, check=True, timeout=60)  # fmt: skip
    return result.stdout.decode("utf-8")


def images(pdf, dpi=40, first=None, last=None) -> list[Image.Image]:
    """Every page (or pages first..last) as an image."""
    with tempfile.TemporaryDirectory() as folder:
        pages = ["-f", str(first), "-l", str(last)] if first else []
        subprocess.run([PDFTOPPM, "-r", str(dpi), *pages, "-png", "-", f"{folder}/p"],
                       input=pdf, check=True, timeout=120)  # fmt: skip
        return [Image.open(path).convert("RGB") for path in sorted(Path(folder).glob("p-*.png"))]


def outline(pdf):
    reader = PdfReader(io.BytesIO(pdf))

    def walk(items):
        return [
            walk(item)
            if isinstance(item, list)
            else (item.title, reader.get_destination_page_number(item), item.left, item.top)
            for item in items
        ]

    return walk(reader.outline)


def destinations(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    named = {
        name: (reader.get_destination_page_number(dest), round(dest.left), round(dest.top))
        for name, dest in reader.named_destinations.items()
    }
    links = [
        (number, str(annotation.get_object()["/Dest"]))
        for number, page in enumerate(reader.pages)
        for annotation in page.get("/Annots") or []
    ]
    return named, links


_renders = {}


@pytest.fixture
def renders(plan, planner):
    """One 200-project book rendered both ways, once for the test run (rendering takes seconds).

    Thirty intro headings make the contents two pages long; the ผด.02 is cut into a chunk a
    ยุทธศาสตร์ (two processes, chunks of any size).
    """
    if not _renders:
        fill(plan)
        intro = "\n\n".join(f"# หัวข้อที่ {n}\nข้อความของหัวข้อที่ {n}" for n in range(1, HEADINGS + 1))
        book_texts.save_text(plan, INTRO, intro, scope="plan", by=planner)
        html = book_html(plan)
        with pytest.MonkeyPatch.context() as patch:
            given = laid_out(patch)
            # With a renderer's version, as the pipeline renders; then again, from the cache.
            sectioned = pdf_sections.render(html, processes=2, min_chunk_rows=1, version="t")
            laid_first = len(given)
            given.clear()
            again = pdf_sections.render(html, processes=2, min_chunk_rows=1, version="t")
        _renders.update(
            chunks=pdf_sections.plan(pdf_sections.split(html), minimum=1),
            single=pdf_parallel.render_single(html),
            sectioned=sectioned,
            laid_first=laid_first,
            again=again,
            laid_again=len(given),
            one_process=pdf_sections.render(html, processes=1, min_chunk_rows=1),
        )
        _renders["single_texts"] = texts(_renders["single"])
        _renders["sectioned_texts"] = texts(_renders["sectioned"])
    return _renders


@needs_poppler
@pytest.mark.django_db
class TestSectionedEqualsSingle:
    def test_it_is_laid_out_in_chunks_with_the_contents_last(self, renders):
        chunks = renders["chunks"]
        assert [chunk.late for chunk in chunks].count(True) == 1
        assert "สารบัญ" in next(chunk.html for chunk in chunks if chunk.late)
        pd02 = [chunk for chunk in chunks if 'class="form-pd02"' in chunk.html]
        assert len(pd02) == 4  # one for each ยุทธศาสตร์
        assert len(chunks) >= 8

    def test_the_same_bytes_whatever_the_number_of_processes(self, renders):
        # A published book is rendered again by verify_publications, on any machine (ADR 0018).
        assert renders["one_process"] == renders["sectioned"]

    def test_laid_out_again_it_takes_every_piece_from_the_cache(self, renders):
        # Every chunk, the two-page contents again (its page count is guessed first as one)
        # and the furniture, then nothing (ADR 0047): the same bytes.
        assert renders["laid_first"] == len(renders["chunks"]) + 2
        assert renders["laid_again"] == 0
        assert renders["again"] == renders["sectioned"]

    def test_same_page_count(self, renders):
        single = len(renders["single_texts"])
        assert single > 25
        assert len(PdfReader(io.BytesIO(renders["sectioned"])).pages) == single

    def test_same_text_on_every_page(self, renders):
        single, sectioned = renders["single_texts"], renders["sectioned_texts"]
        assert len(sectioned) == len(single)
        for number, (a, b) in enumerate(zip(single, sectioned, strict=True), start=1):
            assert b == a, f"page {number}"

    def test_every_page_looks_the_same_at_40_dpi(self, renders):
        single, sectioned = images(renders["single"]), images(renders["sectioned"])
        assert len(single) == len(sectioned)
        for number, (a, b) in enumerate(zip(single, sectioned, strict=True), start=1):
            assert a.size == b.size
            assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"

    def test_cover_contents_and_forms_look_the_same_at_96_dpi(self, renders):
        pages = renders["sectioned_texts"]
        pd02 = next(n for n, text in enumerate(pages, 1) if "แบบ ผด.๐๒\n" in text)
        for number in (1, 3, 4, pd02, pd02 + 1, len(pages)):
            (a,) = images(renders["single"], 96, number, number)
            (b,) = images(renders["sectioned"], 96, number, number)
            assert ImageChops.difference(a, b).getbbox() is None, f"page {number} differs"

    def test_the_contents_give_the_pages_their_entries_are_on(self, renders):
        pdf, pages = renders["sectioned"], renders["sectioned_texts"]
        contents = layout_text(pdf, 3) + layout_text(pdf, 4)
        assert "สารบัญ" in pages[2] and "สารบัญ" not in pages[4]  # two pages of contents
        printed = dict(re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*([๐-๙]+)\s*$", contents, re.M))
        assert len(printed) == HEADINGS + 9
        for n in (1, 15, HEADINGS):
            heading = f"หัวข้อที่ {thai_digits(n)}"
            page = next(i for i, text in enumerate(pages, 1) if f"\n{heading}\n" in text)
            assert page > 4
            assert printed[heading] == thai_digits(page)
        annex = next(i for i, text in enumerate(pages, 1) if i > 4 and "ก. การประชุม" in text)
        assert printed["ภาคผนวก"] == thai_digits(annex)
        first_pd02 = next(i for i, text in enumerate(pages, 1) if "แบบ ผด.๐๒\n" in text)
        assert [v for k, v in printed.items() if "ผด.๐๒ " in k] == [thai_digits(first_pd02)]

    def test_page_numbers_run_on_over_the_book_in_thai_digits(self, renders):
        pages = renders["sectioned_texts"]
        assert "- " not in pages[0]  # the cover has none
        for number, text in enumerate(pages[1:], start=2):
            portrait, form = f"- {thai_digits(number)} -", f"หน้า {thai_digits(number)}"
            assert portrait in text or form in text, f"page {number}"
        assert sum(f"หน้า {thai_digits(n)}" in text for n, text in enumerate(pages, 1)) > 15

    def test_same_outline_destinations_and_contents_links(self, renders):
        assert outline(renders["sectioned"]) == outline(renders["single"])
        assert len(outline(renders["single"])[1]) >= 4
        named, links = destinations(renders["sectioned"])
        assert (named, links) == destinations(renders["single"])
        targets = {name for page, name in links if page in (2, 3)}  # the contents' pages
        assert len(targets) == HEADINGS + 9
        assert {"announcement", "intro", "pd02", "annex"} <= targets <= set(named)


@needs_poppler
@pytest.mark.django_db
def test_latin_digits_number_the_book_and_its_contents_in_latin_digits(plan):
    plan.organization.thai_digits = False
    plan.organization.save()
    fill(plan, count=40)
    html = book_html(plan)
    single = texts(pdf_parallel.render_single(html))
    sectioned = pdf_sections.render(html, processes=2, min_chunk_rows=1)
    assert texts(sectioned) == single
    assert re.search(r"^ภาคผนวก\s*\.{3,}\s*\d+\s*$", layout_text(sectioned, 3), re.M)
    assert f"- {len(single)} -" in single[-1]


@pytest.mark.django_db
def test_render_pdf_lays_a_long_book_out_in_sections_and_a_short_one_in_one_process(
    plan, monkeypatch
):
    from thai import pdf

    calls = []
    monkeypatch.setattr(pdf_sections, "render", lambda html, **_: calls.append("sections") or b"")
    monkeypatch.setattr(pdf_parallel, "render", lambda html, **_: calls.append("parallel") or b"")
    monkeypatch.setattr(pdf_parallel, "render_single", lambda html: calls.append("one") or b"")
    monkeypatch.setattr(pdf_parallel, "process_count", lambda: 2)
    fill(plan, count=20)
    short = pipeline.render_html(pipeline.build(DOCUMENTS["book"], plan))
    monkeypatch.setattr(pdf_parallel, "PARALLEL_ROWS", pdf_parallel.weight(short) + 1)
    pdf.render_pdf(short)
    make_project(plan, name="อีกหนึ่งโครงการ")
    long = pipeline.render_html(pipeline.build(DOCUMENTS["book"], plan))
    pdf.render_pdf(long)
    assert calls == ["one", "sections"]


# --- the marks and the pieces -------------------------------------------------------------

FRAME = (
    '<html><head><style>@page cover {{ margin: 0 }}</style></head><body class="document">'
    '<div class="watermark">ร่าง</div>{sections}</body></html>'
)


def _book(*sections):
    return FRAME.format(
        sections="\n".join(f"<!--pdf:section-->{s}<!--/pdf:section-->" for s in sections)
    )


def test_sections_are_cut_at_their_marks_with_the_frame_around_each():
    book = pdf_sections.split(_book("<p>A</p>", "<p>B</p>"))
    assert book.parts == ("<p>A</p>", "<p>B</p>")
    assert book.head.endswith('<div class="watermark">ร่าง</div>')
    assert pdf_sections.split(_book("<p>A</p>")) is None
    assert pdf_sections.split("<html><body>none</body></html>") is None


@pytest.mark.parametrize(
    "html",
    [
        FRAME.format(sections="<!--pdf:section-->A<!--/pdf:section--> B <!--pdf:section-->C<!--/pdf:section-->"),
        FRAME.format(sections="<!--pdf:section-->A<!--pdf:section-->C<!--/pdf:section-->"),
        "<!--pdf:section-->A<!--/pdf:section--><!--pdf:section-->B<!--/pdf:section-->",
    ],
)  # fmt: skip
def test_malformed_section_marks_are_a_template_error(html):
    with pytest.raises(ValueError, match="pdf:section"):
        pdf_sections.split(html)


def test_the_contents_go_last_a_marked_form_is_cut_and_plain_sections_are_grouped():
    form = (
        "<table><thead></thead><!--pdf:part--><tbody><tr></tr></tbody><!--/pdf:part-->"
        "<!--pdf:part--><tbody><tr></tr></tbody><!--/pdf:part--></table>"
    )
    book = pdf_sections.split(
        _book("<p>cover</p>", '<a href="#x">x</a>', "<p>1</p>", "<p>2</p>", form)
    )
    chunks = pdf_sections.plan(book, minimum=1)
    assert [chunk.late for chunk in chunks] == [False, True, False, False, False]
    assert "<p>1</p>" in chunks[2].html and "<p>2</p>" in chunks[2].html
    assert [chunk.html.count("<tbody>") for chunk in chunks[3:]] == [1, 1]
    assert all("content: none !important" in chunk.html for chunk in chunks)
    # Only the first chunk keeps the body's top edge, only the last its bottom.
    edges = [re.findall(r"(?:margin|padding)-(top|bottom): 0", chunk.html) for chunk in chunks]
    assert edges[0] == ["bottom", "bottom"] and edges[-1] == ["top", "top"]
    assert all(edge == ["top", "top", "bottom", "bottom"] for edge in edges[1:-1])


def test_links_print_their_targets_numbers_in_the_documents_counter_style():
    html = (
        "<style>a::after { content: leader('.') target-counter(attr(href), page, thai); }</style>"
        '<a href="#intro">บทนำ</a><a class="x" href="#annex">ภาคผนวก</a>'
    )
    numbered = pdf_sections.numbered(html, {"intro": 4, "annex": 31})
    assert "counter(pdf-target-page, thai)" in numbered and "target-counter" not in numbered
    assert '<a href="#intro" style="counter-reset: pdf-target-page 4">' in numbered
    assert '<a class="x" href="#annex" style="counter-reset: pdf-target-page 31">' in numbered
    # A link to an anchor on no page laid out before would print another link's number.
    with pytest.raises(ValueError, match="#elsewhere"):
        pdf_sections.numbered(html + '<a href="#elsewhere">?</a>', {"intro": 4, "annex": 31})


def test_the_furniture_has_a_blank_page_of_each_pages_name():
    html = pdf_sections.furniture(_book("A", "B"), ["cover", "", "", "pd02"])
    body = html[html.index("<body>") :]
    assert body == (
        '<body><div style="page: cover"></div><div style="page: auto; break-before: page"></div>'
        '<div style="page: auto; break-before: page"></div>'
        '<div style="page: pd02; break-before: page"></div></body></html>'
    )
    assert "ร่าง" not in html  # the watermark is the content's


def test_a_book_with_page_pseudo_classes_is_one_render_and_one_core_changes_nothing(
    monkeypatch,
):
    monkeypatch.setattr(pdf_parallel, "PARALLEL_ROWS", 1)
    book = _book("<table><tr></tr></table>", "<p>B</p>")
    assert pdf_sections.worth_splitting(book)
    for rule in ("@page :first { margin: 0 }", "@page cover:left {}", "@page:blank {}"):
        assert not pdf_sections.worth_splitting(book.replace("<style>", f"<style>{rule}"))
    # The machine does not decide how a book is cut: the same bytes wherever it is rendered.
    monkeypatch.setattr(pdf_parallel, "process_count", lambda: 1)
    assert pdf_sections.worth_splitting(book)
