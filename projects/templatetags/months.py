"""{% load months %}: a project's planned months drawn as a bar across the fiscal year."""

from functools import cache

from django import template
from django.utils.safestring import mark_safe

from projects import months
from thai.format import FISCAL_MONTHS

register = template.Library()


@cache
def _bar(mask: int) -> str:
    # One element per run of months on a twelve-column grid; the stylesheet draws the
    # empty months behind them (static/css/opplan.css, .month-bar).
    # Each run is an <i> from column m<first> through t<last> (static/css/opplan.css); it
    # holds no text, so a screen reader skips the bar: the months are also written out.
    runs = "".join(
        f'<i class="m{a}"></i>' if a == b else f'<i class="m{a} t{b}"></i>'
        for a, b in months.runs(mask)
    )
    return mark_safe(f'<div class="month-bar">{runs}</div>')  # noqa: S308


@register.filter
def month_bar(mask):
    """{{ project.months|month_bar }}: the planned months as bars, ต.ค. on the left.
    Built once per mask: a plan page draws the same few hundred bars many times."""
    try:
        return _bar(int(mask))
    except (TypeError, ValueError):
        return ""


@cache
def _cells(mask: int) -> str:
    # A planned month's cell names its month: readable on a phone where the table scrolls
    # away from its header row, and by a screen reader with or without the header.
    planned = set(months.from_mask(mask))
    return mark_safe(  # noqa: S308 -- month labels from thai.format, no user text
        "".join(
            f'<td class="on">{month.abbr}</td>' if month.number in planned else "<td></td>"
            for month in FISCAL_MONTHS
        )
    )


@register.filter
def month_cells(mask):
    """{{ project.months|month_cells }}: twelve <td>, ต.ค. … ก.ย., the planned ones labelled."""
    try:
        return _cells(int(mask))
    except (TypeError, ValueError):
        return ""
