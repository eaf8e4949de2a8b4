"""Form fields that read what Thai officers type: commas, Thai digits, spaces."""

from decimal import Decimal

from django import forms

from thai.format import EARLIEST_YEAR, LATEST_YEAR, parse_date_input, to_money


class MoneyInput(forms.TextInput):
    """A text box (not type=number) so that commas and Thai digits can be typed."""


class MoneyField(forms.DecimalField):
    """An amount in baht: accepts "1,500,000", "๑๕,๐๐๐.๕๐"; never negative by default."""

    widget = MoneyInput

    def __init__(self, *, min_value=Decimal("0"), **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(min_value=min_value, **kwargs)
        self.error_messages["invalid"] = "กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 150,000 หรือ 150000.50"
        self.error_messages["min_value"] = "จำนวนเงินต้องไม่ติดลบ"
        self.error_messages["max_decimal_places"] = "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"
        self.error_messages["max_digits"] = "จำนวนเงินมากเกินไป"
        self.error_messages["max_whole_digits"] = "จำนวนเงินมากเกินไป"

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return to_money(str(value))
        except ValueError as error:
            if "decimal places" in str(error):
                raise forms.ValidationError(
                    self.error_messages["max_decimal_places"], code="max_decimal_places"
                ) from None
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

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


class DateInput(forms.DateInput):
    """The browser's date picker; it sends YYYY-MM-DD whatever the display."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date from the picker: a Buddhist-era year typed by habit becomes Common Era;
    an impossible year is a Thai error rather than a date in the year 3112."""

    widget = DateInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                parsed = parse_date_input(value)
            except ValueError as error:
                raise forms.ValidationError(str(error), code="invalid") from None
            if parsed is not None:
                return parsed
        value = super().to_python(value)
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise forms.ValidationError("ปีไม่ถูกต้อง กรุณาตรวจปี (พ.ศ. หรือ ค.ศ.) อีกครั้ง")
        return value
