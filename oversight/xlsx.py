"""The district and province views as Excel workbooks (bytes), from the builders'
dataclasses (oversight/overview.py) with reports.xlsx's writer: amounts, counts, days and
shares are numbers; names and dates (พ.ศ., as printed) are text, never formulas."""

from dataclasses import dataclass

from openpyxl import Workbook

from reports.xlsx import HEAD_FILL, STRATEGY_FILL, Sheet
from thai.format import format_date_short


@dataclass(frozen=True)
class _Header:
    """What reports.xlsx.Sheet asks of a header: oversight tables print Arabic digits."""

    thai_digits: bool = False
    is_draft: bool = False


def _date(value):
    return format_date_short(value) if value else ""


def _sheet(title, heading, columns, widths):
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    sheet = Sheet(ws, _Header(), len(columns), widths)
    sheet.next_row()
    sheet.merged(1, len(columns), heading, bold=True, align="center", border=False)
    top = sheet.next_row()
    for column, label in enumerate(columns, start=1):
        sheet.cell(column, label, bold=True, align="center", fill=HEAD_FILL)
    return sheet, (top, top), widths


def _write(sheet, values, *, bold=False, fill=None):
    """One row: each value is (value, kind) where kind is money/share/integer or None."""
    sheet.next_row()
    for column, (value, kind) in enumerate(values, start=1):
        sheet.cell(column, value, kind=kind, bold=bold, fill=fill)


def _deadline(row):
    """The deadline as on the page; one counted as usual when none was recorded says so."""
    if row.deadline_presumed:
        return f"{_date(row.deadline)} (ประมาณ*)"
    return _date(row.deadline)


STATUS_COLUMNS = (
    "อปท.", "อำเภอ", "สถานะแผน", "กำหนดประกาศ", "วันที่ประกาศ", "ผล", "ช้า (วัน)",
    "ต้องเริ่มปิดประกาศภายใน", "เริ่มปิดประกาศ", "ปิดประกาศช้า (วัน)",
    "ฉบับที่ประกาศแล้ว", "ฉบับที่กำลังจัดทำ", "รอบรายงานผล",
)  # fmt: skip


def render_status_xlsx(report, area_name) -> bytes:
    sheet, header_rows, widths = _sheet(
        "สถานะแผน",
        f"สถานะแผนการดำเนินงาน ปีงบประมาณ พ.ศ. {report.fiscal_year} — {area_name}",
        STATUS_COLUMNS,
        (40, 16, 26, 14, 14, 24, 10, 16, 14, 12, 10, 36, 40),
    )
    for row in report.rows:
        rounds = " · ".join(f"{r.label}: {r.status_label}" for r in row.rounds)
        _write(sheet, [
            (row.name, None), (row.amphoe, None), (row.status_label, None),
            (_deadline(row), None), (_date(row.announced_on), None),
            (row.standing_label, None), (row.days_late, "integer"),
            (_date(row.posting_due), None), (_date(row.posting_started_on), None),
            (row.posting_days_late, "integer"), (row.editions_in_force, "integer"),
            (row.pending_edition, None), (rounds, None),
        ])  # fmt: skip
    if report.presumed:
        sheet.next_row()
        sheet.merged(1, len(STATUS_COLUMNS), report.presumed_note, border=False)
    return sheet.finish(widths, header_rows)


TOTALS_COLUMNS = ("ด้าน / แผนงาน / ยุทธศาสตร์", "จำนวน อปท.", "จำนวนโครงการ", "งบประมาณ (บาท)",
                  "ร้อยละของงบประมาณทั้งหมด")  # fmt: skip


def _total_values(row):
    return [(row.label, None), (row.organizations, "integer"), (row.projects, "integer"),
            (row.budget, "money"), (row.share, "share")]  # fmt: skip


def render_totals_xlsx(report, area_name) -> bytes:
    sheet, header_rows, widths = _sheet(
        "ยอดรวม",
        f"ยอดรวมโครงการและงบประมาณตามแผนที่ประกาศใช้ ปีงบประมาณ พ.ศ. {report.fiscal_year} "
        f"— {area_name}",
        TOTALS_COLUMNS,
        (60, 12, 14, 20, 16),
    )
    for sector in report.sectors:
        _write(sheet, [(sector.name, None), *[(None, None)] * 4], bold=True, fill=STRATEGY_FILL)
        for program in sector.programs:
            _write(sheet, _total_values(program))
        _write(sheet, _total_values(sector.total), bold=True)
    _write(sheet, [("รวมทั้งสิ้น", None), (report.organizations_in_force, "integer"),
                   (report.projects, "integer"), (report.budget, "money"),
                   (100 if report.budget else None, "share")], bold=True)  # fmt: skip
    _write(sheet, [("ตามยุทธศาสตร์ (จัดกลุ่มตามชื่อยุทธศาสตร์)", None), *[(None, None)] * 4],
           bold=True, fill=STRATEGY_FILL)  # fmt: skip
    for strategy in report.strategies:
        _write(sheet, _total_values(strategy))
    return sheet.finish(widths, header_rows)


RESULTS_COLUMNS = ("อปท.", "อำเภอ", "รอบล่าสุด", "สถานะรอบ", "โครงการตามแผน", "รายงานผลแล้ว",
                   "ร้อยละที่รายงาน", "งบประมาณ (บาท)", "เบิกจ่าย (บาท)", "ร้อยละเบิกจ่าย")  # fmt: skip


def render_results_xlsx(report, area_name) -> bytes:
    sheet, header_rows, widths = _sheet(
        "ผลการดำเนินงาน",
        f"ความก้าวหน้าการรายงานผล ปีงบประมาณ พ.ศ. {report.fiscal_year} — {area_name}",
        RESULTS_COLUMNS,
        (40, 16, 12, 20, 12, 12, 12, 18, 18, 12),
    )
    for row in report.rows:
        _write(sheet, [
            (row.name, None), (row.amphoe, None), (row.round_label, None),
            (row.round_status, None), (row.projects, "integer"), (row.reported, "integer"),
            (row.reported_share, "share"), (row.budget, "money"), (row.disbursed, "money"),
            (row.disbursed_share, "share"),
        ])  # fmt: skip
    _write(sheet, [
        ("รวม", None), (None, None), (None, None), (None, None),
        (report.projects, "integer"), (report.reported, "integer"),
        (report.reported_share, "share"), (report.budget, "money"),
        (report.disbursed, "money"), (report.disbursed_share, "share"),
    ], bold=True)  # fmt: skip
    return sheet.finish(widths, header_rows)
