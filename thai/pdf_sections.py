"""A long book of named pages laid out section by section in separate processes, then joined.

The plan book (ADR 0012) is one HTML document: a cover, portrait text pages, landscape
forms on named pages, contents whose page numbers come from layout. Laid out in one
WeasyPrint process, a 5,000-project book needs about 2 GB. Its template marks its sections,
each of which starts a new page in every render:

    <!--pdf:section-->…<!--/pdf:section-->   consecutive sections (only space between)

Everything before the first section (the head, a draft's watermark) and after the last is
the frame around every piece laid out. Sections are laid out as documents of their own in
children of thai.pdf_parallel's forkserver, without page furniture, the frame around them:

- consecutive plain sections are grouped into chunks as pdf_parallel groups parts;
- a section marked in parts itself (the ผด.02: <!--pdf:part-->, pdf_parallel's marks) is
  cut into chunks exactly as pdf_parallel cuts the printed form;
- a section that links to others (`<a href="#…">`: the contents, whose numbers are
  `target-counter(attr(href), page, style)`) is laid out last, once the others' pages and
  the pages of their anchors are known: each link then resets a counter to its target's
  page number and the rule prints `counter(…, style)`, the same number in the same counter
  style (Thai digits included). Its own page count is guessed as one page a section and
  laid out again in the rare case the guess was wrong.

Then, as in pdf_parallel, the page furniture of every page ("- x -", "หน้า x", the form's
label) is laid out once, as a document of that many blank pages, each of the name its
page had (cover, a form's page, unnamed), and stamped over the joined pages; @top-left stays
with the content (pdf_parallel's docstring says why). The joined PDF gets the named
destinations of every anchor (the contents' links keep working) and the outline WeasyPrint
would have made from the headings of the whole book. Chunks are written to files in a
temporary folder and joined from there by pikepdf, so the parent holds no chunk's PDF
(but those it takes from the cache, and one at a time while storing it, ADR 0047).

The whole book must not use page pseudo-classes (:first, :left, :right, :blank, :nth()):
every chunk has a first page of its own. tests/reports/test_book_sections.py compares a
sectioned book with one render of it page for page (ADR 0045).
"""

import contextlib
import html as html_module
import multiprocessing
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings

from thai import pdf_parallel
from thai.pdf_parallel import MIN_CHUNK_ROWS, PART, Marked

SECTION = "<!--pdf:section-->"
SECTION_END = "<!--/pdf:section-->"
_PAGE_PSEUDO_CLASS = re.compile(r"@page\s*[\w-]*\s*:")
_LINK = re.compile(r'<a\s[^>]*?href="#([^"]+)"[^>]*>')
_TARGET_PAGE = re.compile(r"target-counter\(\s*attr\(href\)\s*,\s*page\s*(,\s*[\w-]+\s*)?\)")
_COUNTER = "pdf-target-page"
SCALE = 0.75  # PDF points per CSS pixel, as WeasyPrint writes
_LATE_TRIES = 4
KIND = "section"  # what pdf_parallel.keep stores for a section: its PDF and its pages


@dataclass(frozen=True)
class Page:
    """What the join needs of a laid-out page (CSS pixels from its top left)."""

    name: str  # the named page ("" when unnamed)
    height: float
    anchors: tuple  # (name, x, y)
    bookmarks: tuple  # WeasyPrint's (level, label, (x, y), state)


@dataclass(frozen=True)
class Chunk:
    html: str
    late: bool = False  # links to other sections: laid out once their pages are known


def split(html: str) -> Marked | None:
    """The document cut at its <!--pdf:section--> marks, or None when it has fewer than two.

    Raises ValueError when the marks are malformed (a template's mistake).
    """
    return pdf_parallel.cut(html, SECTION, SECTION_END)


def worth_splitting(html: str) -> bool:
    """True when `html` is marked in sections, long, and uses no page pseudo-classes.

    On one core too: the pieces are then laid out one after another (lighter, and the same
    bytes as on a machine with more cores).
    """
    if SECTION not in html or _PAGE_PSEUDO_CLASS.search(html):
        return False
    rows = pdf_parallel.weight(html)
    return rows >= pdf_parallel.PARALLEL_ROWS and (
        "forkserver" in multiprocessing.get_all_start_methods()
    )


def plan(book: Marked, minimum=MIN_CHUNK_ROWS) -> list[Chunk]:
    """The chunks to lay out, in the order their pages are printed."""
    chunks, run = [], []

    def flush():
        if run:
            plain = Marked(book.head, tuple(run), book.tail)
            groups = pdf_parallel.chunks(plain, minimum)
            chunks.extend(Chunk(plain.chunk(first, last)) for first, last in groups)
            run.clear()

    for section in book.parts:
        marked = pdf_parallel.split(book.head + section + book.tail) if PART in section else None
        if _LINK.search(section):
            flush()
            chunks.append(Chunk(Marked(book.head, (section,), book.tail).chunk(0, 0), late=True))
        elif marked is not None:
            flush()
            groups = pdf_parallel.chunks(marked, minimum)
            chunks.extend(Chunk(marked.chunk(first, last)) for first, last in groups)
        else:
            run.append(section)
    flush()
    last = len(chunks) - 1
    return [
        Chunk(_framed(chunk.html, index == 0, index == last), chunk.late)
        for index, chunk in enumerate(chunks)
    ]


