"""The operators' commands: create_plan, list_plans, export_projects, import_projects."""

import re
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Department
from budget.models import BudgetSource
from projects.exports import project_rows
from projects.models import Plan, PlanKind, PlanStatus, Project, Strategy
from tests.factories import make_plan, make_project, make_strategy
from tests.projects.test_imports import HEADER, row, workbook_bytes

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class TestCreatePlan:
    def test_prints_the_new_plans_id(self, organization):
        output = run("create_plan", "--org", "nongbua", "--year", "2571")
        plan = Plan.objects.get(organization=organization, fiscal_year=2571)
        assert output.strip() == str(plan.pk)
        assert (plan.kind, plan.status) == (PlanKind.ORIGINAL, PlanStatus.DRAFT)

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--org", "nowhere", "--year", "2571"], "ไม่พบ อปท. ที่มีชื่อย่อ “nowhere”"),
            (["--org", "nongbua", "--year", "สองพัน"], "ปีงบประมาณต้องเป็นตัวเลข พ.ศ."),
            (["--org", "nongbua", "--year", "2026"], "ปีงบประมาณต้องเป็นปี พ.ศ."),
        ],
    )
    def test_bad_arguments_are_refused_in_thai(self, organization, args, message):
        with pytest.raises(CommandError, match=re.escape(message)):
            run("create_plan", *args)
        assert not Plan.objects.exists()

    def test_a_second_original_plan_is_refused(self, plan):
        with pytest.raises(CommandError, match=re.escape("มีแผนฉบับนี้ของปีงบประมาณนี้แล้ว")):
            run("create_plan", "--org", "nongbua", "--year", "2570")


class TestListPlans:
    def test_one_tab_separated_line_of_codes_per_plan(self, plan, other_plan):
        supplement = make_plan(plan.organization, kind=PlanKind.SUPPLEMENTARY, number=1)
        lines = run("list_plans").splitlines()
        assert lines == [
            f"{other_plan.pk}\tdokkamtai\t2569\toriginal\tdraft",
            f"{plan.pk}\tnongbua\t2570\toriginal\tdraft",
            f"{supplement.pk}\tnongbua\t2570\tsupplementary-1\tdraft",
        ]

    def test_filter_by_organization(self, plan, other_plan):
        assert run("list_plans", "--org", "dokkamtai").splitlines() == [
            f"{other_plan.pk}\tdokkamtai\t2569\toriginal\tdraft"
        ]

    def test_an_unknown_organization_is_an_error(self, plan):
        with pytest.raises(CommandError, match=re.escape("ไม่พบ อปท.")):
            run("list_plans", "--org", "nowhere")


class TestSpreadsheetCommands:
    def test_export_then_import_into_another_plan_is_identical(self, organization, plan, tmp_path):
        make_strategy(organization)
        make_project(plan, name="ถนน")
        make_project(plan, name="ประปา", months=4095)
        target = make_plan(organization, fiscal_year=2571)
        file = tmp_path / "plan.xlsx"
        assert "ส่งออก 2 โครงการ" in run("export_projects", "--plan", str(plan.pk), str(file))
        output = run("import_projects", "--plan", str(target.pk), str(file))
        assert "นำเข้าแล้ว 2 โครงการ" in output
        assert project_rows(target) == project_rows(plan)

    def test_dry_run_changes_nothing(self, organization, plan, tmp_path):
        make_strategy(organization)
        make_project(plan)
        target = make_plan(organization, fiscal_year=2571)
        file = tmp_path / "plan.xlsx"
        run("export_projects", "--plan", str(plan.pk), str(file))
        assert "ตรวจแล้ว พร้อมนำเข้า 1 โครงการ" in run(
            "import_projects", "--plan", str(target.pk), str(file), "--dry-run"
        )
        assert not target.projects.exists()

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--plan", "abc", "x.xlsx"], "รหัสแผน (--plan) ต้องเป็นตัวเลข"),
            (["--plan", "999999", "x.xlsx"], "ไม่พบแผนรหัส 999999"),
        ],
    )
    def test_bad_plan_ids(self, args, message, plan):
        for command in ("import_projects", "export_projects"):
            with pytest.raises(CommandError, match=re.escape(message)):
                run(command, *args)

    def test_import_of_a_missing_file(self, plan):
        with pytest.raises(CommandError, match=re.escape("ไม่พบไฟล์")):
            run("import_projects", "--plan", str(plan.pk), "/no/such/file.xlsx")

    def test_export_needs_an_xlsx_name(self, plan, tmp_path):
        with pytest.raises(CommandError, match=re.escape(".xlsx")):
            run("export_projects", "--plan", str(plan.pk), str(tmp_path / "plan.csv"))

    def test_import_into_a_plan_that_is_not_a_draft(self, plan, tmp_path):
        file = tmp_path / "plan.xlsx"
        run("export_projects", "--plan", str(plan.pk), str(file))
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ANNOUNCED)
        with pytest.raises(CommandError, match=re.escape("ไม่ได้อยู่ในสถานะร่าง")):
            run("import_projects", "--plan", str(plan.pk), str(file))


def counts():
    return (
        Department.objects.count(),
        Strategy.objects.count(),
        BudgetSource.objects.count(),
        Project.objects.count(),
    )


