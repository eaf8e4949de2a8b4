"""Sheets that tripped earlier versions of the importer (found in review)."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

from accounts.models import Role
from projects.exports import render_projects_xlsx
from projects.imports import CreateNew, ImportFailed, import_projects, read_projects
from tests.factories import make_plan, make_project, make_strategy, member
from tests.projects.test_imports import HEADER, MONTHS, row, workbook_bytes

pytestmark = pytest.mark.django_db

NUMBERED = ["ที่", "โครงการ", "งบประมาณ (บาท)", "หน่วยงานรับผิดชอบหลัก", *MONTHS]


@pytest.fixture
def planner_plan(plan):
    make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    plan._planner = member(plan.organization, Role.PLANNER, username="edge-planner")
    return plan


def numbered(number, name, budget, unit="กองช่าง", month=1):
    marks = ["x" if i + 1 == month else None for i in range(12)]
    return [number, name, budget, unit, *marks]


def errors(plan, data, **options):
    with pytest.raises(ImportFailed) as caught:
        import_projects(plan, data, by=plan._planner, **options)
    return [str(p) for p in caught.value.preview.errors]


def test_a_misspelt_program_heading_is_an_error_not_glued_to_the_row_above(planner_plan):
    data = workbook_bytes([
        NUMBERED,
        ["1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน"],
        ["1.1. แผนงานเคหะและชุมชน"],
        numbered(1, "ก่อสร้างถนน", 100),
        ["1.2 แผนงานการศึกษาา"],
        numbered(1, "ซ่อมศาลา", 200),
    ])  # fmt: skip
    problems = errors(planner_plan, data)
    assert problems == ["แผ่นงาน “ผด.02” แถว 6 คอลัมน์ แผนงาน: ไม่รู้จักแผนงาน “แผนงานการศึกษาา”"]
    assert not planner_plan.projects.exists()


def test_without_a_numbered_column_a_row_missing_budget_and_months_is_an_error(planner_plan):
    data = workbook_bytes([HEADER, row("ก่อสร้างถนน"), row("ซ่อมศาลา", budget=None, months=())])
    assert len(errors(planner_plan, data)) == 2
    assert not planner_plan.projects.exists()


def test_a_project_whose_name_starts_with_ruam_is_kept(planner_plan):
    import_projects(
        planner_plan, workbook_bytes([HEADER, row("รวมพลังชุมชนปลูกป่า")]), by=planner_plan._planner
    )
    assert planner_plan.projects.get().name == "รวมพลังชุมชนปลูกป่า"


def test_headings_above_the_header_and_a_repeated_header_block(planner_plan):
    data = workbook_bytes([
        ["ยุทธศาสตร์การพัฒนาที่ 1 โครงสร้างพื้นฐาน"],
        ["1.1 แผนงานเคหะและชุมชน"],
        NUMBERED,
        numbered(1, "ขยายเขตไฟฟ้า", 100),
        NUMBERED,
        numbered(2, "ขุดลอกหนอง", 200),
        [None, "รวม", 300],
    ])  # fmt: skip
    import_projects(planner_plan, data, by=planner_plan._planner)
    assert list(
        planner_plan.projects.order_by("order").values_list("name", "strategy__number")
    ) == [
        ("ขยายเขตไฟฟ้า", 1),
        ("ขุดลอกหนอง", 1),
    ]
    assert planner_plan.organization.departments.filter(name="หน่วยงานรับผิดชอบหลัก").count() == 0


def test_shaded_heading_rows_are_headings_not_projects(planner_plan):
    workbook = Workbook()
    ws = workbook.active
    for values in (NUMBERED, ["1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน"], ["1.1 แผนงานเคหะและชุมชน"],
                   numbered(1, "ขยายเขตไฟฟ้า", 100)):  # fmt: skip
        ws.append(values)
    for column in range(1, 17):
        ws.cell(2, column).fill = PatternFill("solid", fgColor="FFD9D9D9")
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_projects(planner_plan, buffer.getvalue(), by=planner_plan._planner)
    assert planner_plan.projects.count() == 1


def test_overlong_new_strategy_and_number_zero_are_named_in_the_preview(planner_plan):
    data = workbook_bytes([HEADER, row(strategy="9. " + "ก" * 301), row(strategy="0. ยุทธศาสตร์ศูนย์")])
    problems = errors(planner_plan, data, create=CreateNew(sorts={"strategy"}))
    assert problems == [
        "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ A (ยุทธศาสตร์): ชื่อยุทธศาสตร์ยาวเกิน 300 ตัวอักษร",
        "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ A (ยุทธศาสตร์): ลำดับที่ของยุทธศาสตร์ต้องเริ่มที่ 1",
    ]
    assert planner_plan.organization.strategies.count() == 1


def test_one_new_agency_however_it_is_spaced(planner_plan):
    data = workbook_bytes([HEADER, row(department="อบจ.พะเยา"), row(department="อบจ. พะเยา")])
    preview = import_projects(
        planner_plan,
        data,
        by=planner_plan._planner,
        create=CreateNew(keys={"department:อบจ.พะเยา"}),
    )
    assert [(new.name, new.rows) for new in preview.new_departments] == [("อบจ.พะเยา", [2, 3])]
    assert set(planner_plan.projects.values_list("department__name", flat=True)) == {"อบจ.พะเยา"}


def test_a_false_cell_is_not_a_planned_month(planner_plan):
    data = workbook_bytes([HEADER, [*row(months=(2,))[:8], False, "x", *[None] * 10]])
    import_projects(planner_plan, data, by=planner_plan._planner)
    assert planner_plan.projects.get().months == 0b10


def test_formatting_far_below_the_data_does_not_count_as_rows(planner_plan):
    workbook = Workbook()
    ws = workbook.active
    ws.append(HEADER)
    ws.append(row())
    ws.cell(6500, 1).fill = PatternFill("solid", fgColor="FFFFFF00")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_projects(buffer.getvalue(), planner_plan.organization).ok


def test_text_that_looks_like_a_formula_stays_text_on_export_and_round_trips(
    planner_plan, organization
):
    make_project(planner_plan, name="=1+1", details='=HYPERLINK("http://x","y")')
    content = render_projects_xlsx(planner_plan)
    cell = load_workbook(io.BytesIO(content)).active["C4"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    target = make_plan(organization, fiscal_year=2571)
    import_projects(target, content, by=planner_plan._planner)
    assert target.projects.get().name == "=1+1"


def test_a_zero_budget_written_as_a_dash(planner_plan):
    import_projects(
        planner_plan, workbook_bytes([HEADER, row(budget="-")]), by=planner_plan._planner
    )
    assert planner_plan.projects.get().budget == Decimal("0.00")