def _framed(html: str, first: bool, last: bool) -> str:
    """A chunk's HTML whose frame (html, body) has no edge where the whole book's goes on.

    One render prints the body's top margin, border and padding on the book's first page and
    the bottom ones on its last (slice): a chunk that neither starts nor ends the book has
    them on neither (the book's body has the browser's 8 px margin).
    """
    sides = ([] if first else ["top"]) + ([] if last else ["bottom"])
    rules = " ".join(
        f"margin-{side}: 0 !important; padding-{side}: 0 !important; "
        f"border-{side}-width: 0 !important;"
        for side in sides
    )
    if not rules:
        return html
    return html.replace("</head>", f"<style>html, body {{ {rules} }}</style></head>", 1)


def numbered(html: str, numbers: dict[str, int]) -> str:
    """`html` printing the page number of each link's target from `numbers`, not from layout.

    Each link to a known anchor resets a counter to its page number; `target-counter(
    attr(href), page, style)` becomes `counter(…, style)`: the same text in the same style.
    Raises ValueError for a link to an anchor no section laid out before has (one in this
    section or in another late one): it would print another link's number.
    """

    def link(match):
        tag, name = match.group(0), html_module.unescape(match.group(1))
        if name not in numbers:
            raise ValueError(f"a link of the contents points to #{name}, on no page laid out")
        if re.search(r"\sstyle=", tag):
            raise ValueError(f"a link of the contents has a style of its own: {tag}")
        return f'{tag[:-1]} style="counter-reset: {_COUNTER} {numbers[name]}">'

    html = _TARGET_PAGE.sub(lambda m: f"counter({_COUNTER}{m.group(1) or ''})", html)
    return _LINK.sub(link, html)


def furniture(html: str, names: list[str]) -> str:
    """Blank pages of the given page names with `html`'s @page rules: its margin boxes alone."""
    head = html[: html.index("<body")]
    pages = []
    for number, name in enumerate(names):
        style = f"page: {name or 'auto'}" + ("; break-before: page" if number else "")
        pages.append(f'<div style="{style}"></div>')
    return f"{head}<body>{''.join(pages)}</body></html>"


def _lay_out(html: str, base_url: str, path: str, links_elsewhere=False) -> list[Page]:
    """Lay `html` out, write its PDF to `path`, return its pages (in a child process).

    With `links_elsewhere`, links to anchors the document lacks are written anyway, as
    named destinations that the joined PDF defines (WeasyPrint drops such links).
    """
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render()
    pages = [
        Page(
            name=page._page_box.page_type.name or "",  # WeasyPrint keeps the name only there
            height=page.height,
            anchors=tuple((name, x, y) for name, (x, y, *_) in page.anchors.items()),
            bookmarks=tuple(page.bookmarks),
        )
        for page in document.pages
    ]
    if links_elsewhere and document.pages:
        known = {name for page in document.pages for name in page.anchors}
        for page in document.pages:
            for kind, target, *_ in page.links:
                if kind == "internal" and target not in known:
                    document.pages[0].anchors[target] = (0, 0, 0, 0)
                    known.add(target)
    document.write_pdf(path)
    return pages


def _bookmark_tree(pages: list[tuple[float, tuple]]) -> list:
    """WeasyPrint's outline of the whole book from each page's (height, bookmarks)."""
    from weasyprint.document import Document

    book = SimpleNamespace(pages=[SimpleNamespace(height=h, bookmarks=b) for h, b in pages])
    return Document.make_bookmark_tree(book, scale=SCALE, transform_pages=True)


def _numbers(chunks: list[Chunk], laid: dict, counts: dict) -> dict[str, int]:
    """The page number of every anchor laid out so far (the first of a name counts)."""
    numbers, number = {}, 0
    for index in range(len(chunks)):
        pages = laid.get(index) if not chunks[index].late else None
        if pages is None:
            number += counts[index]
            continue
        for page in pages:
            number += 1
            for name, _, _ in page.anchors:
                numbers.setdefault(name, number)
    return numbers


def _destinations(joined, pages: list[Page]):
    """Named destinations of every anchor, as WeasyPrint writes them (the first of a name)."""
    import pikepdf

    targets = {}
    for number, page in enumerate(pages):
        for name, x, y in page.anchors:
            targets.setdefault(name, (number, x * SCALE, (page.height - y) * SCALE))
    tree = pikepdf.NameTree.new(joined)
    for name in sorted(targets):
        number, x, y = targets[name]
        tree[name] = pikepdf.Array([joined.pages[number].obj, pikepdf.Name.XYZ, x, y, 0])
    names = joined.Root.get(pikepdf.Name.Names) or pikepdf.Dictionary()
    names.Dests = tree.obj
    joined.Root.Names = names


