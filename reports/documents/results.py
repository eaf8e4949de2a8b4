"""รายงานผลการดำเนินงานตามแผนการดำเนินงาน of a round (6 months, the year, a quarter).

Built by reports.results_builder (an announced round from its record, ADR 0030). Its three
tables — the summary by status (also per ยุทธศาสตร์ and แผนงาน), the projects, and the
problems — are defined here once and read by the HTML partial (templates/reports/
results.html) and by the workbook below. Charts are inline SVG drawn from reports.charts.
"""

from openpyxl import Workbook

from reports import charts, xlsx
from reports.columns import INTEGER, LINES, MONEY, SHARE, Column, Table
from reports.documents.pipeline import HTML, PDF, ROUND, XLSX, Document, counter_style
from reports.results_builder import NO_PROBLEMS, ROUNDING_NOTE, build_results

STATUS_COLUMNS = Table(
    (
        Column("label", "status", css="c-status", width=34),
        Column("count", "count", INTEGER, css="c-count", width=12),
        Column("share", "share", SHARE, css="c-share", width=10),
        Column("budget", "budget", MONEY, css="c-money", width=18),
        Column("disbursed", "disbursed", MONEY, css="c-money", width=18),
        Column("remaining", "remaining", MONEY, css="c-money", width=18),
        Column("disbursed_share", "disbursed_share", SHARE, css="c-share", width=12),
    )
)
PROJECT_COLUMNS = Table(
    (
        Column("number", "number", INTEGER, css="c-no", width=6),
        Column("name", "project", css="c-project", width=44),
        Column("department", "department", css="c-unit", width=20),
        Column("budget", "budget", MONEY, css="c-money", width=16),
        Column("disbursed", "disbursed", MONEY, css="c-money", width=16),
        Column("remaining", "remaining", MONEY, css="c-money", width=16),
        Column("status_label", "status", css="c-status", width=22),
        Column("progress", "progress", INTEGER, css="c-progress", width=12),
    )
)
PROBLEM_COLUMNS = Table(
    (
        Column("number", "number", INTEGER, css="c-no", width=6),
        Column("project", "project", css="c-project", width=36),
        Column("department", "department", css="c-unit", width=20),
        Column("problems", "problems", LINES, css="c-text", width=40),
        Column("suggestions", "suggestions", LINES, css="c-text", width=40),
    )
)


def context(report) -> dict:
    return {
        "report": report,
        "h": report.header,
        "status_columns": STATUS_COLUMNS,
        "project_columns": PROJECT_COLUMNS,
        "problem_columns": PROBLEM_COLUMNS,
        "charts": (charts.status_chart(report), charts.disbursement_chart(report)),
        "no_problems": NO_PROBLEMS,
        "rounding_note": ROUNDING_NOTE,
        "counter_style": counter_style(report.header.thai_digits),
    }


def file_stem(report) -> str:
    """nongbua-2569-six_month"""
    h = report.header
    return f"{h.organization_slug}-{h.fiscal_year}-{h.kind}"


# --- the workbook ------------------------------------------------------------------------


def _titles(s, report):
    s.titles()
    for text in (report.header.period_line, report.header.basis_text):
        s.next_row()
        s.merged(1, s.width, text, align="center", border=False)


def _head(s, table):
    top = s.next_row()
    for number, column in enumerate(table, start=1):
        s.cell(number, s.header.t[column.heading], bold=True, align="center", fill=xlsx.HEAD_FILL)
    return top


def _status_rows(s, table, title, *, used_only=False):
    """A group's title, its status rows (`used_only`: those with projects) and total."""
    s.next_row()
    s.merged(1, s.width, title, bold=True, fill=xlsx.STRATEGY_FILL)
    for row in table.rows:
        if used_only and not row.count:
            continue
        s.next_row()
        s.values(STATUS_COLUMNS, row)
    s.next_row()
    s.values(STATUS_COLUMNS, table.total, bold=True)


