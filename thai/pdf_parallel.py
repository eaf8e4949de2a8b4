"""Long PDFs laid out on every core: cut marked HTML into parts, render them apart, join them.

WeasyPrint lays a document out on one core, about 0.1 s a page here. A template that prints
a long table marks where its document may be cut, at places where the document starts a
new page anyway (ผด.02 starts every section on a new page: reports.builders.pd02_sections):

    <!--pdf:only-first-->titles<!--/pdf:only-first-->   printed before the first part only
    <table>…<thead>…</thead>                              the frame: repeated around every chunk
    <!--pdf:part-->…<!--/pdf:part-->                      consecutive parts (only space between)
    <!--pdf:only-last-->grand total<!--/pdf:only-last-->  printed after the last part only
    </table>…

Consecutive parts are grouped into chunks; each chunk is a whole document (the frame around
its parts) laid out by WeasyPrint in a process of its own, without margin boxes. The page
furniture (the margin boxes: form label, "หน้า x / y") of every page is laid out once, as a
document of that many blank pages with the same @page rules, and stamped over the joined
pages. So page numbers run on and count every page, in the document's own counter style
(Thai digits included), and each page is drawn exactly as one WeasyPrint render of the whole
HTML draws it (tests/reports/test_parallel.py compares text and pixels page for page).

Margin boxes of a document rendered this way may use page counters and fixed text only (no
running elements or named pages): the furniture pages have no content. The one exception is
@top-left, which belongs to the content: it is laid out with each chunk and may print a named
string (string-set) provided every part sets that string at its start, before any page of the
part needs it (ผด.02's "ยุทธศาสตร์… / แผนงาน… (ต่อ)": every row sets it), so that a chunk's
pages print what the whole document's pages print.

Children are forked from a forkserver that has imported WeasyPrint and set Django up once
(thai.pdf_child), so each starts ready, with the ActualText text layer that reports installs
when Django starts. Joining uses pikepdf (qpdf): it copies pages and adds the furniture as a
form XObject without parsing or rewriting any page's content stream (ADR 0024).
"""

import io
import math
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.conf import settings

PART = "<!--pdf:part-->"
PART_END = "<!--/pdf:part-->"
_ONLY_FIRST = re.compile(r"<!--pdf:only-first-->.*?<!--/pdf:only-first-->", re.S)
_ONLY_LAST = re.compile(r"<!--pdf:only-last-->.*?<!--/pdf:only-last-->", re.S)
_MARKS = re.compile(r"<!--/?pdf:[a-z-]+-->")
# Named pages and page pseudo-classes (:first, :left…) would make a chunk's pages differ.
_SPECIAL_PAGES = re.compile(r"@page\s*[^\s{]")

# Below this many table rows a pool and the join would save little (a 150-row ผด.02 is
# 12 pages, about 1.5 s of layout).
PARALLEL_ROWS = 150
# A chunk holds at least this many rows (each chunk costs a document's set-up) and, for
# memory, at most this many unless one part alone is larger.
MIN_CHUNK_ROWS = 60
MAX_CHUNK_ROWS = 400

_MARGIN_BOXES = (
    "top-left-corner", "top-center", "top-right", "top-right-corner",
    "right-top", "right-middle", "right-bottom", "bottom-right-corner", "bottom-right",
    "bottom-center", "bottom-left", "bottom-left-corner", "left-bottom", "left-middle", "left-top",
)  # fmt: skip
# Chunks are laid out without page furniture; the furniture pages carry it (same @page rules).
# @top-left stays with the content (see the module's docstring); on the blank furniture pages
# its strings are unset, so it prints nothing there.
_NO_FURNITURE = (
    "<style>@page { "
    + " ".join(f"@{box} {{ content: none !important; }}" for box in _MARGIN_BOXES)
    + " }</style>"
)


@dataclass(frozen=True)
class Marked:
    """A document cut at its marks: the frame before and after the parts, and the parts."""

    head: str
    parts: tuple[str, ...]
    tail: str

    def chunk(self, first: int, last: int) -> str:
        """The standalone HTML of parts first..last (inclusive), without page furniture."""
        head, tail = self.head, self.tail
        if first > 0:
            head, tail = _ONLY_FIRST.sub("", head), _ONLY_FIRST.sub("", tail)
        if last < len(self.parts) - 1:
            head, tail = _ONLY_LAST.sub("", head), _ONLY_LAST.sub("", tail)
        html = head + "".join(self.parts[first : last + 1]) + tail
        return html.replace("</head>", _NO_FURNITURE + "</head>", 1)

    def furniture(self, pages: int) -> str:
        """`pages` blank pages with the document's @page rules: its margin boxes alone."""
        head = self.head[: self.head.index("<body")]
        blank = '<div style="break-before: page"></div>' * (pages - 1)
        return f"{head}<body><div></div>{blank}</body></html>"


