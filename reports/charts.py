"""The results report's charts as geometry for inline SVG, drawn on the server.

No script and no style attribute: the template writes <rect>/<text> elements with
presentation attributes (fill, x, y …), so the browser (under the Content-Security-Policy)
and WeasyPrint draw the same picture. Coordinates are in the SVG's own units (a viewBox
WIDTH wide); they are drawing positions, not money, so floats are fine here.
"""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 1000
LABEL_WIDTH = 150  # "ยุทธศาสตร์ที่ 12" at the left of each bar
BAR_LEFT = LABEL_WIDTH + 10
ROW = 34
BAR_HEIGHT = 20
TOP = 8
LEGEND_ROW = 30

# A colour per status: distinct in colour and in grey when photocopied.
COLOURS = {
    "not_started": "#a9b1bb",
    "in_progress": "#e3a82b",
    "done": "#2e7d4f",
    "cancelled": "#b8322a",
    "carried_over": "#3b6fb6",
    "not_reported": "#e4e7eb",
}
BUDGET_COLOUR = "#cfd8e6"
DISBURSED_COLOUR = "#1d4f91"
TEXT_ON = {"#a9b1bb": "#000", "#e3a82b": "#000", "#e4e7eb": "#000"}  # dark text on light fills


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str = ""  # the tooltip (<title>) in a browser


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start, middle, end
    fill: str = "#000"
    bold: bool = False


@dataclass(frozen=True)
class Chart:
    title: str
    height: float
    rects: tuple
    texts: tuple
    width: int = WIDTH

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


def _round(value) -> float:
    return round(float(value), 1)


def _legend(y, items) -> tuple[list, list]:
    """Colour squares and labels in rows across the chart."""
    rects, texts, x = [], [], BAR_LEFT
    for label, colour in items:
        step = 40 + 14 * len(label) * 0.62  # Thai at 14 units is about 0.62 of it per letter
        if x + step > WIDTH and x > BAR_LEFT:
            x, y = BAR_LEFT, y + 24
        rects.append(Rect(_round(x), y, 14, 14, colour))
        texts.append(Text(_round(x + 20), y + 12, label))
        x += step
    return rects, texts


def status_chart(report) -> Chart:
    """Projects per ยุทธศาสตร์, stacked by status, scaled to the largest ยุทธศาสตร์."""
    largest = max((s.table.total.count for s in report.strategies), default=0) or 1
    span = WIDTH - BAR_LEFT - 110
    rects, texts = [], []
    y = TOP
    for strategy in report.strategies:
        texts.append(Text(0, y + 15, f"ยุทธศาสตร์ที่ {strategy.number}", bold=True))
        x = BAR_LEFT
        for row in strategy.table.rows:
            if not row.count:
                continue
            width = span * row.count / largest
            colour = COLOURS[row.status]
            rects.append(
                Rect(_round(x), y, _round(width), BAR_HEIGHT, colour, f"{row.label} {row.count}")
            )
            if width >= 22:
                texts.append(
                    Text(
                        _round(x + width / 2),
                        y + 15,
                        str(row.count),
                        "middle",
                        TEXT_ON.get(colour, "#fff"),
                    )
                )
            x += width
        texts.append(Text(_round(x + 8), y + 15, f"{strategy.table.total.count} โครงการ"))
        y += ROW
    legend = [(label, COLOURS[key]) for key, label in report.statuses]
    legend_rects, legend_texts = _legend(y + 6, legend)
    height = (legend_rects[-1].y if legend_rects else y) + LEGEND_ROW
    return Chart(
        "จำนวนโครงการตามสถานะการดำเนินงาน จำแนกตามยุทธศาสตร์",
        height,
        tuple(rects + legend_rects),
        tuple(texts + legend_texts),
    )


def disbursement_chart(report) -> Chart:
    """Budget and disbursement per ยุทธศาสตร์, scaled to the largest budget, with the
    disbursement share printed at the right."""
    largest = max((s.table.total.budget for s in report.strategies), default=Decimal(0))
    largest = largest or Decimal(1)
    span = WIDTH - BAR_LEFT - 150
    rects, texts = [], []
    y = TOP
    for strategy in report.strategies:
        total = strategy.table.total
        texts.append(Text(0, y + 15, f"ยุทธศาสตร์ที่ {strategy.number}", bold=True))
        budget_width = span * total.budget / largest
        rects.append(Rect(BAR_LEFT, y, _round(budget_width), BAR_HEIGHT, BUDGET_COLOUR))
        disbursed = min(total.disbursed, total.budget) if total.budget else Decimal(0)
        rects.append(
            Rect(
                BAR_LEFT,
                y + 4,
                _round(span * disbursed / largest),
                BAR_HEIGHT - 8,
                DISBURSED_COLOUR,
            )
        )
        texts.append(
            Text(
                _round(BAR_LEFT + budget_width + 8), y + 15, f"เบิกจ่าย {total.disbursed_share:.2f}%"
            )
        )
        y += ROW
    legend_rects, legend_texts = _legend(
        y + 6, [("งบประมาณ", BUDGET_COLOUR), ("เบิกจ่าย", DISBURSED_COLOUR)]
    )
    height = (legend_rects[-1].y if legend_rects else y) + LEGEND_ROW
    return Chart(
        "งบประมาณและการเบิกจ่าย จำแนกตามยุทธศาสตร์",
        height,
        tuple(rects + legend_rects),
        tuple(texts + legend_texts),
    )
