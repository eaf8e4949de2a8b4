"""What the three forms (ผด.01, ผด.02, ผด.02/1) share: their templates' values and file names.

Their builders are in reports/builders.py (ADR 0010); each form's own module declares it.
"""

from reports.documents.pipeline import counter_style
from thai.format import FISCAL_MONTHS


def context(report) -> dict:
    return {
        "report": report,
        "h": report.header,
        "months": FISCAL_MONTHS,
        "counter_style": counter_style(report.header.thai_digits),
    }


def file_stem(report) -> str:
    """nongbua-2570, nongbua-2570-supplementary-1, nongbua-2570-consolidated."""
    h = report.header
    return f"{h.organization_slug}-{h.fiscal_year}{h.file_suffix}"