def split(html: str) -> Marked | None:
    """The document cut at its <!--pdf:part--> marks, or None when it has fewer than two parts.

    Raises ValueError when the marks are malformed (a template's mistake).
    """
    start = html.find(PART)
    if start < 0:
        return None
    end = html.rfind(PART_END)
    if end < start or "</head>" not in html[:start] or "<body" not in html[:start]:
        raise ValueError("pdf:part marks must sit in the body, each part closed")
    pieces = html[start : end + len(PART_END)].split(PART_END)
    parts = []
    for piece in pieces[:-1]:
        between, mark, part = piece.partition(PART)
        if between.strip() or not mark or PART in part or _MARKS.search(part):
            raise ValueError("pdf:part marks must enclose consecutive parts")
        parts.append(part)
    if pieces[-1].strip():
        raise ValueError("pdf:part marks must enclose consecutive parts")
    if len(parts) < 2:
        return None
    return Marked(html[:start], tuple(parts), html[end + len(PART_END) :])


def weight(html: str) -> int:
    """The cost of laying out `html`, in table rows."""
    return html.count("<tr")


def chunks(marked: Marked, processes: int, minimum=MIN_CHUNK_ROWS) -> list[tuple[int, int]]:
    """Consecutive parts grouped into about two chunks a process (first, last part index).

    Parts are added to a chunk while it stays within a target of a 2·processes-th of the
    rows, at least `minimum` and at most MAX_CHUNK_ROWS; a part larger than that is a chunk.
    """
    weights = [weight(part) for part in marked.parts]
    target = min(max(math.ceil(sum(weights) / (2 * processes)), minimum), MAX_CHUNK_ROWS)
    groups, first, size = [], 0, 0
    for index, part in enumerate(weights):
        if size and size + part > target:
            groups.append((first, index - 1))
            first, size = index, 0
        size += part
    groups.append((first, len(weights) - 1))
    return groups


def process_count() -> int:
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13: honours CPU affinity
    return (counter() if counter else len(os.sched_getaffinity(0))) or 1


def worth_splitting(html: str) -> bool:
    """True when `html` is marked, long enough and this machine has more than one core.

    A document with named pages or page pseudo-classes is never split: the furniture pages
    are all of the one unnamed page type.
    """
    return (
        PART in html
        and not _SPECIAL_PAGES.search(html)
        and weight(html) >= PARALLEL_ROWS
        and process_count() > 1
        and "forkserver" in multiprocessing.get_all_start_methods()
    )


def render_single(html: str) -> bytes:
    """One WeasyPrint render of the whole document (what the parallel render reproduces)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _child_ready():
    # Forked from the preloaded forkserver, Django is set up already; this covers a
    # forkserver whose preload could not run.
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _render_chunk(html: str, base_url: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    return document.write_pdf(), len(document.pages)


def _pool(processes: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    # "__main__" too: the forkserver runs the main script's imports once, not every child.
    context.set_forkserver_preload(["__main__", "thai.pdf_child"])
    return ProcessPoolExecutor(processes, mp_context=context, initializer=_child_ready)


def render(html: str, *, processes: int | None = None, min_chunk_rows=MIN_CHUNK_ROWS) -> bytes:
    """PDF bytes of a marked document, its chunks laid out in `processes` processes at once.

    Page for page the same as render_single(html). Raises ValueError when `html` has fewer
    than two parts; errors of a child (BrokenProcessPool when one dies) reach the caller.
    """
    import pikepdf

    marked = split(html)
    if marked is None:
        raise ValueError("the document has fewer than two pdf:part sections")
    processes = processes or process_count()
    groups = chunks(marked, processes, min_chunk_rows)
    documents = [marked.chunk(first, last) for first, last in groups]
    base_url = str(settings.BASE_DIR)
    # The heaviest chunks first, so the last to finish is a light one.
    order = sorted(range(len(documents)), key=lambda i: -weight(documents[i]))
    with _pool(min(processes, len(documents))) as pool:
        futures = {i: pool.submit(_render_chunk, documents[i], base_url) for i in order}
        rendered = [futures[i].result() for i in range(len(documents))]
        total = sum(pages for _, pages in rendered)
        furniture = pool.submit(_render_chunk, marked.furniture(total), base_url)
        # Join while a child lays the furniture out.
        sources = [pikepdf.open(io.BytesIO(pdf)) for pdf, _ in rendered]
        joined = sources[0]
        for source in sources[1:]:
            joined.pages.extend(source.pages)
        over = pikepdf.open(io.BytesIO(furniture.result()[0]))
    if len(over.pages) != len(joined.pages):
        raise RuntimeError(f"{len(over.pages)} furniture pages for {len(joined.pages)} pages")
    for page, furniture_page in zip(joined.pages, over.pages, strict=True):
        page.add_overlay(furniture_page)
    out = io.BytesIO()
    # Streams pass through as WeasyPrint compressed them; object streams keep the file small.
    joined.save(
        out,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    for source in (*sources, over):
        source.close()
    return out.getvalue()