def _denominator(table) -> str:
    return f" (ร้อยละคิดจาก {table.denominator:,} โครงการ)"


def _summary_sheet(s, report):
    _titles(s, report)
    top = _head(s, STATUS_COLUMNS)
    _status_rows(s, report.summary, "1. สรุปผลการดำเนินงานทั้งแผน" + _denominator(report.summary))
    for strategy in report.strategies:
        title = f"{strategy.number}. ยุทธศาสตร์{strategy.name}" + _denominator(strategy.table)
        _status_rows(s, strategy.table, title)
        for program in strategy.programs:
            title = f"{program.number} {program.name}" + _denominator(program.table)
            _status_rows(s, program.table, title, used_only=True)
    s.next_row()
    s.merged(1, s.width, ROUNDING_NOTE, border=False)
    s.page_setup(STATUS_COLUMNS.widths, (top, top))


def _money_total(s, label, total):
    """A total row of the projects: the label over ที่–หน่วยงาน, then the three amounts."""
    s.next_row()
    s.merged(1, 3, label, bold=True)
    for column, value in ((4, total.budget), (5, total.disbursed), (6, total.remaining)):
        s.cell(column, value, kind="money", bold=True)
    s.merged(7, s.width, None)


def _projects_sheet(s, report):
    _titles(s, report)
    top = _head(s, PROJECT_COLUMNS)
    t = report.header.t
    for strategy in report.strategies:
        s.next_row()
        s.merged(1, s.width, f"{strategy.number}. ยุทธศาสตร์{strategy.name}", bold=True,
                 fill=xlsx.STRATEGY_FILL)  # fmt: skip
        for program in strategy.programs:
            s.next_row()
            s.merged(1, s.width, f"{program.number} {program.name}", bold=True)
            for row in program.projects:
                s.next_row()
                s.values(PROJECT_COLUMNS, row)
            _money_total(s, t["total"], program.table.total)
    if report.is_empty:
        s.next_row()
        s.merged(1, s.width, t["empty"], align="center")
    else:
        _money_total(s, f"{t['grand_total']} {report.count:,} โครงการ", report.summary.total)
    s.page_setup(PROJECT_COLUMNS.widths, (top, top))


def _problems_sheet(s, report):
    _titles(s, report)
    top = _head(s, PROBLEM_COLUMNS)
    for row in report.problems:
        s.next_row()
        s.values(PROBLEM_COLUMNS, row)
    if not report.problems:
        s.next_row()
        s.merged(1, s.width, NO_PROBLEMS, align="center")
    s.page_setup(PROBLEM_COLUMNS.widths, (top, top))


def render_xlsx(report, columns=None) -> bytes:
    """Three sheets: the summary (by status, per ยุทธศาสตร์ and แผนงาน), the projects, and
    the problems; numbers stay numbers (reports/xlsx.py)."""
    workbook = Workbook()
    sheets = (
        ("สรุปผล", STATUS_COLUMNS, _summary_sheet),
        ("รายโครงการ", PROJECT_COLUMNS, _projects_sheet),
        ("ปัญหา อุปสรรค", PROBLEM_COLUMNS, _problems_sheet),
    )
    for index, (title, table, write) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        ws.title = title
        write(xlsx.Sheet(ws, report.header, table.width, table.widths), report)
    return xlsx.workbook_bytes(workbook)


DOCUMENT = Document(
    key="results",
    label="รายงานผลการดำเนินงาน",
    title="รายงานผลการดำเนินงานตามแผนการดำเนินงาน",
    built_from=ROUND,
    build=build_results,
    context=context,
    file_stem=file_stem,
    template="reports/pdf.html",
    partial="reports/results.html#results",
    stylesheets=("css/forms.css", "css/results.css"),
    orientation="landscape",
    formats=(HTML, PDF, XLSX),
    xlsx=render_xlsx,
    columns=PROJECT_COLUMNS,
    published=(PDF, XLSX),
)
