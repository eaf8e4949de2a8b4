"""Form fields that read what Thai officers type: commas, Thai digits, spaces."""

from datetime import date
from decimal import Decimal

from django import forms

from thai.format import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MONEY_LIMIT,
    MoneyError,
    format_date_input,
    format_money,
    parse_date_input,
    to_money,
)
from thai.glyphs import undrawable_message


class MoneyInput(forms.TextInput):
    """A text box (not type=number) so that commas and Thai digits can be typed."""


class MoneyField(forms.DecimalField):
    """An amount in baht: accepts "1,500,000", "๑๕,๐๐๐.๕๐"; never negative by default."""

    widget = MoneyInput

    def __init__(self, *, min_value=Decimal("0"), **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(min_value=min_value, **kwargs)
        largest = format_money(MONEY_LIMIT - Decimal("0.01"))
        self.error_messages["invalid"] = "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 150,000 หรือ 150000.50"
        self.error_messages["min_value"] = "จำนวนเงินต้องไม่ติดลบ"
        self.error_messages["max_decimal_places"] = "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"
        too_large = f"เกินวงเงินที่ระบบรับได้ (สูงสุด {largest} บาท)"
        self.error_messages["too_large"] = too_large
        self.error_messages["max_digits"] = too_large
        self.error_messages["max_whole_digits"] = too_large

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return to_money(str(value))
        except MoneyError as error:
            raise forms.ValidationError(self.error_messages[error.code], code=error.code) from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs.update(inputmode="decimal", autocomplete="off")
        return attrs

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:,.2f}"
        return value


class DateInput(forms.TextInput):
    """A text box that shows 26/11/2569 and takes what officers type (see
    thai.format.parse_date_input); static/js/thaidate.js adds a calendar of พ.ศ. years
    and Thai month names beside it (docs/adr/0035-thai-dates-and-our-own-picker.md)."""

    def __init__(self, attrs=None):
        defaults = {
            "data-thai-date": "",
            "placeholder": "วว/ดด/ปปปป (พ.ศ.)",
            "autocomplete": "off",
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return format_date_input(value)
        return super().format_value(value)


class DateField(forms.DateField):
    """A date typed day first with a Buddhist-era year (26/11/2569, "26 พ.ย. 2569"),
    in Arabic or Thai digits; the browser's 2026-11-26 still works. An impossible year
    is a Thai error rather than a date in the year 3112."""

    widget = DateInput
    default_error_messages = {
        "invalid": "กรุณากรอกวันที่แบบ วัน/เดือน/ปี พ.ศ. เช่น 26/11/2569 หรือ 26 พ.ย. 2569",
    }

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                parsed = parse_date_input(value)
            except ValueError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
            if parsed is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return parsed
        value = super().to_python(value)
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise forms.ValidationError("ปีไม่ถูกต้อง กรุณาตรวจปี (พ.ศ. หรือ ค.ศ.) อีกครั้ง")
        return value


def validate_printable(value):
    """Refuse text with characters the print font cannot draw (thai.glyphs)."""
    message = undrawable_message(str(value))
    if message:
        raise forms.ValidationError(message, code="undrawable")


class PrintedTextForm:
    """Mixin for forms whose text is printed in the plan's documents.

    Every text field refuses characters Sarabun cannot draw, and one longer than its
    limit is refused with that limit named, instead of the browser's `maxlength`
    cutting a pasted text short without a word (the limits are the import's,
    projects.imports.TEXT_LIMITS, which are the database's)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField) or isinstance(
                field.widget, forms.PasswordInput
            ):
                continue
            field.validators.append(validate_printable)
            if field.max_length:
                field.widget.attrs.pop("maxlength", None)
                field.error_messages["max_length"] = (
                    f"ยาวเกิน {field.max_length:,} ตัวอักษร (พิมพ์มา %(show_value)s ตัวอักษร) "
                    "กรุณาย่อให้สั้นลง ระบบไม่ตัดข้อความให้เอง"
                )
