"""Imports keep names word for word; a name the organisation lacks is created only when ticked."""

from decimal import Decimal

import pytest

from accounts.models import Department, DepartmentKind, Role
from budget.models import BudgetSource
from projects.exports import project_rows, render_projects_xlsx
from projects.imports import (
    CreateNew,
    ImportFailed,
    guess_department_kind,
    import_projects,
    read_projects,
    split_strategy,
)
from projects.models import Project, Strategy
from reports.builders import build_pd02
from tests.factories import make_organization, make_plan, make_project, make_strategy, member
from tests.printing import workbook_of
from tests.projects.test_imports import HEADER, MONTHS, row, workbook_bytes

pytestmark = pytest.mark.django_db

NUMBERED = ["ที่", "โครงการ", "งบประมาณ (บาท)", "หน่วยงานรับผิดชอบหลัก", *MONTHS]
CREATE_ALL = CreateNew(sorts=frozenset({"strategy", "department", "source"}))


def numbered(number, name, budget, unit="กองช่าง", month=1):
    marks = ["x" if i + 1 == month else None for i in range(12)]
    return [number, name, budget, unit, *marks]


def counts():
    return (
        Department.objects.count(),
        Strategy.objects.count(),
        BudgetSource.objects.count(),
        Project.objects.count(),
    )


@pytest.fixture
def officer(organization):
    return member(organization, Role.PLANNER, username="officer")


def errors_of(plan, data, by, **options):
    with pytest.raises(ImportFailed) as caught:
        import_projects(plan, data, by=by, **options)
    return [str(problem) for problem in caught.value.preview.errors]


# An officer's sheet: headings above each block, as the printed ผด.02 has them.
OFFICERS_SHEET = [
    ["บัญชีโครงการ/กิจกรรม/งบประมาณ"],
    NUMBERED,
    ["1. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน"],
    ["1.1 แผนงานเคหะและชุมชน"],
    numbered(1, "ก่อสร้างถนนคอนกรีต", 100),
    ["2. ยุทธศาสตร์การพัฒนาคน  สังคม และคุณภาพชีวิต"],
    ["2.1 แผนงานการศึกษา"],
    numbered(1, "อาหารกลางวันเด็กเล็ก", 200),
    ["ยุทธศาสตร์ที่ ๓ ด้านการบริหารจัดการบ้านเมืองที่ดี ระยะที่ ๒"],
    ["๓.๑ แผนงานบริหารงานทั่วไป"],
    numbered("๑", "อบรมคุณธรรม", 300),
]


