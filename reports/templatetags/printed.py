"""Filters for the printed forms: numbers as the organisation prints them (Thai digits or not).

{% load printed %} then {{ value|p:h }}, {{ amount|p_money:h }}, {{ share|p_share:h }}
where `h` is the report's Header; a form's columns (reports/columns.py) print with
{{ column|heading:h }} and {% cell row column h %}.
"""

from django import template
from django.template.defaultfilters import linebreaksbr

from reports.columns import INTEGER, LINES, MONEY, SHARE
from thai import format as fmt

register = template.Library()


def _digits(text, header):
    return fmt.thai_digits(text) if header.thai_digits else str(text)


@register.filter
def p(value, header):
    """Any text or number, with the organisation's digits."""
    if value is None:
        return ""
    return _digits(value, header)


@register.filter
def p_money(value, header):
    return _digits(fmt.format_money(value), header)


@register.filter
def p_count(value, header):
    """A count with thousands separators: "๑,๐๐๐"."""
    return "" if value is None else _digits(f"{value:,}", header)


@register.filter
def p_share(value, header):
    return _digits(f"{value:.2f}", header)


@register.filter
def heading(column, header):
    """A column's heading in the organisation's wording."""
    return header.t[column.heading]


@register.simple_tag
def cell(row, column, header):
    """The value of `column` in `row` as the form prints it (escaped)."""
    value = column.value(row)
    if column.kind == MONEY:
        return p_money(value, header)
    if column.kind == SHARE:
        return p_share(value, header)
    if column.kind == INTEGER:
        return p_count(value, header)
    if column.kind == LINES:
        return linebreaksbr(p(value, header), autoescape=True)
    return p(value, header)


@register.filter
def strategy_line(block, header):
    """ "1. ยุทธศาสตร์…" in the organisation's wording (a Pd01Block or Pd02Strategy)."""
    return header.strategy_line(block.number, block.name)


@register.filter
def group_line(group, header):
    return header.text("pd021_group", number=group.number, type=group.type)


@register.filter
def total_line(report, header):
    key = "pd021_total" if header.form == "pd021" else "pd02_total"
    return header.text(key, count=f"{report.count:,}")


@register.simple_tag
def continued_line(strategy, run, header):
    """ "1. ยุทธศาสตร์… / 1.1 แผนงาน… (ต่อ)": what a ผด.02 page continuing a แผนงาน prints on top."""
    program = f"{run.program.number} {run.program.name}"
    return _digits(f"{strategy_line(strategy, header)} / {program} {header.t['continued']}", header)


@register.filter
def equipment_note(pd021, header):
    """Under the book's ผด.01: the equipment of ผด.02/1 is counted apart ("" without any)."""
    if pd021.is_empty:
        return ""
    total = fmt.format_money(pd021.total)
    note = header.text("pd01_equipment_note", count=f"{pd021.count:,}", total=total)
    return _digits(note, header)


@register.filter
def p_date(value, header):
    """ "25 ตุลาคม พ.ศ. 2569" as announcements print it, with the organisation's digits."""
    if value is None:
        return ""
    text = f"{value.day} {fmt.MONTHS_FULL[value.month - 1]} พ.ศ. {fmt.be_year(value)}"
    return _digits(text, header)
