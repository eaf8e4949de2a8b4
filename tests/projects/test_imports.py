"""Importing the ผด.02 spreadsheet: OpPlan's own format and the sheets officers keep."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from accounts.models import Department, DepartmentKind
from budget.models import BudgetSource
from projects import spreadsheet as sheet
from projects.exports import project_rows, render_projects_xlsx
from projects.imports import MAX_ROWS, CreateNew, ImportFailed, import_projects, read_projects
from projects.models import Plan, PlanStatus, Project, Strategy
from tests.factories import make_plan, make_project, make_strategy

pytestmark = pytest.mark.django_db

CREATE_ALL = CreateNew(sorts=frozenset({"strategy", "department", "source"}))

MONTHS = list(sheet.MONTHS)
HEADER = [sheet.STRATEGY, sheet.PROGRAM, sheet.NAME, sheet.DETAILS, sheet.BUDGET, sheet.SOURCE,
          sheet.LOCATION, sheet.DEPARTMENT, *MONTHS]  # fmt: skip


def workbook_bytes(rows, title_rows=()):
    workbook = Workbook()
    ws = workbook.active
    ws.title = "ผด.02"
    for row in title_rows:
        ws.append(row)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(name="โครงการซ่อมถนน", budget=150000, months=(1,), strategy="1", program="แผนงานเคหะและชุมชน",
        department="กองช่าง", source="", details="", location="หมู่ที่ 1"):  # fmt: skip
    marks = ["x" if i + 1 in months else None for i in range(12)]
    return [strategy, program, name, details, budget, source, location, department, *marks]


@pytest.fixture
def strategy(organization):
    return make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")


def errors_of(data, plan, **options):
    with pytest.raises(ImportFailed) as caught:
        import_projects(plan, data, by=plan._planner, **options)
    return [str(problem) for problem in caught.value.preview.errors]


@pytest.fixture
def plan_for(plan, planner, strategy):
    plan._planner = planner
    return plan


class TestHappyPath:
    def test_rows_become_projects_in_file_order(self, plan_for, planner):
        data = workbook_bytes(
            [HEADER, row("ก", 100, (1, 2, 3)), row("ข", "2,500.50", (12,)), row("ค", 0, (4,))]
        )
        preview = import_projects(plan_for, data, by=planner)
        assert len(preview.rows) == 3
        rows = list(
            plan_for.projects.order_by("order").values_list("name", "budget", "months", "order")
        )
        assert rows == [
            ("ก", Decimal("100.00"), 0b111, 1),
            ("ข", Decimal("2500.50"), 1 << 11, 2),
            ("ค", Decimal("0.00"), 1 << 3, 3),
        ]

    def test_an_empty_source_means_the_annual_budget(self, plan_for, planner):
        import_projects(plan_for, workbook_bytes([HEADER, row()]), by=planner)
        assert plan_for.projects.get().budget_source.kind == "annual"

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("จ่ายขาดเงินสะสม", "accumulated_fund"),
            ("เงินอุดหนุนเฉพาะกิจ", "specific_grant"),
            ("ไม่ใช้งบประมาณ", "no_budget"),
            ("เทศบัญญัติงบประมาณรายจ่ายประจำปี 2570", "annual"),
            ("โอนงบครั้งที่ 13/2567", "transfer"),
        ],
    )
    def test_budget_sources_are_found_by_name_or_keyword(self, plan_for, planner, text, kind):
        import_projects(plan_for, workbook_bytes([HEADER, row(source=text)]), by=planner)
        assert plan_for.projects.get().budget_source.kind == kind

    def test_a_named_agency_budget_is_created_only_when_ticked(self, plan_for, planner):
        data = workbook_bytes([HEADER, row(source="งบประมาณ อบจ.พะเยา")])
        assert errors_of(data, plan_for) == [
            "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ F (แหล่งงบประมาณ): ไม่พบแหล่งงบประมาณ “งบประมาณ อบจ.พะเยา” "
            "ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม"
        ]
        preview = import_projects(
            plan_for, data, by=planner, create=CreateNew(keys={"source:งบประมาณอบจ.พะเยา"})
        )
        assert [new.name for new in preview.new_sources] == ["งบประมาณ อบจ.พะเยา"]
        source = plan_for.projects.get().budget_source
        assert (source.name, source.kind, source.organization) == (
            "งบประมาณ อบจ.พะเยา",
            "other_agency",
            plan_for.organization,
        )

    def test_an_unknown_department_is_created_only_when_ticked(self, plan_for, planner):
        data = workbook_bytes([HEADER, row(department="แขวงทางหลวงชนบทพะเยา")])
        assert errors_of(data, plan_for) == [
            "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): ไม่พบหน่วยงาน “แขวงทางหลวงชนบทพะเยา” "
            "ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม"
        ]
        assert not plan_for.organization.departments.filter(name="แขวงทางหลวงชนบทพะเยา").exists()
        preview = import_projects(
            plan_for, data, by=planner, create=CreateNew(keys={"department:แขวงทางหลวงชนบทพะเยา"})
        )
        assert [new.name for new in preview.new_departments] == ["แขวงทางหลวงชนบทพะเยา"]
        assert preview.warnings == []
        department = plan_for.projects.get().department
        assert (department.name, department.kind) == (
            "แขวงทางหลวงชนบทพะเยา",
            DepartmentKind.EXTERNAL,
        )

    def test_strategies_are_created_when_ticked(self, plan_for, planner):
        data = workbook_bytes([HEADER, row(strategy="3. การพัฒนาการท่องเที่ยว")])
        assert errors_of(data, plan_for) == [
            "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ A (ยุทธศาสตร์): ไม่พบยุทธศาสตร์ที่ 3 “การพัฒนาการท่องเที่ยว” "
            "ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม"
        ]
        import_projects(
            plan_for, data, by=planner, create=CreateNew(keys={"strategy:การพัฒนาการท่องเที่ยว"})
        )
        strategy = plan_for.projects.get().strategy
        assert (strategy.number, strategy.name) == (3, "การพัฒนาการท่องเที่ยว")

    @pytest.mark.parametrize(
        "text", ["1", "1. การพัฒนาโครงสร้างพื้นฐาน", "ยุทธศาสตร์ที่ 1 อะไรก็ได้", "การพัฒนาโครงสร้างพื้นฐาน"]
    )
    def test_strategies_are_matched_by_number_or_name(self, plan_for, planner, strategy, text):
        import_projects(plan_for, workbook_bytes([HEADER, row(strategy=text)]), by=planner)
        assert plan_for.projects.get().strategy == strategy

    def test_dry_run_checks_and_writes_nothing(self, plan_for, planner):
        preview = import_projects(
            plan_for, workbook_bytes([HEADER, row()]), by=planner, dry_run=True
        )
        assert preview.ok and len(preview.rows) == 1
        assert not plan_for.projects.exists()

    def test_replace_removes_the_old_rows_first(self, plan_for, planner):
        make_project(plan_for, name="เก่า")
        import_projects(plan_for, workbook_bytes([HEADER, row("ใหม่")]), by=planner, replace=True)
        assert list(plan_for.projects.values_list("name", flat=True)) == ["ใหม่"]

    def test_imported_rows_follow_existing_rows(self, plan_for, planner, strategy):
        make_project(plan_for, name="เดิม", strategy=strategy, order=5)
        import_projects(plan_for, workbook_bytes([HEADER, row("ใหม่")]), by=planner)
        assert plan_for.projects.get(name="ใหม่").order == 6


class TestRoundTrip:
    def test_export_then_import_gives_an_identical_plan(self, planner, organization, plan):
        first = make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
        second = make_strategy(organization, 2, "การพัฒนาคุณภาพชีวิต")
        make_project(
            plan, strategy=first, name="ถนน", details="ยาว 300 เมตร\nกว้าง 4 เมตร", months=0b111
        )
        make_project(plan, strategy=second, name="กิจกรรมไม่ใช้งบ", budget=Decimal("0"), months=4095)
        make_project(
            plan,
            strategy=second,
            name="เครื่องคอมพิวเตอร์",
            budget=Decimal("22000.50"),
            is_equipment=True,
            equipment_type="ครุภัณฑ์คอมพิวเตอร์",
            equipment_category="ค่าครุภัณฑ์",
            target="2 เครื่อง",
            development_plan_ref="แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570) หน้า 45 ลำดับ 12",
        )
        target = make_plan(organization, fiscal_year=2571)
        import_projects(target, render_projects_xlsx(plan), by=planner)
        assert project_rows(target) == project_rows(plan)
        assert len(project_rows(target)) == 3
        assert list(organization.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาโครงสร้างพื้นฐาน"),
            (2, "การพัฒนาคุณภาพชีวิต"),
        ]


class TestRealWorldSheets:
    def test_titles_heading_rows_continuations_thai_digits_and_merged_months(
        self, plan_for, planner, organization
    ):
        make_strategy(organization, 2, "การพัฒนาคุณภาพชีวิต")
        workbook = Workbook()
        ws = workbook.active
        ws.title = "ผด02"
        ws.append([None, None, None, None, None, None, None, "แบบ ผด.02"])
        ws.append(["บัญชีโครงการ/กิจกรรม/งบประมาณ"])
        ws.append(["แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐"])
        ws.append(["องค์การบริหารส่วนตำบลหนองบัว"])
        ws.append([])
        ws.append([])
        ws.append(["ที่", "โครงการ", "รายละเอียดของกิจกรรม\nที่เกิดขึ้นจากโครงการ", "งบประมาณ\n(บาท)",
                   "สถานที่\nดำเนินการ", "หน่วยงาน\nรับผิดชอบหลัก", "พ.ศ. ๒๕๖๙", None, None, "พ.ศ. ๒๕๗๐"])  # fmt: skip
        ws.append([None] * 6 + MONTHS)
        ws.append(["2. ยุทธศาสตร์การพัฒนาคุณภาพชีวิต"])
        ws.append(["2.1 แผนงานการศาสนา วัฒนธรรม และนันทนาการ"])
        ws.append(["๑", "โครงการสืบสานประเพณี", "จัดประกวดกระทง", "๗๐,๐๐๐", "หนองบัวใหญ่", "กองการศึกษา ศาสนาและวัฒนธรรม"])  # fmt: skip
        ws.append([None, "ลอยกระทง", "และการแสดงพื้นบ้าน", None, "หมู่ที่ ๔", None])
        ws.append(["๒", "โครงการแข่งขันกีฬา", "ฟุตบอลและเปตอง", "120,000.00", "สนามกีฬา", "สำนักงานปลัด"])  # fmt: skip
        ws.append(["2.2 แผนงานงบกลาง"])
        ws.append(["๑", "เบี้ยยังชีพผู้สูงอายุ", "", 9850000, "ทั้งตำบล", "กองสวัสดิการสังคม"])
        ws.append([None, "รวม", None, 10040000])
        # Row 11: a bar drawn by merging ต.ค.–พ.ย. with an arrow in the first cell.
        ws["G11"] = "←→"
        ws.merge_cells("G11:H11")
        # Row 13: shaded cells, no text (พ.ค., มิ.ย.).
        for column in ("N", "O"):
            ws[f"{column}13"].fill = PatternFill("solid", fgColor="FF1F4E79")
        ws["G15"] = "✓"
        ws["R15"] = "✓"
        buffer = io.BytesIO()
        workbook.save(buffer)

        preview = import_projects(plan_for, buffer.getvalue(), by=planner)
        assert [str(w) for w in preview.warnings] == [
            "แผ่นงาน “ผด02” แถว 11: รวมข้อความจากแถว 12 (แถวต่อเนื่อง) เข้ากับโครงการนี้"
        ]
        projects = list(
            plan_for.projects.order_by("program__order", "order").values_list(
                "name",
                "details",
                "location",
                "budget",
                "months",
                "program__code",
                "department__name",
            )
        )
        assert projects == [
            ("โครงการสืบสานประเพณี ลอยกระทง", "จัดประกวดกระทง และการแสดงพื้นบ้าน", "หนองบัวใหญ่ หมู่ที่ 4",
             Decimal("70000.00"), 0b11, "religion_culture_recreation", "กองการศึกษา ศาสนาและวัฒนธรรม"),
            ("โครงการแข่งขันกีฬา", "ฟุตบอลและเปตอง", "สนามกีฬา", Decimal("120000.00"), 0b110000000,
             "religion_culture_recreation", "สำนักปลัด"),
            ("เบี้ยยังชีพผู้สูงอายุ", "", "ทั้งตำบล", Decimal("9850000.00"), 0b100000000001,
             "central_fund", "กองสวัสดิการสังคม"),
        ]  # fmt: skip
        assert set(plan_for.projects.values_list("strategy__number", flat=True)) == {2}


class TestBadFiles:
    def test_not_an_xlsx(self, plan_for):
        assert errors_of(b"%PDF-1.4 not a spreadsheet", plan_for) == [
            "ไฟล์นี้ไม่ใช่ไฟล์ Excel แบบ .xlsx (ถ้าเป็น .xls ให้เปิดใน Excel แล้วบันทึกเป็น .xlsx)"
        ]

    def test_no_header_row(self, plan_for):
        data = workbook_bytes([["ชื่อ", "เงิน"], ["ก", 1]])
        assert errors_of(data, plan_for) == [
            "แผ่นงาน “ผด.02”: ไม่พบแถวหัวตาราง (แถวที่มีช่อง “โครงการ”) ในแผ่นงานแรก"
        ]

    def test_a_missing_required_column_is_named(self, plan_for):
        header = [h for h in HEADER if h != sheet.BUDGET]
        data = workbook_bytes([header, row()[:4] + row()[5:]])
        assert errors_of(data, plan_for) == [
            "แผ่นงาน “ผด.02”: ไม่พบคอลัมน์ “งบประมาณ (บาท)” ในแถวหัวตาราง (แถว 1)"
        ]

    def test_too_many_rows(self, plan_for):
        data = workbook_bytes([HEADER] + [row()] * (MAX_ROWS + 1))
        assert errors_of(data, plan_for) == ["แผ่นงาน “ผด.02”: มีข้อมูลเกิน 5,000 แถว กรุณาแบ่งเป็นหลายไฟล์"]

    def test_too_big(self, plan_for):
        assert errors_of(b"x" * (10 * 1024 * 1024 + 1), plan_for) == ["ไฟล์ใหญ่เกิน 10 MB"]

    def test_every_bad_row_is_named_with_its_row_and_column_and_nothing_is_saved(self, plan_for):
        data = workbook_bytes(
            [
                HEADER,
                row("ดี"),
                row(""),
                row(budget="-50"),
                row(budget="ห้าพัน"),
                row(months=()),
                row(program="แผนงานการบินอวกาศ"),
                row(department=""),
                row(budget=None),
                row(budget=12.345),
            ]
        )
        assert errors_of(data, plan_for) == [
            "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ C (โครงการ): ต้องระบุชื่อโครงการ",
            "แผ่นงาน “ผด.02” แถว 4 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณต้องไม่ติดลบ",
            "แผ่นงาน “ผด.02” แถว 5 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณ “ห้าพัน” ไม่ใช่จำนวนเงิน",
            "แผ่นงาน “ผด.02” แถว 6 คอลัมน์ ต.ค. – ก.ย.: ต้องทำเครื่องหมายเดือนที่ดำเนินการอย่างน้อย 1 เดือน",
            "แผ่นงาน “ผด.02” แถว 7 คอลัมน์ B (แผนงาน): ไม่รู้จักแผนงาน “แผนงานการบินอวกาศ”",
            "แผ่นงาน “ผด.02” แถว 8 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): ต้องระบุหน่วยงานรับผิดชอบหลัก",
            "แผ่นงาน “ผด.02” แถว 9 คอลัมน์ E (งบประมาณ (บาท)): ต้องระบุงบประมาณ (ใส่ 0 สำหรับกิจกรรมที่ไม่ใช้งบประมาณ)",
            "แผ่นงาน “ผด.02” แถว 10 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณมีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)",
        ]  # fmt: skip
        assert not plan_for.projects.exists()

    def test_characters_the_print_font_cannot_draw_are_refused_by_cell(self, plan_for):
        undrawable = "มีอักขระที่พิมพ์ในเอกสารไม่ได้ (ฟอนต์ Sarabun ไม่มี): {} " + (
            "เช่น อีโมจิหรือสัญลักษณ์พิเศษ กรุณาลบออกหรือเขียนเป็นคำแทน"
        )
        data = workbook_bytes(
            [
                HEADER,
                row("ดี"),
                row("ซ่อมถนน 🚧"),
                row(details="ระยะทาง ๒ กม. \u2192 ปลายทาง 🛣️", location="หมู่ที่ ๓ 🏠"),
                row(department="กองช่าง 👷", source="งบ อบจ. 💰"),
                row(strategy="๕. ยุทธศาสตร์ใหม่ 🌱"),
            ],
            title_rows=[["1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน"]],
        )
        assert errors_of(data, plan_for, create=CREATE_ALL) == [
            "แผ่นงาน “ผด.02” แถว 4 คอลัมน์ C (โครงการ): " + undrawable.format("“🚧”"),
            "แผ่นงาน “ผด.02” แถว 5 คอลัมน์ G (สถานที่ดำเนินการ): " + undrawable.format("“🏠”"),
            "แผ่นงาน “ผด.02” แถว 5 คอลัมน์ D (รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ): "
            + undrawable.format("“🛣”"),
            "แผ่นงาน “ผด.02” แถว 6 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): " + undrawable.format("“👷”"),
            "แผ่นงาน “ผด.02” แถว 6 คอลัมน์ F (แหล่งงบประมาณ): " + undrawable.format("“💰”"),
            "แผ่นงาน “ผด.02” แถว 7 คอลัมน์ A (ยุทธศาสตร์): " + undrawable.format("“🌱”"),
        ]  # fmt: skip
        assert not plan_for.projects.exists()
        assert not plan_for.organization.departments.filter(name__contains="👷").exists()

    def test_a_failed_import_creates_no_ticked_name_and_no_project(self, plan_for, organization):
        counts = (
            Department.objects.count(),
            Strategy.objects.count(),
            BudgetSource.objects.count(),
        )
        data = workbook_bytes(
            [
                HEADER,
                row(department="หน่วยงานใหม่", strategy="9. ใหม่", source="งบ อบจ.พะเยา"),
                row(budget="abc"),
            ]
        )
        assert errors_of(data, plan_for, create=CREATE_ALL) == [
            "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณ “abc” ไม่ใช่จำนวนเงิน"
        ]
        assert counts == (6, 1, 9)
        assert (
            Department.objects.count(),
            Strategy.objects.count(),
            BudgetSource.objects.count(),
        ) == counts
        assert Project.objects.count() == 0


class TestWhoMayImport:
    @pytest.mark.parametrize("persona", ["department_staff", "committee_member", "executive"])
    def test_only_planners_import(self, request, persona, plan, strategy):
        with pytest.raises(PermissionDenied):
            import_projects(
                plan, workbook_bytes([HEADER, row()]), by=request.getfixturevalue(persona)
            )
        assert not plan.projects.exists()

    def test_not_into_a_plan_that_is_not_a_draft(self, plan_for, planner):
        Plan.objects.filter(pk=plan_for.pk).update(status=PlanStatus.ENDORSED)
        with pytest.raises(PermissionDenied, match="ไม่ได้อยู่ในสถานะร่าง"):
            import_projects(plan_for, workbook_bytes([HEADER, row()]), by=planner)
        assert not plan_for.projects.exists()


def test_reading_never_writes(organization, strategy):
    data = workbook_bytes([HEADER, row(department="ใหม่", strategy="5. ใหม่", source="งบ กรม")])
    preview = read_projects(data, organization, create=CREATE_ALL)
    assert preview.ok
    assert [(new.sort, new.name) for new in preview.new_names] == [
        ("strategy", "ใหม่"),
        ("department", "ใหม่"),
        ("source", "งบ กรม"),
    ]
    assert not organization.departments.filter(name="ใหม่").exists()
    assert list(organization.strategies.values_list("name", flat=True)) == [strategy.name]
    assert not organization.budget_sources.exists()


@pytest.mark.parametrize(
    ("cell", "quoted"),
    [
        ("หนึ่งแสนบาท", "“หนึ่งแสนบาท”"),  # the review saw “หนึ่งแสน”
        ("๑๐๐,๐๐๐ บาทถ้วน", "“๑๐๐,๐๐๐ บาทถ้วน”"),
        ("หนึ่งแสน" * 18 + "บาท", "“" + ("หนึ่งแสน" * 18)[:60] + "…”"),  # a long cell stays capped
    ],
)
def test_a_bad_amount_is_quoted_as_the_cell_has_it(organization, strategy, cell, quoted):
    preview = read_projects(workbook_bytes([HEADER, row(budget=cell)]), organization)
    assert [p.message for p in preview.rows[0].errors] == [f"งบประมาณ {quoted} ไม่ใช่จำนวนเงิน"]


def test_a_new_name_is_ticked_only_once_the_file_has_no_other_error(organization, strategy):
    """The review: "ติ๊ก “สร้างใหม่”" beside a row, but no box to tick (another row was wrong)."""
    new = row("ก", department="กองช่างโยธา")
    with_error = read_projects(workbook_bytes([HEADER, new, row("ข", budget="abc")]), organization)
    assert not with_error.can_confirm
    assert [str(p) for p in with_error.unticked] == [
        "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): ไม่พบหน่วยงาน “กองช่างโยธา” ในระบบ"
        " — แก้ข้อผิดพลาดอื่นในไฟล์แล้วอัปโหลดใหม่ จึงจะเลือกสร้างใหม่ได้"
    ]
    alone = read_projects(workbook_bytes([HEADER, new, row("ข")]), organization)
    assert alone.can_confirm
    assert [p.message for p in alone.unticked] == [
        "ไม่พบหน่วยงาน “กองช่างโยธา” ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม"
    ]