class TestHeadingsKeepEveryWordOfTheName:
    def test_an_officers_sheet_creates_strategies_named_exactly_as_the_development_plan(
        self, plan, officer
    ):
        import_projects(
            plan, workbook_bytes(OFFICERS_SHEET), by=officer, create=CreateNew(sorts={"strategy"})
        )
        assert list(plan.organization.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาด้านโครงสร้างพื้นฐาน"),
            (2, "การพัฒนาคน  สังคม และคุณภาพชีวิต"),
            (3, "ด้านการบริหารจัดการบ้านเมืองที่ดี ระยะที่ ๒"),
        ]
        assert list(
            plan.projects.order_by("strategy__number").values_list("name", "strategy__number")
        ) == [("ก่อสร้างถนนคอนกรีต", 1), ("อาหารกลางวันเด็กเล็ก", 2), ("อบรมคุณธรรม", 3)]

    def test_the_preview_lists_each_new_strategy_once_with_its_rows(self, organization):
        preview = read_projects(workbook_bytes(OFFICERS_SHEET), organization)
        assert [(n.key, n.number, n.name, n.rows) for n in preview.new_names] == [
            ("strategy:การพัฒนาด้านโครงสร้างพื้นฐาน", 1, "การพัฒนาด้านโครงสร้างพื้นฐาน", [5]),
            ("strategy:การพัฒนาคนสังคมและคุณภาพชีวิต", 2, "การพัฒนาคน  สังคม และคุณภาพชีวิต", [8]),
            (
                "strategy:ด้านการบริหารจัดการบ้านเมืองที่ดีระยะที่2",
                3,
                "ด้านการบริหารจัดการบ้านเมืองที่ดี ระยะที่ ๒",
                [11],
            ),
        ]
        assert [str(p) for p in preview.errors] == [
            "แผ่นงาน “ผด.02” แถว 5 คอลัมน์ ยุทธศาสตร์: ไม่พบยุทธศาสตร์ที่ 1 “การพัฒนาด้านโครงสร้างพื้นฐาน” "
            "ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม",
            "แผ่นงาน “ผด.02” แถว 8 คอลัมน์ ยุทธศาสตร์: ไม่พบยุทธศาสตร์ที่ 2 “การพัฒนาคน  สังคม และคุณภาพชีวิต” "
            "ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม",
            "แผ่นงาน “ผด.02” แถว 11 คอลัมน์ ยุทธศาสตร์: ไม่พบยุทธศาสตร์ที่ 3 "
            "“ด้านการบริหารจัดการบ้านเมืองที่ดี ระยะที่ ๒” ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม",
        ]  # fmt: skip
        assert (preview.blocking_errors, preview.can_confirm) == ([], True)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน", (1, "การพัฒนาด้านโครงสร้างพื้นฐาน")),
            ("1.ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน", (1, "การพัฒนาด้านโครงสร้างพื้นฐาน")),
            ("1 ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน", (1, "การพัฒนาด้านโครงสร้างพื้นฐาน")),
            ("๑. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน", (1, "การพัฒนาด้านโครงสร้างพื้นฐาน")),
            ("ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน", (None, "การพัฒนาด้านโครงสร้างพื้นฐาน")),
            ("ยุทธศาสตร์ที่ 3 ด้านการศึกษา", (3, "ด้านการศึกษา")),
            ("ยุทธศาสตร์ที่3 ด้านการศึกษา", (3, "ด้านการศึกษา")),
            ("ยุทธศาสตร์ที่ ๓ ด้านการศึกษา", (3, "ด้านการศึกษา")),
            ("ยุทธศาสตร์ที่ 3: ด้านการศึกษา", (3, "ด้านการศึกษา")),
            ("ยุทธศาสตร์ที่ 3 - ด้านการศึกษา", (3, "ด้านการศึกษา")),
            ("ยุทธศาสตร์การพัฒนาที่ 3 ด้านการศึกษา", (3, "ด้านการศึกษา")),
            ("ยุทธศาสตร์ ด้านการศึกษา", (None, "ด้านการศึกษา")),
            ("ยุทธศาสตร์ที่อยู่อาศัยและชุมชน", (None, "ที่อยู่อาศัยและชุมชน")),
            ("3. การพัฒนาการท่องเที่ยว", (3, "การพัฒนาการท่องเที่ยว")),
            ("3 การพัฒนาการท่องเที่ยว", (3, "การพัฒนาการท่องเที่ยว")),
            ("3", (3, "")),
            ("๓", (3, "")),
            ("การพัฒนาการท่องเที่ยว", (None, "การพัฒนาการท่องเที่ยว")),
            ("  2.  ยุทธศาสตร์การพัฒนา  ด้านเศรษฐกิจ \n", (2, "การพัฒนา  ด้านเศรษฐกิจ")),
            ("ยุทธศาสตร์ด้านการเกษตร ๔.๐", (None, "ด้านการเกษตร ๔.๐")),
        ],
    )
    def test_only_the_label_is_taken_off(self, text, expected):
        assert split_strategy(text) == expected

    def test_a_strategy_column_follows_the_same_rules(self, plan, officer):
        data = workbook_bytes(
            [
                HEADER,
                row("ก", strategy="1. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน"),
                row("ข", strategy="ยุทธศาสตร์ที่ 3 ด้านการศึกษา"),
                row("ค", strategy="ยุทธศาสตร์การพัฒนาการท่องเที่ยว"),
            ]
        )
        import_projects(plan, data, by=officer, create=CreateNew(sorts={"strategy"}))
        assert list(plan.organization.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาด้านโครงสร้างพื้นฐาน"),
            (3, "ด้านการศึกษา"),
            (4, "การพัฒนาการท่องเที่ยว"),
        ]

    def test_an_existing_strategy_is_matched_whatever_the_spacing_and_is_not_renamed(
        self, plan, officer, organization
    ):
        strategy = make_strategy(organization, 1, "การพัฒนาด้านโครงสร้างพื้นฐาน")
        data = workbook_bytes(
            [
                HEADER,
                row("ก", strategy="ยุทธศาสตร์การพัฒนา ด้านโครงสร้าง  พื้นฐาน"),
                row("ข", strategy=" การพัฒนาด้านโครงสร้างพื้นฐาน "),
            ]
        )
        preview = import_projects(plan, data, by=officer)
        assert (preview.new_names, preview.warnings) == ([], [])
        assert set(plan.projects.values_list("strategy", flat=True)) == {strategy.pk}
        assert list(organization.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาด้านโครงสร้างพื้นฐาน")
        ]

    def test_a_number_naming_another_strategy_is_used_with_a_warning_once(
        self, plan, officer, organization
    ):
        strategy = make_strategy(organization, 1, "ด้านโครงสร้างพื้นฐาน")
        heading = "1. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐาน"
        data = workbook_bytes([HEADER, row("ก", strategy=heading), row("ข", strategy=heading)])
        preview = import_projects(plan, data, by=officer)
        assert [str(w) for w in preview.warnings] == [
            "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ A (ยุทธศาสตร์): ชื่อในไฟล์ “การพัฒนาด้านโครงสร้างพื้นฐาน” "
            "ไม่ตรงกับยุทธศาสตร์ที่ 1 ในระบบ “ด้านโครงสร้างพื้นฐาน” จะใช้ยุทธศาสตร์ในระบบ"
        ]
        assert set(plan.projects.values_list("strategy", flat=True)) == {strategy.pk}
        strategy.refresh_from_db()
        assert strategy.name == "ด้านโครงสร้างพื้นฐาน"

    def test_one_number_with_two_names_is_an_error(self, plan, officer):
        data = workbook_bytes(
            [HEADER, row("ก", strategy="3. ด้านการศึกษา"), row("ข", strategy="3. ด้านการกีฬา")]
        )
        assert errors_of(plan, data, officer, create=CREATE_ALL) == [
            "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ A (ยุทธศาสตร์): ยุทธศาสตร์ที่ 3 ในไฟล์มีสองชื่อ: "
            "“ด้านการศึกษา” (แถว 2) และ “ด้านการกีฬา”"
        ]
        assert counts() == (6, 0, 9, 0)


