"""One way from a plan or a meeting to a printed file: build → digest → cache → render.

Every document (reports/documents/<key>.py) declares a `Document`; this module does the
rest for all of them. `build` returns the document's frozen dataclass (its builder is the
only code that queries); `digest` names exactly what the bytes depend on — every built
value, the format, and the rendering sources and library versions — so it is both the
cache key and the key under which later work (a background render) can find the file;
`render` returns the file from the cache or renders it. Renderers return bytes and never
build HTTP responses (style.md §7): views and commands only choose the document and the
format.
"""

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reports.columns import Table
from thai.pdf import render_pdf, sarabun_fonts

PLAN, MEETING, ROUND = "plan", "meeting", "round"  # what a document is built from (ROUND:
# a results.Round, its report and the announcement of its results)
HTML, PDF, XLSX = "html", "pdf", "xlsx"
CONTENT_TYPES = {
    HTML: "text/html; charset=utf-8",
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Everything besides the built document that decides the bytes: templates, style sheets,
# the modules that turn built values into text, and (below) the libraries' versions.
# Folders count with every file in them, so a new template is covered too.
RENDERING_SOURCES = (
    "reports/documents",
    "reports/builders.py",
    "reports/columns.py",
    "reports/texts.py",
    "reports/xlsx.py",
    "reports/pdf_text.py",
    "reports/pdf_justify.py",
    "reports/templatetags",
    "templates/reports",
    "static/css",
    "thai/format.py",
    "thai/pdf.py",
    "thai/keep.py",
    "thai/pdf_parallel.py",
    "thai/pdf_sections.py",
    "thai/pdf_child.py",
    "thai/templatetags",
)
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Document:
    """One printed document: what it is, what it is built from, and how it prints.

    `build(subject, **options)` returns its content, a frozen dataclass of raw values;
    `context(content)` the values its templates need; `file_stem(content)` the file name
    after the key ("nongbua-2570-supplementary-1"). `template` is the standalone HTML the
    PDF is made from, `partial` the part an in-app page shows too. `published` lists the
    formats the public page offers for an announced edition (empty: never published).
    """

    key: str  # in URLs, file names, the command and PublishedFile.document
    label: str  # Thai, short: "ผด.02/1", "ประกาศ", "หนังสือเชิญประชุม"
    built_from: str  # PLAN, MEETING or ROUND
    build: Callable
    context: Callable
    file_stem: Callable
    template: str
    stylesheets: tuple[str, ...]
    orientation: str = "portrait"  # of its pages (A4); the book sets its forms' pages itself
    partial: str = ""
    formats: tuple[str, ...] = (PDF,)
    xlsx: Callable | None = None  # (content, columns) → workbook bytes
    columns: Table | None = None  # a form's columns: its partial's and its workbook's
    published: tuple[str, ...] = ()
    title: str = ""  # the public page's name for it; the label when empty
    unavailable: Callable | None = None  # subject → a Thai reason it cannot print yet, or ""

    def __post_init__(self):
        if not (
            self.built_from in (PLAN, MEETING, ROUND)
            and set(self.formats) <= set(CONTENT_TYPES)
            and (XLSX in self.formats) == (self.xlsx is not None)
            and set(self.published) <= set(self.formats) - {HTML}
        ):
            raise ValueError(f"document {self.key!r}: inconsistent declaration")

    @property
    def public_title(self) -> str:
        return self.title or self.label


@dataclass(frozen=True)
class Built:
    """A document built for one plan or meeting: its declaration and the values it prints."""

    document: Document
    content: object  # the builder's frozen dataclass


@dataclass(frozen=True)
class Rendered:
    filename: str
    content_type: str
    content: bytes


def build(document: Document, subject, **options) -> Built:
    """Build `document` for `subject` (a Plan, a Meeting or a Round); `options` go to its builder
    (`consolidated=True` for a form). Raises reports.sources.RecordBroken when an announced
    edition's record cannot be printed."""
    return Built(document, document.build(subject, **options))


@functools.cache
def rendering_version() -> str:
    """A digest of the rendering sources, library versions and fonts (computed once per
    process). Pieces of PDFs are cached under it too (thai.pdf_parallel), and a province's
    workers share the cache: so Pango's version (the shaping) and the font files count."""
    import openpyxl
    import pydyf
    import weasyprint
    from weasyprint.text.ffi import pango

    versions = (
        weasyprint.__version__,
        pydyf.__version__,
        pango.pango_version(),
        openpyxl.__version__,
    )
    digest = hashlib.sha256("|".join(map(str, versions)).encode())
    for font in sorted(settings.SARABUN_DIR.glob("Sarabun-*.ttf")):
        digest.update(font.read_bytes())
    for name in RENDERING_SOURCES:
        path = settings.BASE_DIR / name
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(settings.BASE_DIR)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def digest(built: Built, fmt: str) -> str:
    """The content digest of `built` in `fmt`: the same digest, the same bytes."""
    text = f"{rendering_version()}|{built.document.key}|{fmt}|{built.content!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def content_digest(document: Document, subject, fmt: str, **options) -> str:
    """The digest `render` would cache `document` of `subject` under, without rendering."""
    return digest(build(document, subject, **options), fmt)


def counter_style(thai_digits: bool) -> str:
    """The CSS counter style of page numbers: Thai digits or not."""
    return "thai" if thai_digits else "decimal"


def template_context(built: Built) -> dict:
    """What the document's templates need: its partial, a form's columns, and its values."""
    document = built.document
    return {
        "document": document,
        "partial": document.partial,
        "columns": document.columns,
    } | document.context(built.content)


def _stylesheet(name: str) -> str:
    with open(finders.find(name), encoding="utf-8") as handle:
        return handle.read()


def render_html(built: Built) -> str:
    """The standalone HTML the PDF is made from (print CSS and the Sarabun faces inline)."""
    document = built.document
    context = template_context(built) | {
        "css": "\n".join(_stylesheet(name) for name in document.stylesheets),
        "fonts": sarabun_fonts(),
        "orientation": document.orientation,
    }
    return render_to_string(document.template, context)


def render_partial(built: Built) -> str:
    """The document's partial as the in-app page shows it, cached by content digest.

    A 1,000-project ผด.02 takes ~0.45 s to render as a template and only a build to
    recognise as unchanged, so people reading the same form in turn cost one render.
    """
    key = f"opplan:partial:{digest(built, HTML)}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(built.document.partial, template_context(built))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 — our own template's output, escaped when rendered


def render_bytes(built: Built, fmt: str, *, reuse: bool = True) -> bytes:
    """`built` as a file in `fmt`, rendered now (never from the cache). A long PDF laid out
    in pieces takes the pieces that were laid out before from the cache (thai.pdf_parallel:
    the same bytes), unless `reuse` is false."""
    if fmt not in built.document.formats:
        raise ValueError(f"{built.document.key} does not print as {fmt!r}")
    if fmt == XLSX:
        return built.document.xlsx(built.content, built.document.columns)
    html = render_html(built)
    if fmt == HTML:
        return html.encode()
    return render_pdf(html, version=rendering_version() if reuse else None)


def filename(built: Built, fmt: str) -> str:
    return f"{built.document.key}-{built.document.file_stem(built.content)}.{fmt}"


def render(built: Built, fmt: str, *, cached: bool = True) -> Rendered:
    """`built` as a file in `fmt`, from the cache when the same content was rendered before.

    The cache key is `digest(built, fmt)`, so any change to a printed value, the wording,
    the organisation's settings or OpPlan's rendering code renders afresh; `cached=False`
    renders afresh anyway, every piece of it (verify_publications). Raises ValueError for a
    format the document does not print as.
    """
    if fmt not in built.document.formats:
        raise ValueError(f"{built.document.key} does not print as {fmt!r}")
    key = f"opplan:document:{digest(built, fmt)}"
    content = cache.get(key) if cached else None
    if content is None and cached:
        content = _render_once(key, built, fmt)
    elif content is None:
        content = render_bytes(built, fmt, reuse=False)
    return Rendered(filename(built, fmt), CONTENT_TYPES[fmt], content)


LOCK_SECONDS = 120  # no render made in a request takes this long (heavy ones are tasks)
WAIT_STEP = 0.2


def _render_once(key, built, fmt) -> bytes:
    """Render and cache `built`; people asking for the same content at the same moment
    wait for that one render (a lock in the cache: across processes with Redis) instead of
    all rendering it — the review saw five requests stop a whole site for 30 s."""
    lock = f"{key}:rendering"
    if cache.add(lock, True, LOCK_SECONDS):
        try:
            content = render_bytes(built, fmt)
            cache.set(key, content, CACHE_SECONDS)
            return content
        finally:
            cache.delete(lock)
    waited = 0.0
    while waited < LOCK_SECONDS and cache.get(lock):
        time.sleep(WAIT_STEP)
        waited += WAIT_STEP
        content = cache.get(key)
        if content is not None:
            return content
    return cache.get(key) or render_bytes(built, fmt)  # the other render failed or timed out
