"""The columns of a form's table: one definition per form, read by its HTML partial
(templates/reports/forms.html, through the `cell` tag) and by its workbook
(reports/xlsx.py). Each form's definition is in its document module
(reports/documents/pd01.py …).
"""

from dataclasses import dataclass

# How a column's values print: text, text with line breaks, a list of names, or a number.
TEXT, LINES, NAMES = "text", "lines", "names"
INTEGER, SHARE, MONEY = "integer", "share", "money"
NUMBERS = (INTEGER, SHARE, MONEY)
MONTHS = 12
MONTH_WIDTH = 5  # each month column's Excel width (its printed width: .c-month, forms.css)


@dataclass(frozen=True)
class Column:
    field: str  # the row's attribute; "" when each kind of row writes its own (ผด.01's name)
    heading: str  # the key of its heading's wording (reports/labels.py)
    kind: str = TEXT
    css: str = ""  # its <col> class: static/css/forms.css gives the printed width
    width: int = 10  # its Excel width, in characters

    @property
    def cell_class(self) -> str:
        """The <td> class: numbers are right-aligned and never wrap."""
        if self.kind == MONEY:
            return "money"
        return "num" if self.kind in (INTEGER, SHARE) else ""

    def value(self, row):
        """The raw value of this column in `row` (names joined with commas)."""
        value = getattr(row, self.field)
        return ", ".join(value) if self.kind == NAMES else value


@dataclass(frozen=True)
class Table:
    """A form's columns in order, then the twelve month columns when it has them."""

    columns: tuple[Column, ...]
    months: bool = False

    def __iter__(self):
        return iter(self.columns)

    @property
    def width(self) -> int:
        """The number of columns, the months included."""
        return len(self.columns) + (MONTHS if self.months else 0)

    @property
    def first_month(self) -> int:
        """The number (from 1) of the first month column: ต.ค."""
        return len(self.columns) + 1

    @property
    def amount(self) -> int:
        """The number (from 1) of the amount column, the one a total row fills."""
        return next(i for i, c in enumerate(self.columns, start=1) if c.kind == MONEY)

    @property
    def label_span(self) -> int:
        """A total row's label spans the columns between the first and the amount."""
        return self.amount - 2

    @property
    def rest_span(self) -> int:
        """… and one empty cell spans the columns after the amount."""
        return self.width - self.amount

    @property
    def widths(self) -> list[int]:
        return [c.width for c in self.columns] + [MONTH_WIDTH] * (self.width - len(self.columns))