def _outline(joined, tree: list):
    import pikepdf

    def items(subtrees):
        made = []
        for label, (number, x, y), children, state in subtrees:
            item = pikepdf.OutlineItem(label, number, "XYZ", left=x, top=y, zoom=0)
            item.children.extend(items(children))
            item.is_closed = state == "closed"
            made.append(item)
        return made

    with joined.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(items(tree))


def _lay_out_all(pool, documents: dict, base_url, paths, version, links_elsewhere=False):
    """Lay each of `documents` (index → HTML) out in `pool`, in their order, to its path;
    return each one's pages. With the renderer's `version`, documents laid out before come
    from the cache (pdf_parallel.reused) and those laid out now go to it."""
    indexes = list(documents)
    found = pdf_parallel.reused(version, list(documents.values()), kind=KIND)
    laid, futures = {}, {}
    for position, index in enumerate(indexes):
        if position in found:
            pdf, laid[index] = found[position]
            Path(paths[index]).write_bytes(pdf)
        else:
            html = documents[index]
            futures[index] = pool.submit(_lay_out, html, base_url, paths[index], links_elsewhere)
    for index, future in futures.items():
        laid[index] = future.result()
        pdf_parallel.keep(
            version, documents[index], (Path(paths[index]).read_bytes(), laid[index]), KIND
        )
    return laid


def render(
    html: str, *, processes: int | None = None, min_chunk_rows=MIN_CHUNK_ROWS, version=None
) -> bytes:
    """PDF bytes of a document marked in sections, page for page as render_single(html).

    With the renderer's `version`, chunks laid out before come from the cache (as in
    pdf_parallel.render). Raises ValueError when `html` has fewer than two sections; errors
    of a child reach the caller.
    """
    import pikepdf

    book = split(html)
    if book is None:
        raise ValueError("the document has fewer than two pdf:section sections")
    processes = processes or pdf_parallel.process_count()
    chunks = plan(book, min_chunk_rows)
    base_url = str(settings.BASE_DIR)
    late = [index for index, chunk in enumerate(chunks) if chunk.late]
    # The heaviest first, so the last to finish is a light one.
    early = sorted(
        (index for index, chunk in enumerate(chunks) if not chunk.late),
        key=lambda index: -pdf_parallel.weight(chunks[index].html),
    )
    with (
        tempfile.TemporaryDirectory(prefix="opplan-pdf-") as folder,
        pdf_parallel.pool(min(processes, len(chunks))) as pool,
        contextlib.ExitStack() as opened,
    ):
        paths = [os.path.join(folder, f"{index}.pdf") for index in range(len(chunks))]
        early_html = {index: chunks[index].html for index in early}
        laid = _lay_out_all(pool, early_html, base_url, paths, version)
        counts = dict.fromkeys(late, 1)
        for _ in range(_LATE_TRIES):
            numbers = _numbers(chunks, laid, counts)
            late_html = {index: numbered(chunks[index].html, numbers) for index in late}
            laid |= _lay_out_all(pool, late_html, base_url, paths, version, links_elsewhere=True)
            if all(len(laid[index]) == counts[index] for index in late):
                break
            counts = {index: len(laid[index]) for index in late}
        else:
            raise RuntimeError("the contents' page count does not settle")
        pages = [page for index in range(len(chunks)) for page in laid[index]]
        names = [page.name for page in pages]
        tree = pool.submit(_bookmark_tree, [(page.height, page.bookmarks) for page in pages])
        over_path = os.path.join(folder, "furniture.pdf")
        over_html = furniture(html, names)
        over_found = pdf_parallel.reused(version, [over_html], kind=KIND).get(0)
        if over_found:
            Path(over_path).write_bytes(over_found[0])
        else:
            over_pages = pool.submit(_lay_out, over_html, base_url, over_path)
        # Join while a child lays the furniture out.
        sources = [opened.enter_context(pikepdf.open(path)) for path in paths]
        joined = sources[0]
        with warnings.catch_warnings():
            # That named destinations do not come along: the book's are written below.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            for source in sources[1:]:
                joined.pages.extend(source.pages)
        if not over_found:
            laid_over = over_pages.result()
            over_found = (Path(over_path).read_bytes(), laid_over)
            pdf_parallel.keep(version, over_html, over_found, KIND)
        if [page.name for page in over_found[1]] != names:
            raise RuntimeError("the furniture pages are not the pages of the book")
        pdf_parallel.stamp(joined, opened.enter_context(pikepdf.open(over_path)))
        _destinations(joined, pages)
        _outline(joined, tree.result())
        out = os.path.join(folder, "book.pdf")
        pdf_parallel.save(joined, out)
        return Path(out).read_bytes()
