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

A chunk is laid out without page furniture, so its PDF depends on its own HTML and on the
renderer alone. Given the renderer's `version` (reports.documents.pipeline.rendering_version:
the rendering sources and library versions), chunks laid out before are taken from the cache
(`reused`/`keep`): after one project is edited, a long form lays out the one chunk that
holds it, and the furniture when the page count changed (ADR 0047).
"""

import contextlib
import hashlib
import io
import logging
import math
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

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
# About this many chunks (two for each of this machine's two cores), on every machine.
CHUNKS = 4

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


def cut(html: str, opening: str, closing: str, *, nested=True) -> Marked | None:
    """`html` cut at its consecutive `opening`…`closing` marks, or None when it has fewer
    than two pieces. `nested`: whether a piece may hold other pdf: marks (a book's section
    holds a form's parts). Raises ValueError when the marks are malformed (a template's
    mistake); its message names the marks."""
    kind = opening.removeprefix("<!--pdf:").removesuffix("-->")
    start = html.find(opening)
    if start < 0:
        return None
    end = html.rfind(closing)
    if end < start or "</head>" not in html[:start] or "<body" not in html[:start]:
        raise ValueError(f"pdf:{kind} marks must sit in the body, each {kind} closed")
    pieces = html[start : end + len(closing)].split(closing)
    found = []
    for piece in pieces[:-1]:
        between, mark, inside = piece.partition(opening)
        if (
            between.strip()
            or not mark
            or opening in inside
            or (not nested and _MARKS.search(inside))
        ):
            raise ValueError(f"pdf:{kind} marks must enclose consecutive {kind}s")
        found.append(inside)
    if pieces[-1].strip():
        raise ValueError(f"pdf:{kind} marks must enclose consecutive {kind}s")
    if len(found) < 2:
        return None
    return Marked(html[:start], tuple(found), html[end + len(closing) :])


def split(html: str) -> Marked | None:
    """The document cut at its <!--pdf:part--> marks, or None when it has fewer than two parts.

    Raises ValueError when the marks are malformed (a template's mistake).
    """
    return cut(html, PART, PART_END, nested=False)


def weight(html: str) -> int:
    """The cost of laying out `html`, in table rows."""
    return html.count("<tr")


def chunks(marked: Marked, minimum=MIN_CHUNK_ROWS) -> list[tuple[int, int]]:
    """Consecutive parts grouped into about CHUNKS chunks (first, last part index).

    Parts are added to a chunk while it stays within a CHUNKS-th of the rows, at least
    `minimum` and at most MAX_CHUNK_ROWS; a part larger than that is a chunk. The grouping
    does not depend on the machine: each chunk embeds its own subset of the fonts, so the
    grouping decides the file's bytes, and a published file prints the same bytes wherever it
    is rendered again (ADR 0018).
    """
    weights = [weight(part) for part in marked.parts]
    target = min(max(math.ceil(sum(weights) / CHUNKS), minimum), MAX_CHUNK_ROWS)
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
    """True when `html` is marked and long enough.

    On one core too: the chunks are then laid out one after another (lighter, and the bytes
    are the same as on a machine with more cores). A document with named pages or page
    pseudo-classes is never split: the furniture pages are all of the one unnamed page type.
    """
    return (
        PART in html
        and not _SPECIAL_PAGES.search(html)
        and weight(html) >= PARALLEL_ROWS
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


# How long a chunk's PDF stays in the cache for a later render of a changed document: a
# working day of edits and prints (the whole files stay a day: pipeline.CACHE_SECONDS).
CHUNK_SECONDS = 60 * 60 * 8


def _chunk_key(kind: str, version: str, html: str) -> str:
    digest = hashlib.sha256(f"{kind}|{version}|{html}".encode()).hexdigest()
    return f"opplan:pdf-chunk:{digest}"


def reused(version: str | None, documents: list[str], kind="part") -> dict[int, object]:
    """What `keep` stored for each of `documents` laid out before by the renderer `version`,
    by the document's index (nothing without a version). `kind` names what was stored (a
    part's PDF and page count, a section's PDF and pages). The cache only saves time: when
    it cannot be reached, everything is laid out (and the reason logged)."""
    if not version:
        return {}
    from django.core.cache import cache

    indexes = {}
    for index, html in enumerate(documents):
        indexes.setdefault(_chunk_key(kind, version, html), []).append(index)
    try:
        found = cache.get_many(list(indexes))
    except Exception:
        logger.warning("no chunks laid out before: the cache cannot be read", exc_info=True)
        return {}
    return {index: value for key, value in found.items() for index in indexes[key]}


def keep(version: str | None, html: str, value, kind="part") -> None:
    """Store `value` (what laying `html` out gave: its PDF and pages) for `reused`."""
    if version:
        from django.core.cache import cache

        try:
            cache.set(_chunk_key(kind, version, html), value, CHUNK_SECONDS)
        except Exception:
            logger.warning("a chunk is not kept: the cache cannot be written", exc_info=True)


def _render_chunk(html: str, base_url: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    return document.write_pdf(), len(document.pages)


def pool(processes: int) -> ProcessPoolExecutor:
    """Processes forked from the forkserver that has imported WeasyPrint and set Django up."""
    context = multiprocessing.get_context("forkserver")
    # "__main__" too: the forkserver runs the main script's imports once, not every child.
    context.set_forkserver_preload(["__main__", "thai.pdf_child"])
    return ProcessPoolExecutor(processes, mp_context=context, initializer=_child_ready)


# The furniture of page i is the XObject FURNITURE + i in its resources (WeasyPrint's pages
# may share one resource dictionary, so each page needs its own name). pikepdf's add_overlay
# names it at random, which made every render's bytes differ.
FURNITURE = "/OpPlanFurniture"


def stamp(joined, over) -> None:
    """Stamp page i of the furniture PDF `over` on page i of `joined` (pikepdf documents),
    as pikepdf's add_overlay does but under a fixed name."""
    import pikepdf

    if len(over.pages) != len(joined.pages):
        raise RuntimeError(f"{len(over.pages)} furniture pages for {len(joined.pages)} pages")
    for index, (page, furniture_page) in enumerate(zip(joined.pages, over.pages, strict=True)):
        name = pikepdf.Name(f"{FURNITURE}{index}")
        form = furniture_page.as_form_xobject()
        page.add_resource(form, pikepdf.Name.XObject, name)
        placed = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n" + placed)
        page.contents_coalesce()


