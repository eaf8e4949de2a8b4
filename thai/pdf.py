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


def render_pdf(html: str) -> bytes:
    """PDF bytes of a standalone HTML document (its print CSS decides page size and margins)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
