"""Thai PDFs: the embedded Sarabun faces and HTML → PDF bytes with WeasyPrint.

Used by reports' printing pipeline (reports/documents/pipeline.py). The Thai text layer
fix (reports/pdf_text.py) is installed process-wide when Django starts, so PDFs made
here extract as printed too.
"""

from django.conf import settings


def sarabun_fonts() -> dict[str, str]:
    """file:// URIs of the Sarabun faces for @font-face rules (embedded in every PDF)."""
    return {
        "regular": (settings.SARABUN_DIR / "Sarabun-Regular.ttf").as_uri(),
        "bold": (settings.SARABUN_DIR / "Sarabun-Bold.ttf").as_uri(),
    }


def render_pdf(html: str, *, version: str | None = None) -> bytes:
    """PDF bytes of a standalone HTML document (its print CSS decides page size and margins).

    Every unit of its Thai text a reader reads as one ("หมู่ที่ ๓", "ดำเนินการ") is kept on
    one line (thai.keep, installed when Django starts). A long document whose template marks
    where it may be cut is laid out on every core, page for page the same as one render
    (thai.pdf_parallel, ADR 0024); a long book marked in sections, section by section
    (thai.pdf_sections, ADR 0045). Given the renderer's `version`, the pieces of such a
    document that were laid out before are taken from the cache (ADR 0047).
    """
    from thai import pdf_parallel, pdf_sections

    if pdf_sections.worth_splitting(html) and pdf_sections.split(html):
        return pdf_sections.render(html, version=version)
    if pdf_parallel.worth_splitting(html) and pdf_parallel.split(html):
        return pdf_parallel.render(html, version=version)
    return pdf_parallel.render_single(html)