def save(joined, out) -> None:
    """Write a joined PDF to `out` (a path or a binary file): the same pages give the same
    bytes on every run (a deterministic /ID, ADR 0018). Streams pass through as WeasyPrint
    compressed them; object streams keep the file small."""
    import pikepdf

    joined.save(
        out,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )


def render(
    html: str, *, processes: int | None = None, min_chunk_rows=MIN_CHUNK_ROWS, version=None
) -> bytes:
    """PDF bytes of a marked document, its chunks laid out in `processes` processes at once.

    Page for page the same as render_single(html), and the same bytes whatever the number
    of processes. With the renderer's `version`, chunks laid out before come from the cache.
    Raises ValueError when `html` has fewer than two parts; errors of a child
    (BrokenProcessPool when one dies) reach the caller.
    """
    import pikepdf

    marked = split(html)
    if marked is None:
        raise ValueError("the document has fewer than two pdf:part sections")
    processes = processes or process_count()
    groups = chunks(marked, min_chunk_rows)
    documents = [marked.chunk(first, last) for first, last in groups]
    base_url = str(settings.BASE_DIR)
    found = reused(version, documents)
    # The heaviest chunks first, so the last to finish is a light one.
    order = sorted(
        (i for i in range(len(documents)) if i not in found), key=lambda i: -weight(documents[i])
    )
    # A pool starts its processes when work is submitted: none when every chunk is reused.
    with pool(max(1, min(processes, len(order)))) as workers, contextlib.ExitStack() as opened:
        futures = {i: workers.submit(_render_chunk, documents[i], base_url) for i in order}
        rendered = [found[i] if i in found else futures[i].result() for i in range(len(documents))]
        for i in order:
            keep(version, documents[i], rendered[i])
        total = sum(pages for _, pages in rendered)
        furniture_html = marked.furniture(total)
        over_pdf = reused(version, [furniture_html]).get(0)
        furniture = None if over_pdf else workers.submit(_render_chunk, furniture_html, base_url)
        # Join while a child lays the furniture out.
        sources = [opened.enter_context(pikepdf.open(io.BytesIO(pdf))) for pdf, _ in rendered]
        joined = sources[0]
        for source in sources[1:]:
            joined.pages.extend(source.pages)
        if furniture is not None:
            over_pdf = furniture.result()
            keep(version, furniture_html, over_pdf)
        over = opened.enter_context(pikepdf.open(io.BytesIO(over_pdf[0])))
        stamp(joined, over)
        out = io.BytesIO()
        save(joined, out)
    return out.getvalue()
