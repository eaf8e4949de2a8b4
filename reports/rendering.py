"""Turn a plan into a form file: build the report, render it, cache the bytes.

Renderers return bytes and never build HTTP responses (style.md §7); views and
the render_report command only choose the form and the format.
"""

import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string

from reports.builders import build_pd01, build_pd02, build_pd021
from reports.xlsx import render_xlsx
from thai.format import FISCAL_MONTHS
from thai.pdf import render_pdf, sarabun_fonts

# Public form keys (URLs, file names, the command) → (builder, template partial).
FORMS = {
    "pd01": (build_pd01, "pd01"),
    "pd02": (build_pd02, "pd02"),
    "pd02_1": (build_pd021, "pd021"),
}
FORM_LABELS = {"pd01": "ผด.01", "pd02": "ผด.02", "pd02_1": "ผด.02/1"}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Everything that decides how a file looks, besides the report itself: the cache key
# covers these files' contents and the renderers' versions, so a deploy renders afresh.
RENDERING_SOURCES = (
    "templates/reports/forms.html",
    "templates/reports/pdf.html",
    "static/css/forms.css",
    "reports/xlsx.py",
    "reports/pdf_text.py",
    "reports/templatetags/printed.py",
    "thai/pdf.py",
)
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Rendered:
    filename: str
    content_type: str
    content: bytes


@functools.cache
def rendering_version() -> str:
    """A digest of the rendering sources and library versions (computed once per process)."""
    import openpyxl
    import weasyprint

    digest = hashlib.sha256(f"{weasyprint.__version__}|{openpyxl.__version__}".encode())
    for path in RENDERING_SOURCES:
        digest.update((settings.BASE_DIR / path).read_bytes())
    return digest.hexdigest()


def build(plan, form, *, consolidated=False):
    builder, _ = FORMS[form]
    return builder(plan, consolidated=consolidated)


def template_name(form) -> str:
    return f"reports/forms.html#{FORMS[form][1]}"


def form_context(report, form) -> dict:
    return {
        "report": report,
        "h": report.header,
        "months": FISCAL_MONTHS,
        "template": template_name(form),
        "form": form,
    }


def forms_css() -> str:
    with open(finders.find("css/forms.css"), encoding="utf-8") as handle:
        return handle.read()


def render_html(report, form) -> str:
    """The standalone HTML document the PDF is made from (print CSS, embedded font)."""
    css = forms_css()
    context = form_context(report, form) | {
        "css": css,
        "fonts": sarabun_fonts(),
        "counter_style": "thai" if report.header.thai_digits else "decimal",
    }
    return render_to_string("reports/pdf.html", context)


def filename(report, form, fmt) -> str:
    h = report.header
    return f"{form}-{h.organization_slug}-{h.fiscal_year}{h.file_suffix}.{fmt}"


def render(report, form, fmt) -> bytes:
    if fmt == "html":
        return render_html(report, form).encode()
    if fmt == "pdf":
        return render_pdf(render_html(report, form))
    if fmt == "xlsx":
        return render_xlsx(report)
    raise ValueError(f"unknown format {fmt!r}")


def rendered(plan, form, fmt, *, consolidated=False, cached=True) -> Rendered:
    """The form file for `plan`, from the cache when the plan's content is unchanged.

    The key is a digest of the built report (every printed value, the labels and
    the organisation's settings), so any change to them renders afresh; `cached=False`
    renders afresh anyway (verify_publications).
    """
    if form not in FORMS or fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown form or format: {form!r}, {fmt!r}")
    report = build(plan, form, consolidated=consolidated)
    digest = hashlib.sha256(f"{rendering_version()}|{fmt}|{report!r}".encode()).hexdigest()
    key = f"opplan:report:{form}:{digest}"
    content = cache.get(key) if cached else None
    if content is None:
        content = render(report, form, fmt)
        cache.set(key, content, CACHE_SECONDS)
    return Rendered(filename(report, form, fmt), CONTENT_TYPES[fmt], content)
