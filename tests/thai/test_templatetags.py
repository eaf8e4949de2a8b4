from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template

ORG = {"thai_digits": True}
D = date(2025, 9, 30)


def render(source, **context):
    return Template("{% load thai %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ d|thai_date }}", {"d": date(2025, 9, 30)}, "30 กันยายน 2568"),
        ("{{ d|thai_date_short }}", {"d": date(2025, 9, 30)}, "30 ก.ย. 68"),
        ("{{ d|be_year }}", {"d": date(2025, 9, 30)}, "2568"),
        ("{{ y|fiscal_year_range }}", {"y": 2569}, "1 ต.ค. 2568 – 30 ก.ย. 2569"),
        ("{{ a|money }}", {"a": Decimal("1234567.89")}, "1,234,567.89"),
        ("{{ a|baht_text }}", {"a": Decimal("101")}, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("{{ a|money|digits:True }}", {"a": Decimal("1234.5")}, "๑,๒๓๔.๕๐"),
        ("{{ a|money|digits:False }}", {"a": Decimal("1234.5")}, "1,234.50"),
        ("{{ d|thai_date|digits:o.thai_digits }}", {"d": D, "o": ORG}, "๓๐ กันยายน ๒๕๖๘"),
    ],
)  # fmt: skip
def test_filters(source, context, expected):
    assert render(source, **context) == expected


@pytest.mark.parametrize(
    "source", ["{{ v|thai_date }}", "{{ v|money }}", "{{ v|baht_text }}", "{{ v|digits }}"]
)
def test_filters_print_nothing_for_none(source):
    assert render(source, v=None) == ""


def test_a_bad_value_is_shown_as_it_is_rather_than_failing_the_page():
    assert render("{{ v|money }}", v="not money") == "not money"
    assert render("{{ v|baht_text }}", v=Decimal("-1")) == "-1"
