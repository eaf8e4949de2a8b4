"""The write paths for projects: who may change which rows, in which state."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.permissions import OPERATOR
from budget.models import BudgetSource, BudgetSourceKind
from projects import editing
from projects.models import EDITABLE_STATUSES, Plan, PlanStatus, Project
from tests.factories import make_plan, make_project, make_strategy

pytestmark = pytest.mark.django_db

READ_ONLY = ["committee_member", "support_member", "executive", "viewer", "other_org_planner"]
NOT_DRAFT = [s for s in PlanStatus.values if s not in EDITABLE_STATUSES]


@pytest.fixture
def road(plan):
    return make_project(plan, name="ถนนของกองช่าง")


@pytest.fixture
def clinic(plan):
    return make_project(
        plan,
        name="โครงการของกองสาธารณสุข",
        department=plan.organization.departments.get(name="กองสาธารณสุขและสิ่งแวดล้อม"),
    )


def new_project(plan, department_name="กองช่าง", **fields):
    project = Project(
        plan=plan,
        strategy=plan.organization.strategies.first() or make_strategy(plan.organization),
        program_id=fields.pop("program_id", None) or road_program_id(),
        name=fields.pop("name", "โครงการใหม่"),
        budget=fields.pop("budget", Decimal("5000.00")),
        budget_source=BudgetSource.objects.get(organization=None, kind="annual"),
        department=plan.organization.departments.get(name=department_name),
        months=fields.pop("months", 0b1),
        **fields,
    )
    return project


def road_program_id():
    from budget.models import Program

    return Program.objects.get(code="industry_and_public_works").pk


class TestWhoMayChangeWhichRows:
    def test_the_planner_adds_edits_and_deletes_any_department_row(self, planner, plan, clinic):
        saved = editing.save_project(new_project(plan, "กองคลัง"), by=planner)
        assert saved.pk and saved.updated_by == planner
        clinic.name = "แก้โดยเจ้าหน้าที่แผน"
        editing.save_project(clinic, by=planner)
        editing.delete_project(saved, by=planner)
        assert list(plan.projects.values_list("name", flat=True)) == ["แก้โดยเจ้าหน้าที่แผน"]

    def test_department_staff_add_and_edit_their_own_rows(self, department_staff, plan, road):
        editing.save_project(new_project(plan, "กองช่าง", name="ถนนใหม่"), by=department_staff)
        road.budget = Decimal("1.00")
        editing.save_project(road, by=department_staff)
        road.refresh_from_db()
        assert road.budget == Decimal("1.00")
        assert plan.projects.filter(name="ถนนใหม่").exists()

    def test_department_staff_cannot_touch_another_departments_row(
        self, department_staff, plan, clinic
    ):
        clinic.name = "ถูกแก้"
        with pytest.raises(PermissionDenied, match="เฉพาะโครงการของหน่วยงานของคุณ"):
            editing.save_project(clinic, by=department_staff)
        with pytest.raises(PermissionDenied):
            editing.delete_project(clinic, by=department_staff)
        with pytest.raises(PermissionDenied):
            editing.save_project(new_project(plan, "กองคลัง"), by=department_staff)
        clinic.refresh_from_db()
        assert clinic.name == "โครงการของกองสาธารณสุข"
        assert plan.projects.count() == 1

    def test_department_staff_cannot_move_their_row_to_another_department(
        self, department_staff, plan, road
    ):
        road.department = plan.organization.departments.get(name="กองคลัง")
        with pytest.raises(PermissionDenied):
            editing.save_project(road, by=department_staff)
        road.refresh_from_db()
        assert road.department.name == "กองช่าง"

    @pytest.mark.parametrize("persona", READ_ONLY)
    def test_read_only_roles_change_nothing(self, request, persona, plan, road):
        user = request.getfixturevalue(persona)
        road.name = "ถูกแก้"
        with pytest.raises(PermissionDenied):
            editing.save_project(road, by=user)
        with pytest.raises(PermissionDenied):
            editing.delete_project(road, by=user)
        with pytest.raises(PermissionDenied):
            editing.save_project(new_project(plan), by=user)
        with pytest.raises(PermissionDenied):
            editing.duplicate_project(road, by=user)
        road.refresh_from_db()
        assert road.name == "ถนนของกองช่าง"
        assert plan.projects.count() == 1

    @pytest.mark.parametrize("status", NOT_DRAFT)
    @pytest.mark.parametrize("persona", ["planner", "department_staff"])
    def test_nothing_changes_outside_draft(self, request, persona, status, plan, road):
        user = request.getfixturevalue(persona)
        Plan.objects.filter(pk=plan.pk).update(status=status)
        road.refresh_from_db()
        road.name = "ถูกแก้"
        with pytest.raises(PermissionDenied, match=r"ไม่ได้อยู่ในสถานะร่าง|ประกาศใช้แล้ว"):
            editing.save_project(road, by=user)
        with pytest.raises(PermissionDenied):
            editing.delete_project(road, by=user)
        with pytest.raises(PermissionDenied):
            editing.save_project(new_project(plan), by=user)
        road.refresh_from_db()
        assert road.name == "ถนนของกองช่าง"
        assert plan.projects.count() == 1


class TestRowRules:
    def test_another_organizations_strategy_or_department_is_refused(
        self, planner, plan, other_organization
    ):
        project = new_project(plan)
        project.strategy = make_strategy(other_organization, number=9)
        project.department = other_organization.departments.get(name="กองช่าง")
        with pytest.raises(ValidationError) as caught:
            editing.save_project(project, by=planner)
        assert set(caught.value.message_dict) == {"strategy", "department"}
        assert not plan.projects.exists()

    def test_another_organizations_own_budget_source_is_refused(
        self, planner, plan, other_organization
    ):
        project = new_project(plan)
        project.budget_source = BudgetSource.objects.create(
            organization=other_organization, kind=BudgetSourceKind.OTHER_AGENCY, name="งบ อบจ."
        )
        with pytest.raises(ValidationError, match="แหล่งงบประมาณ"):
            editing.save_project(project, by=planner)

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"budget": Decimal("-1")}, "งบประมาณต้องไม่ติดลบ"),
            ({"months": 0}, "ต้องเลือกเดือนที่ดำเนินการอย่างน้อย 1 เดือน"),
            ({"name": "   "}, "ต้องกรอกช่องนี้"),
            ({"is_equipment": True}, "รายการครุภัณฑ์ต้องระบุประเภทครุภัณฑ์"),
        ],
    )
    def test_bad_rows_get_thai_messages_and_are_not_saved(self, planner, plan, fields, message):
        with pytest.raises(ValidationError, match=message):
            editing.save_project(new_project(plan, **fields), by=planner)
        assert not plan.projects.exists()

    @pytest.mark.parametrize(
        "fields", [{"budget": Decimal("-0.01")}, {"months": 0}, {"months": 4096}, {"name": ""}]
    )
    def test_the_database_refuses_bad_rows_from_any_path(self, plan, fields):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_project(plan, **fields)

    def test_a_zero_baht_activity_is_allowed(self, planner, plan):
        saved = editing.save_project(new_project(plan, budget=Decimal("0")), by=planner)
        assert saved.budget == Decimal("0.00")

    def test_new_rows_go_last_in_their_program(self, planner, plan):
        first = editing.save_project(new_project(plan), by=planner)
        second = editing.save_project(new_project(plan), by=planner)
        assert (first.order, second.order) == (1, 2)

    def test_duplicate_copies_the_row_last_in_its_program(self, planner, plan, road):
        copy = editing.duplicate_project(road, by=planner)
        assert copy.pk != road.pk
        assert copy.name == "ถนนของกองช่าง (สำเนา)"
        assert (copy.budget, copy.months, copy.department) == (
            road.budget,
            road.months,
            road.department,
        )
        assert copy.order == road.order + 1


class TestCopyFromAnotherPlan:
    def test_the_planner_copies_chosen_rows_from_last_year(self, planner, organization, plan):
        last_year = make_plan(organization, fiscal_year=2569)
        kept = make_project(last_year, name="จัดงานวันเด็ก", months=0b1000)
        make_project(last_year, name="ไม่ต้องการ")
        copies = editing.copy_projects(last_year, plan, [kept.pk], by=planner)
        assert [c.name for c in copies] == ["จัดงานวันเด็ก"]
        assert list(plan.projects.values_list("name", "months")) == [("จัดงานวันเด็ก", 0b1000)]
        assert last_year.projects.count() == 2

    def test_copying_from_another_organizations_plan_is_refused(self, planner, plan, other_plan):
        row = make_project(other_plan)
        with pytest.raises(PermissionDenied):
            editing.copy_projects(other_plan, plan, [row.pk], by=planner)
        assert not plan.projects.exists()

    def test_department_staff_cannot_copy(self, department_staff, organization, plan):
        last_year = make_plan(organization, fiscal_year=2569)
        row = make_project(last_year)
        with pytest.raises(PermissionDenied):
            editing.copy_projects(last_year, plan, [row.pk], by=department_staff)


class TestPlans:
    def test_the_planner_creates_the_original_plan_with_its_budget_events(
        self, planner, organization
    ):
        from tests.factories import make_budget_event

        event = make_budget_event(organization, fiscal_year=2571)
        plan = editing.create_plan(
            organization, fiscal_year=2571, by=planner, budget_events=[event]
        )
        assert (plan.status, plan.kind, plan.number) == ("draft", "original", 0)
        assert list(plan.budget_events.all()) == [event]

    def test_an_event_of_another_fiscal_year_is_refused(self, planner, organization, budget_event):
        with pytest.raises(ValidationError, match="เป็นของปีงบประมาณ 2570 ไม่ใช่ปีของแผนนี้"):
            editing.create_plan(
                organization, fiscal_year=2571, by=planner, budget_events=[budget_event]
            )
        assert not organization.plans.exists()

    def test_a_second_original_plan_for_the_year_is_refused_in_thai(self, planner, plan):
        with pytest.raises(ValidationError, match="มีแผนฉบับนี้ของปีงบประมาณนี้แล้ว"):
            editing.create_plan(plan.organization, fiscal_year=plan.fiscal_year, by=planner)

    @pytest.mark.parametrize("persona", ["department_staff", "executive", "viewer"])
    def test_only_planners_create_plans(self, request, persona, organization):
        with pytest.raises(PermissionDenied):
            editing.create_plan(organization, fiscal_year=2571, by=request.getfixturevalue(persona))
        assert not organization.plans.exists()

    def test_the_server_operator_creates_plans_for_any_organization(self, organization):
        plan = editing.create_plan(organization, fiscal_year=2571, by=OPERATOR)
        assert plan.created_by is None

    def test_another_organizations_budget_event_cannot_be_linked(
        self, planner, organization, other_organization
    ):
        from tests.factories import make_budget_event

        foreign = make_budget_event(other_organization, fiscal_year=2571)
        with pytest.raises(ValidationError):
            editing.create_plan(organization, fiscal_year=2571, by=planner, budget_events=[foreign])
        assert not organization.plans.exists()