class TestRoundTrips:
    def test_an_export_imported_into_another_organisation_keeps_every_name(
        self, organization, plan
    ):
        first = make_strategy(organization, 1, "การพัฒนาด้านโครงสร้างพื้นฐาน")
        third = make_strategy(organization, 3, "การพัฒนาคน  สังคม และคุณภาพชีวิต ระยะที่ ๒")
        outside = Department.objects.create(
            organization=organization, name="อบจ. พะเยา", kind=DepartmentKind.EXTERNAL
        )
        agency = BudgetSource.objects.create(
            organization=organization, kind="other_agency", name="งบประมาณ กรมส่งเสริมฯ ๒๕๗๐"
        )
        make_project(plan, strategy=first, name="ถนน")
        make_project(plan, strategy=third, name="ศูนย์เด็ก", department=outside, budget_source=agency)
        other = make_organization("เทศบาลตำบลดอกคำใต้", slug="dokkamtai")
        target = make_plan(other)
        by = member(other, Role.PLANNER, username="other-officer")

        import_projects(target, render_projects_xlsx(plan), by=by, create=CREATE_ALL)

        assert project_rows(target) == project_rows(plan)
        assert list(other.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาด้านโครงสร้างพื้นฐาน"),
            (3, "การพัฒนาคน  สังคม และคุณภาพชีวิต ระยะที่ ๒"),
        ]
        assert other.departments.get(name="อบจ. พะเยา").kind == DepartmentKind.EXTERNAL
        assert list(other.budget_sources.values_list("name", "kind")) == [
            ("งบประมาณ กรมส่งเสริมฯ ๒๕๗๐", "other_agency")
        ]

    def test_the_printed_form_in_thai_digits_imports_to_the_same_names(self, organization, plan):
        organization.thai_digits = True
        organization.save()
        first = make_strategy(organization, 1, "การพัฒนาด้านโครงสร้างพื้นฐาน")
        twelfth = make_strategy(organization, 12, "ยุทธศาสตร์ด้านการศึกษา")
        make_project(plan, strategy=first, name="ถนน")
        make_project(plan, strategy=twelfth, name="ศูนย์เด็ก", budget=Decimal("12.50"))
        printed = workbook_of(build_pd02(plan), "pd02")  # headings "๑. ยุทธศาสตร์การพัฒนาด้าน…"
        other = make_organization("เทศบาลตำบลดอกคำใต้", slug="dokkamtai")
        target = make_plan(other)
        by = member(other, Role.PLANNER, username="other-officer")

        import_projects(target, printed, by=by, create=CreateNew(sorts={"strategy"}))

        assert list(other.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาด้านโครงสร้างพื้นฐาน"),
            (12, "ยุทธศาสตร์ด้านการศึกษา"),
        ]
        assert list(
            target.projects.order_by("strategy__number").values_list("name", "budget", "months")
        ) == [("ถนน", Decimal("100000.00"), 0b111), ("ศูนย์เด็ก", Decimal("12.50"), 0b111)]


