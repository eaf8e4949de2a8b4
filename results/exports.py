"""A round's rows and their current results as the results spreadsheet (results/spreadsheet.py),
re-importable as it is: export → edit → import changes exactly what was edited."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from results import rounds
from results import spreadsheet as sheet
from results.models import ResultStatus

HEADER_ROW = 3
WIDTHS = {
    sheet.KEY: 10,
    sheet.STRATEGY: 28,
    sheet.PROGRAM: 24,
    sheet.NAME: 40,
    sheet.DEPARTMENT: 20,
    sheet.BUDGET: 16,
    sheet.STATUS: 24,
    sheet.DISBURSED: 16,
    sheet.CONTRACT: 16,
    sheet.PROGRESS: 12,
    sheet.PROBLEMS: 36,
    sheet.SUGGESTIONS: 36,
    sheet.CONFIRM: 14,
}
MONEY_COLUMNS = (sheet.BUDGET, sheet.DISBURSED, sheet.CONTRACT)
FILL_IN = PatternFill("solid", fgColor="FFF8E1")  # the columns a reporter fills in


def result_rows(round_, *, department_ids=None) -> list[list]:
    """The round's rows (only `department_ids`' when given) as spreadsheet rows of raw
    values, in print order; an unreported row has its reported cells empty."""
    table = []
    for row in rounds.rows(round_, department_ids=department_ids):
        p, r = row.project, row.result
        reported = (
            [
                r.get_status_display(),
                r.disbursed,
                r.contract_amount,
                r.progress,
                r.problems,
                r.suggestions,
                sheet.CONFIRM_MARK if r.over_budget_confirmed else None,
            ]
            if r is not None
            else [None] * 7
        )
        table.append(
            [
                row.lineage,
                f"{p.strategy.number}. {p.strategy.name}",
                p.program.name,
                p.name,
                p.department.name,
                p.budget,
                *reported,
            ]
        )
    return table


def render_results_xlsx(round_, *, department_ids=None) -> bytes:
    """The workbook's bytes: two title rows, the header, one row per project of the round."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "ผลการดำเนินงาน"
    ws.append([round_.title])
    ws.append([f"{round_.organization.name} {round_.organization.location}".strip()])
    ws.append(list(sheet.EXPORT_COLUMNS))
    ws["A1"].font = Font(bold=True, size=14)
    first_fill_in = sheet.EXPORT_COLUMNS.index(sheet.STATUS) + 1
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        filled = cell.column >= first_fill_in
        cell.fill = FILL_IN if filled else PatternFill("solid", fgColor="DDE6F3")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    rows = result_rows(round_, department_ids=department_ids)
    for row in rows:
        ws.append(row)
    width = len(sheet.EXPORT_COLUMNS)
    for cells in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=width):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula (even "=1+1")
    for name in MONEY_COLUMNS:
        column = sheet.EXPORT_COLUMNS.index(name) + 1
        for (cell,) in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=column, max_col=column):
            cell.number_format = "#,##0.00"
    last_row = HEADER_ROW + max(len(rows), 1)
    status_letter = get_column_letter(first_fill_in)
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(ResultStatus.labels) + '"',
        allow_blank=True,
        showErrorMessage=False,  # another wording is read too ("แล้วเสร็จ")
    )
    choices.add(f"{status_letter}{HEADER_ROW + 1}:{status_letter}{last_row}")
    ws.add_data_validation(choices)
    for index, name in enumerate(sheet.EXPORT_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 12)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=sheet.EXPORT_COLUMNS.index(sheet.NAME) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(round_) -> str:
    return f"results-{round_.organization.slug}-{round_.fiscal_year}-{round_.kind}.xlsx"
