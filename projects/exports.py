"""Export a plan's projects as the ผด.02 spreadsheet (re-importable to an identical plan)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from projects import spreadsheet as sheet

WIDTHS = {
    sheet.STRATEGY: 30,
    sheet.PROGRAM: 28,
    sheet.NAME: 40,
    sheet.DETAILS: 50,
    sheet.BUDGET: 16,
    sheet.SOURCE: 24,
    sheet.LOCATION: 24,
    sheet.DEPARTMENT: 22,
    sheet.EQUIPMENT_TYPE: 20,
    sheet.EQUIPMENT_CATEGORY: 14,
    sheet.TARGET: 24,
    sheet.DEVELOPMENT_PLAN: 32,
}


def project_rows(plan) -> list[list]:
    """The plan's projects as spreadsheet rows (raw values), in plan order. Two queries."""
    projects = plan.projects.select_related(
        "strategy", "program", "budget_source", "department"
    ).order_by("strategy__number", "program__order", "order", "pk")
    rows = []
    for p in projects:
        months = [sheet.MONTH_MARK if on else None for on in p.month_flags]
        rows.append(
            [
                f"{p.strategy.number}. {p.strategy.name}",
                p.program.name,
                p.name,
                p.details,
                p.budget,
                p.budget_source.name,
                p.location,
                p.department.name,
                *months,
                p.equipment_type if p.is_equipment else "",
                p.equipment_category,
                p.target,
                p.development_plan_ref,
            ]
        )
    return rows


def render_projects_xlsx(plan) -> bytes:
    """The workbook's bytes: two title rows, the header, one row per project."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "ผด.02"
    ws.append([plan.title])
    ws.append([f"{plan.organization.name} {plan.organization.location}"])
    ws.append(list(sheet.EXPORT_COLUMNS))
    header_row = 3
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F3")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws["A1"].font = Font(bold=True, size=14)
    for row in project_rows(plan):
        ws.append(row)
    # One pass with explicit bounds (ws.max_row / ws[n] rescan every cell each time).
    for cells in ws.iter_rows(min_row=header_row + 1, max_col=len(sheet.EXPORT_COLUMNS)):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula (even "=1+1")
    budget_column = sheet.EXPORT_COLUMNS.index(sheet.BUDGET) + 1
    for (cell,) in ws.iter_rows(
        min_row=header_row + 1, min_col=budget_column, max_col=budget_column
    ):
        cell.number_format = "#,##0.00"
    for index, name in enumerate(sheet.EXPORT_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 6)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(plan) -> str:
    edition = "" if plan.number == 0 else f"-{plan.kind}-{plan.number}"
    return f"projects-{plan.organization.slug}-{plan.fiscal_year}{edition}.xlsx"
