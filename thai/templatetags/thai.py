"""Template filters over thai.format: {% load thai %} then {{ value|thai_date }}.

Like Django's own filters they never raise: a value they cannot format is
shown unchanged (or empty for None), so a page never fails over a bad value.
"""

from django import template

from thai import format as fmt

register = template.Library()


def _safe(function, value, *args):
    if value is None or value == "":
        return ""
    try:
        return function(value, *args)
    except (TypeError, ValueError):
        return value


@register.filter
def thai_date(value):
    """{{ d|thai_date }} → 30 กันยายน 2568"""
    return _safe(fmt.format_date_full, value)


@register.filter
def thai_date_short(value):
    """{{ d|thai_date_short }} → 30 ก.ย. 68"""
    return _safe(fmt.format_date_short, value)


@register.filter
def thai_datetime(value):
    """{{ moment|thai_datetime }} → 26 พ.ย. 69 14:05 น."""
    return _safe(fmt.format_datetime_short, value)


@register.filter
def be_year(value):
    """{{ d|be_year }} → 2568"""
    return _safe(fmt.be_year, value)


@register.filter
def fiscal_year_range(value):
    """{{ 2569|fiscal_year_range }} → 1 ต.ค. 2568 – 30 ก.ย. 2569"""
    return _safe(fmt.format_fiscal_year_range, value)


@register.filter
def money(value):
    """{{ amount|money }} → 1,234,567.89"""
    return _safe(fmt.format_money, value)


@register.filter
def baht_text(value):
    """{{ amount|baht_text }} → หนึ่งร้อยเอ็ดบาทถ้วน"""
    return _safe(fmt.baht_text, value)


@register.filter
def digits(value, use_thai_digits=True):
    """{{ text|digits:organization.thai_digits }}: Thai digits when the setting is on."""
    if value is None:
        return ""
    return fmt.thai_digits(value) if use_thai_digits else value