class TestNewNamesNeedATick:
    def test_without_ticks_every_row_using_a_new_name_is_an_error_and_nothing_is_saved(
        self, plan, officer, organization
    ):
        make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
        before = counts()
        data = workbook_bytes(
            [
                HEADER,
                row("ก", department="กองช่างโยธา"),
                row("ข", strategy="2. การพัฒนาการท่องเที่ยว", source="งบประมาณ อบจ.พะเยา"),
                row("ค", department="กองช่างโยธา"),
            ]
        )
        assert errors_of(plan, data, officer) == [
            "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): ไม่พบหน่วยงาน “กองช่างโยธา” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม",
            "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ A (ยุทธศาสตร์): ไม่พบยุทธศาสตร์ที่ 2 “การพัฒนาการท่องเที่ยว” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม",
            "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ F (แหล่งงบประมาณ): ไม่พบแหล่งงบประมาณ “งบประมาณ อบจ.พะเยา” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม",
            "แผ่นงาน “ผด.02” แถว 4 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): ไม่พบหน่วยงาน “กองช่างโยธา” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม",
        ]  # fmt: skip
        assert before == (6, 1, 9, 0)
        assert counts() == before

    def test_ticking_some_names_still_refuses_the_rest_and_saves_nothing(
        self, plan, officer, organization
    ):
        make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
        data = workbook_bytes(
            [HEADER, row("ก", department="กองช่างโยธา"), row("ข", source="งบประมาณ อบจ.พะเยา")]
        )
        problems = errors_of(plan, data, officer, create=CreateNew(keys={"department:กองช่างโยธา"}))
        assert problems == [
            "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ F (แหล่งงบประมาณ): ไม่พบแหล่งงบประมาณ “งบประมาณ อบจ.พะเยา” ในระบบ "
            "— ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม"
        ]  # fmt: skip
        assert counts() == (6, 1, 9, 0)

    def test_ticked_names_are_created_as_written_with_the_chosen_department_kind(
        self, plan, officer, organization
    ):
        make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
        data = workbook_bytes(
            [
                HEADER,
                row("ก", department="กองช่างโยธา"),
                row("ข", department="กองช่าง โยธา", strategy="ยุทธศาสตร์การพัฒนาการท่องเที่ยว"),
                row("ค", department="สำนักงานเกษตรอำเภอเมืองพะเยา", source="งบประมาณ อบจ.พะเยา"),
                row("ง", department="โรงเรียนบ้านหนองบัว"),
            ]
        )
        ticks = CreateNew(
            keys={
                "department:กองช่างโยธา",
                "department:สำนักงานเกษตรอำเภอเมืองพะเยา",
                "department:โรงเรียนบ้านหนองบัว",
                "strategy:การพัฒนาการท่องเที่ยว",
                "source:งบประมาณอบจ.พะเยา",
            },
            department_kinds={"department:โรงเรียนบ้านหนองบัว": "internal"},
        )
        import_projects(plan, data, by=officer, create=ticks)

        assert counts() == (9, 2, 10, 4)
        new_departments = organization.departments.filter(
            name__in=["กองช่างโยธา", "สำนักงานเกษตรอำเภอเมืองพะเยา", "โรงเรียนบ้านหนองบัว"]
        )
        assert sorted(new_departments.values_list("name", "kind", "order")) == [
            ("กองช่างโยธา", "internal", 7),
            ("สำนักงานเกษตรอำเภอเมืองพะเยา", "external", 8),
            ("โรงเรียนบ้านหนองบัว", "internal", 9),
        ]
        assert list(organization.strategies.values_list("number", "name")) == [
            (1, "การพัฒนาโครงสร้างพื้นฐาน"),
            (2, "การพัฒนาการท่องเที่ยว"),
        ]
        assert list(organization.budget_sources.values_list("name", "kind")) == [
            ("งบประมาณ อบจ.พะเยา", "other_agency")
        ]
        assert list(plan.projects.order_by("pk").values_list("department__name", flat=True)) == [
            "กองช่างโยธา",
            "กองช่างโยธา",
            "สำนักงานเกษตรอำเภอเมืองพะเยา",
            "โรงเรียนบ้านหนองบัว",
        ]

    def test_an_unknown_department_kind_falls_back_to_the_guess(self, organization):
        data = workbook_bytes([HEADER, row(department="กองช่างโยธา")])
        ticks = CreateNew(
            keys={"department:กองช่างโยธา"}, department_kinds={"department:กองช่างโยธา": "boss"}
        )
        preview = read_projects(data, organization, create=ticks)
        assert [(n.name, n.kind, n.ticked) for n in preview.new_departments] == [
            ("กองช่างโยธา", "internal", True)
        ]

    def test_names_spelt_like_the_organisations_are_not_new(self, plan, officer, organization):
        make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
        data = workbook_bytes(
            [
                HEADER,
                row("ก", department="สำนักงานปลัด"),
                row("ข", department=" กอง ช่าง "),
                row("ค", source="จ่ายขาดเงินสะสม"),
            ]
        )
        preview = import_projects(plan, data, by=officer)
        assert preview.new_names == []
        assert counts() == (6, 1, 9, 3)

    @pytest.mark.parametrize(
        ("name", "kind"),
        [
            ("กองช่างโยธา", "internal"),
            ("กองการศึกษา ศาสนาและวัฒนธรรม", "internal"),
            ("สำนักปลัด", "internal"),
            ("สำนักงานปลัดเทศบาล", "internal"),
            ("สำนักการช่าง", "internal"),
            ("หน่วยตรวจสอบภายใน", "internal"),
            ("สำนักงานเกษตรอำเภอเมืองพะเยา", "external"),
            ("อบจ.พะเยา", "external"),
            ("แขวงทางหลวงชนบทพะเยา", "external"),
            ("โรงเรียนบ้านหนองบัว", "external"),
        ],
    )
    def test_a_new_departments_kind_is_guessed_from_its_name(self, name, kind):
        assert guess_department_kind(name) == kind
