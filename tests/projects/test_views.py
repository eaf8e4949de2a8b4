"""The plan pages as each persona sees them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from budget.models import Appropriation, BudgetSource, Program
from projects.models import Plan, PlanStatus, Project
from tests.factories import make_budget_event, make_plan, make_project, make_strategy

pytestmark = pytest.mark.django_db

MEMBERS = [
    "planner",
    "department_staff",
    "committee_member",
    "support_member",
    "executive",
    "viewer",
]


def plan_url(plan, **query):
    url = reverse("projects:plan", args=[plan.pk])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def form_data(plan, **changes):
    data = {
        "strategy": plan.organization.strategies.first().pk,
        "program": Program.objects.get(code="education").pk,
        "name": "โครงการวันเด็กแห่งชาติ",
        "details": "จัดกิจกรรมและมอบของขวัญ",
        "budget": "40,000",
        "budget_source": BudgetSource.objects.get(organization=None, kind="annual").pk,
        "location": "ที่ทำการ อบต.",
        "department": plan.organization.departments.get(name="กองช่าง").pk,
        "months": ["4"],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class TestPlanPage:
    def test_projects_are_grouped_by_strategy_then_program_with_counts_and_totals(
        self, client_for, planner, plan
    ):
        first = make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
        second = make_strategy(plan.organization, 2, "การพัฒนาคุณภาพชีวิต")
        roads = Program.objects.get(code="industry_and_public_works")
        housing = Program.objects.get(code="housing_and_community")
        make_project(plan, strategy=second, name="ค", budget=Decimal("300"))
        make_project(plan, strategy=first, program=roads, name="ข", budget=Decimal("200.50"))
        make_project(plan, strategy=first, program=housing, name="ก", budget=Decimal("100"))
        html = client_for(planner).get(plan_url(plan)).content.decode()
        order = [
            html.index("1. ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน"),
            html.index("1.1 แผนงานเคหะและชุมชน"),
            html.index("1.2 แผนงานอุตสาหกรรมและการโยธา"),
            html.index("2. ยุทธศาสตร์การพัฒนาคุณภาพชีวิต"),
            html.index("2.1 แผนงานเคหะและชุมชน"),
        ]
        assert order == sorted(order)
        assert '<strong data-testid="total-count">3</strong>' in html
        assert "600.50</strong>" in html
        assert '2 โครงการ · <span class="money">300.50</span> บาท' in html

    @pytest.mark.parametrize("persona", MEMBERS)
    def test_every_member_reads_the_plan(self, request, client_for, persona, plan):
        make_project(plan)
        response = client_for(request.getfixturevalue(persona)).get(plan_url(plan))
        assert response.status_code == 200

    def test_another_organizations_plan_is_not_found(self, client_for, other_org_planner, plan):
        assert client_for(other_org_planner).get(plan_url(plan)).status_code == 404

    def test_edit_buttons_follow_permissions(
        self, client_for, department_staff, committee_member, planner, plan
    ):
        road = make_project(plan, name="ถนน")
        clinic = make_project(
            plan,
            name="คลินิก",
            department=plan.organization.departments.get(name="กองสาธารณสุขและสิ่งแวดล้อม"),
        )
        edit = reverse("projects:project_edit", args=[road.pk])
        other = reverse("projects:project_edit", args=[clinic.pk])
        staff_html = client_for(department_staff).get(plan_url(plan)).content.decode()
        assert edit in staff_html and other not in staff_html
        committee_html = client_for(committee_member).get(plan_url(plan)).content.decode()
        assert edit not in committee_html and "เพิ่มโครงการ" not in committee_html
        planner_html = client_for(planner).get(plan_url(plan)).content.decode()
        assert edit in planner_html and other in planner_html and "นำเข้าจาก Excel" in planner_html

    def test_filters_narrow_the_rows_and_show_their_total(self, client_for, planner, plan):
        make_project(plan, name="ถนนสายหนองบัว", budget=Decimal("500"))
        make_project(
            plan,
            name="เครื่องคอมพิวเตอร์",
            budget=Decimal("22000"),
            is_equipment=True,
            equipment_type="ครุภัณฑ์คอมพิวเตอร์",
        )
        client = client_for(planner)
        html = client.get(plan_url(plan, q="หนองบัว")).content.decode()
        assert "ถนนสายหนองบัว" in html and "เครื่องคอมพิวเตอร์" not in html
        assert "ตามตัวกรอง: 1 โครงการ" in html
        html = client.get(plan_url(plan, equipment="yes")).content.decode()
        assert "เครื่องคอมพิวเตอร์" in html and "ถนนสายหนองบัว" not in html
        html = client.get(plan_url(plan, sort="-budget")).content.decode()
        assert html.index("เครื่องคอมพิวเตอร์") < html.index("ถนนสายหนองบัว")

    def test_junk_filters_are_ignored_not_500(self, client_for, planner, plan):
        make_project(plan)
        response = client_for(planner).get(
            plan_url(plan, strategy="x", sort="evil", program="9999")
        )
        assert response.status_code == 200

    def test_queries_are_the_same_for_10_and_500_projects(
        self, client_for, planner, plan, django_assert_num_queries
    ):
        def fill(count):
            # Spread rows over strategies, แผนงาน, departments and sources so that a
            # query per block or per related row would show.
            organization = plan.organization
            strategies = [
                organization.strategies.filter(number=n).first() or make_strategy(organization, n)
                for n in (1, 2, 3)
            ]
            programs = list(Program.objects.all())
            departments = list(organization.departments.all())
            sources = list(BudgetSource.objects.filter(organization=None))
            Project.objects.bulk_create(
                Project(
                    plan=plan,
                    strategy=strategies[i % 3],
                    program=programs[i % len(programs)],
                    name=f"โครงการที่ {i}",
                    budget=Decimal(i),
                    budget_source=sources[i % len(sources)],
                    department=departments[i % len(departments)],
                    months=1 << (i % 12),
                    order=i,
                )
                for i in range(count - plan.projects.count())
            )

        client = client_for(planner)
        fill(10)
        client.get(plan_url(plan))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ten:
            client.get(plan_url(plan))
        fill(500)
        assert plan.projects.count() == 500
        with django_assert_num_queries(len(ten.captured_queries)):
            client.get(plan_url(plan))


class TestProjectForms:
    def test_the_planner_adds_a_project_with_commas_in_the_budget(self, client_for, planner, plan):
        make_strategy(plan.organization)
        response = client_for(planner).post(
            reverse("projects:project_create", args=[plan.pk]),
            form_data(plan, budget="1,234,567.50", months=["1", "2", "3"]),
        )
        assert response.status_code == 302
        project = plan.projects.get()
        assert (project.budget, project.months) == (Decimal("1234567.50"), 0b111)
        assert response["Location"].endswith(f"#project-{project.pk}")

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"months": None}, "ต้องเลือกเดือนที่ดำเนินการอย่างน้อย 1 เดือน"),
            ({"budget": "-5"}, "จำนวนเงินต้องไม่ติดลบ"),
            ({"budget": "ห้าพัน"}, "กรุณากรอกจำนวนเงินเป็นตัวเลข"),
            ({"budget": "10.555"}, "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
            ({"months": ["13"]}, "ไม่อยู่ในปีงบประมาณ"),
            ({"name": ""}, "ต้องกรอกช่องนี้"),
        ],
    )
    def test_bad_input_gets_a_thai_message_and_saves_nothing(
        self, client_for, planner, plan, changes, message
    ):
        make_strategy(plan.organization)
        response = client_for(planner).post(
            reverse("projects:project_create", args=[plan.pk]), form_data(plan, **changes)
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not plan.projects.exists()

    def test_thai_digits_are_read_in_the_budget(self, client_for, planner, plan):
        make_strategy(plan.organization)
        client_for(planner).post(
            reverse("projects:project_create", args=[plan.pk]), form_data(plan, budget="๒๕,๐๐๐")
        )
        assert plan.projects.get().budget == Decimal("25000.00")

    def test_department_staff_can_only_choose_their_department(
        self, client_for, department_staff, plan
    ):
        make_strategy(plan.organization)
        client = client_for(department_staff)
        url = reverse("projects:project_create", args=[plan.pk])
        form = client.get(url).context["form"]
        assert [d.name for d in form.fields["department"].queryset] == ["กองช่าง"]
        other = plan.organization.departments.get(name="กองคลัง").pk
        response = client.post(url, form_data(plan, department=other))
        assert response.status_code == 200
        assert not plan.projects.exists()

    @pytest.mark.parametrize("persona", ["committee_member", "executive", "viewer"])
    def test_read_only_roles_get_403_on_every_form(self, request, client_for, persona, plan):
        project = make_project(plan)
        client = client_for(request.getfixturevalue(persona))
        urls = [
            reverse("projects:project_create", args=[plan.pk]),
            reverse("projects:project_edit", args=[project.pk]),
            reverse("projects:project_delete", args=[project.pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 403, url
            assert client.post(url, form_data(plan)).status_code == 403, url
        assert (
            client.post(reverse("projects:project_duplicate", args=[project.pk])).status_code == 403
        )
        assert plan.projects.count() == 1

    def test_nothing_is_editable_outside_draft(self, client_for, planner, plan):
        project = make_project(plan)
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ANNOUNCED)
        client = client_for(planner)
        assert client.get(reverse("projects:project_edit", args=[project.pk])).status_code == 403
        assert client.post(reverse("projects:project_delete", args=[project.pk])).status_code == 403
        html = client.get(plan_url(plan)).content.decode()
        assert "เพิ่มโครงการ" not in html

    def test_editing_another_organizations_project_is_404(
        self, client_for, other_org_planner, plan
    ):
        project = make_project(plan)
        client = client_for(other_org_planner)
        assert client.get(reverse("projects:project_edit", args=[project.pk])).status_code == 404
        assert client.post(reverse("projects:project_delete", args=[project.pk])).status_code == 404

    def test_edit_duplicate_and_delete(self, client_for, planner, plan):
        project = make_project(plan, name="ถนน")
        client = client_for(planner)
        response = client.post(
            reverse("projects:project_edit", args=[project.pk]),
            form_data(plan, name="ถนนสายใหม่", months=["5", "6"], strategy=project.strategy_id),
        )
        assert response.status_code == 302
        project.refresh_from_db()
        assert (project.name, project.months) == ("ถนนสายใหม่", 0b110000)
        client.post(reverse("projects:project_duplicate", args=[project.pk]))
        assert plan.projects.filter(name="ถนนสายใหม่ (สำเนา)").exists()
        client.post(reverse("projects:project_delete", args=[project.pk]))
        assert list(plan.projects.values_list("name", flat=True)) == ["ถนนสายใหม่ (สำเนา)"]


class TestCopyPage:
    def test_preview_and_copy_the_ticked_rows(self, client_for, planner, organization, plan):
        last_year = make_plan(organization, fiscal_year=2569)
        wanted = make_project(last_year, name="ต้องการ")
        make_project(last_year, name="ไม่ต้องการ")
        client = client_for(planner)
        url = reverse("projects:plan_copy", args=[plan.pk])
        html = client.get(url, {"source": last_year.pk}).content.decode()
        assert "ต้องการ" in html and "ไม่ต้องการ" in html
        response = client.post(url, {"source": last_year.pk, "projects": [wanted.pk]})
        assert response.status_code == 302
        assert list(plan.projects.values_list("name", flat=True)) == ["ต้องการ"]

    def test_another_organizations_plan_is_not_offered_or_accepted(
        self, client_for, planner, plan, other_plan
    ):
        row = make_project(other_plan)
        client = client_for(planner)
        url = reverse("projects:plan_copy", args=[plan.pk])
        assert other_plan.title not in client.get(url).content.decode()
        assert client.post(url, {"source": other_plan.pk, "projects": [row.pk]}).status_code == 404
        assert client.get(url, {"source": "abc"}).status_code == 404
        assert not plan.projects.exists()


class TestDeadlines:
    def test_the_dashboard_counts_the_days_left(self, client_for, planner, plan):
        today = timezone.localdate()
        plan.budget_events.add(
            make_budget_event(plan.organization, announced_on=today - timedelta(days=10))
        )
        html = client_for(planner).get("/").content.decode()
        assert "เหลือ 20 วัน" in html

    def test_the_dashboard_shows_an_overdue_plan(self, client_for, planner, plan):
        plan.budget_events.add(make_budget_event(plan.organization, announced_on=date(2020, 1, 1)))
        html = client_for(planner).get("/").content.decode()
        assert "เลยกำหนด" in html

    def test_the_earliest_event_sets_the_deadline(self, plan):
        plan.budget_events.add(
            make_budget_event(plan.organization, announced_on=date(2026, 9, 15)),
            make_budget_event(
                plan.organization, announced_on=date(2026, 10, 1), kind="specific_grant"
            ),
        )
        assert plan.deadline() == date(2026, 10, 15)

    def test_the_deadline_days_come_from_the_setting(self, plan, settings):
        settings.OPPLAN_PLAN_DEADLINE_DAYS = 45
        event = make_budget_event(plan.organization, announced_on=date(2026, 9, 15))
        assert event.deadline == date(2026, 10, 30)


class TestBudgetCheck:
    def test_differences_per_program_are_highlighted(self, client_for, viewer, plan):
        event = make_budget_event(plan.organization)
        plan.budget_events.add(event)
        housing = Program.objects.get(code="housing_and_community")
        Appropriation.objects.create(event=event, program=housing, amount=Decimal("150000"))
        make_project(plan, budget=Decimal("100000"))
        make_project(plan, budget=Decimal("80000"))
        html = (
            client_for(viewer)
            .get(reverse("projects:budget_check", args=[plan.pk]))
            .content.decode()
        )
        assert "180,000.00" in html and "150,000.00" in html
        assert "เกิน 30,000.00" in html

    @pytest.mark.parametrize(("persona", "linked"), [("planner", True), ("viewer", False)])
    def test_only_who_may_link_events_is_sent_to_the_plans_events_page(
        self, request, client_for, plan, persona, linked
    ):
        client = client_for(request.getfixturevalue(persona))
        html = client.get(reverse("projects:budget_check", args=[plan.pk])).content.decode()
        assert (reverse("projects:plan_events", args=[plan.pk]) in html) is linked
