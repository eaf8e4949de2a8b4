"""Make the text layer of WeasyPrint's PDFs extract as the Thai that was printed.

WeasyPrint 70 maps each glyph to the text it first drew it with (its ToUnicode
table has one entry per glyph id). The font draws SARA AM (ำ) as two glyphs,
NIKHAHIT + SARA AA, so "ดำเนินการ" extracts as "ดาเนินการ" and "น้ำ" as "นา"
(upstream Kozea/WeasyPrint#2841). PDF 32000-1 §14.9.4 gives the remedy for glyphs
that do not map one-to-one to characters: marked content with /ActualText. This
module wraps every line of text WeasyPrint draws in

    /Span << /ActualText <FEFF…UTF-16BE…> >> BDC … EMC

so extractors that honour ActualText (poppler's pdftotext, Acrobat, screen
readers) read the line's real text. The look of the page does not change.

It patches one function of WeasyPrint, whose version is pinned exactly in
pyproject.toml; tests/reports/test_pdf_text.py fails loudly if an upgrade moves it.
"""

from weasyprint.draw import text as weasyprint_text

_original_draw_first_line = weasyprint_text.draw_first_line


def actual_text_property(text: str) -> str:
    """The marked-content property list carrying `text` as UTF-16BE with a BOM."""
    return f"<< /ActualText <FEFF{text.encode('utf-16-be').hex().upper()}> >>"


def _draw_first_line_with_actual_text(stream, textbox, *args, **kwargs):
    text = textbox.text
    if not text.strip():
        return _original_draw_first_line(stream, textbox, *args, **kwargs)
    stream.begin_marked_content("Span", actual_text_property(text))
    try:
        return _original_draw_first_line(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()


def install() -> None:
    """Wrap WeasyPrint's line drawing (idempotent)."""
    weasyprint_text.draw_first_line = _draw_first_line_with_actual_text


def uninstall() -> None:
    """Back to WeasyPrint's own drawing (for before/after comparisons)."""
    weasyprint_text.draw_first_line = _original_draw_first_line


def is_installed() -> bool:
    return weasyprint_text.draw_first_line is _draw_first_line_with_actual_text
