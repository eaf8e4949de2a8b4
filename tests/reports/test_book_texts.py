"""Placeholders in the wording an organisation types: plain {names} only."""

import pytest
from django.core.exceptions import ValidationError

from reports.models import ReportLabel
from reports.texts import check_placeholders


@pytest.mark.parametrize("text", ["{organization:>999999999}", "{organization!r}", "{year:,}"])
def test_a_format_spec_in_a_book_text_is_refused_in_thai(text):
    with pytest.raises(ValidationError, match="ต้องไม่มีรูปแบบเพิ่มเติม"):
        check_placeholders(text)


def test_plain_placeholders_and_doubled_braces_are_accepted():
    check_placeholders("{organization} จัดทำ{plan_title} {{ไม่ใช่ช่องแทนค่า}}")


@pytest.mark.django_db
def test_a_format_spec_in_a_form_label_is_refused(organization):
    label = ReportLabel(organization=organization, key="plan_line", text="ปี {year:>99999}")
    with pytest.raises(ValidationError, match="รูปแบบเพิ่มเติม"):
        label.full_clean()