NEW_NAMES_SHEET = [
    HEADER,
    row("ถนน", department="กองช่างโยธา"),
    row("ศูนย์เด็ก", strategy="ยุทธศาสตร์ที่ 3 ด้านการศึกษา", source="งบประมาณ อบจ.พะเยา"),
]


class TestImportCreatesNewNamesOnlyWhenTold:
    @pytest.fixture
    def sheet_file(self, organization, tmp_path):
        make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
        file = tmp_path / "new-names.xlsx"
        file.write_bytes(workbook_bytes(NEW_NAMES_SHEET))
        return str(file)

    def test_without_create_new_it_fails_with_the_thai_problems_and_changes_nothing(
        self, plan, sheet_file
    ):
        before = counts()
        with pytest.raises(CommandError) as caught:
            run("import_projects", "--plan", str(plan.pk), sheet_file)
        assert str(caught.value) == (
            "นำเข้าไม่สำเร็จ พบข้อผิดพลาด 3 รายการ ไม่มีการเปลี่ยนแปลงใด:\n"
            "- แผ่นงาน “ผด.02” แถว 2 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): ไม่พบหน่วยงาน “กองช่างโยธา” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม\n"
            "- แผ่นงาน “ผด.02” แถว 3 คอลัมน์ A (ยุทธศาสตร์): ไม่พบยุทธศาสตร์ที่ 3 “ด้านการศึกษา” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม\n"
            "- แผ่นงาน “ผด.02” แถว 3 คอลัมน์ F (แหล่งงบประมาณ): ไม่พบแหล่งงบประมาณ “งบประมาณ อบจ.พะเยา” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม\n"
            "ชื่อที่ยังไม่มีในระบบจะสร้างเมื่อสั่ง --create-new department|strategy|source|all "
            "(ตามที่เขียนในไฟล์ทุกตัวอักษร)"
        )  # fmt: skip
        assert before == (6, 1, 9, 0)
        assert counts() == before

    def test_creating_only_some_sorts_still_fails_and_changes_nothing(self, plan, sheet_file):
        with pytest.raises(CommandError, match=re.escape("พบข้อผิดพลาด 1 รายการ")):
            run(
                "import_projects", "--plan", str(plan.pk), sheet_file,
                "--create-new", "department", "--create-new", "strategy",
            )  # fmt: skip
        assert counts() == (6, 1, 9, 0)

    @pytest.mark.parametrize(
        "flags",
        [
            ["--create-new", "all"],
            ["--create-new", "department", "--create-new", "strategy", "--create-new", "source"],
            ["--create-new", "department,strategy,source"],
        ],
    )
    def test_create_new_creates_the_names_as_written(self, plan, organization, sheet_file, flags):
        output = run("import_projects", "--plan", str(plan.pk), sheet_file, *flags)
        assert output.splitlines() == [
            "สร้างยุทธศาสตร์ที่ 3 “ด้านการศึกษา”",
            "สร้างหน่วยงาน “กองช่างโยธา” (หน่วยงานภายใน)",
            "สร้างแหล่งงบประมาณ “งบประมาณ อบจ.พะเยา”",
            "นำเข้าแล้ว 2 โครงการ งบประมาณรวม 300,000.00 บาท",
        ]
        assert counts() == (7, 2, 10, 2)
        assert organization.departments.get(name="กองช่างโยธา").kind == "internal"
        assert list(organization.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาโครงสร้างพื้นฐาน"),
            (3, "ด้านการศึกษา"),
        ]
        assert list(organization.budget_sources.values_list("name", "kind")) == [
            ("งบประมาณ อบจ.พะเยา", "other_agency")
        ]

    def test_dry_run_with_create_new_says_what_it_would_create_and_creates_nothing(
        self, plan, sheet_file
    ):
        output = run(
            "import_projects",
            "--plan",
            str(plan.pk),
            sheet_file,
            "--create-new",
            "all",
            "--dry-run",
        )
        assert output.splitlines() == [
            "จะสร้างยุทธศาสตร์ที่ 3 “ด้านการศึกษา”",
            "จะสร้างหน่วยงาน “กองช่างโยธา” (หน่วยงานภายใน)",
            "จะสร้างแหล่งงบประมาณ “งบประมาณ อบจ.พะเยา”",
            "ตรวจแล้ว พร้อมนำเข้า 2 โครงการ งบประมาณรวม 300,000.00 บาท",
        ]
        assert counts() == (6, 1, 9, 0)

    def test_an_unknown_sort_is_refused_in_thai(self, plan, sheet_file):
        with pytest.raises(CommandError) as caught:
            run("import_projects", "--plan", str(plan.pk), sheet_file, "--create-new", "everything")
        assert str(caught.value) == (
            "ไม่รู้จัก --create-new “everything” ใช้ได้: strategy, department, source, all"
        )
        assert counts() == (6, 1, 9, 0)


def test_bad_input_exits_non_zero_from_the_shell():
    result = subprocess.run(
        [sys.executable, "manage.py", "import_projects", "--plan", "abc", "x.xlsx"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert result.returncode == 1
    assert "รหัสแผน (--plan) ต้องเป็นตัวเลข" in result.stderr
