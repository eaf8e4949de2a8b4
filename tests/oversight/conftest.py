"""An area to oversee: four organisations of จังหวัดพะเยา (three in อำเภอเมืองพะเยา) and one
of เชียงราย with the same district name, a district supervisor, a provincial one and the
province administrator. 'Today' is 10 November 2026 (fiscal year 2570)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from accounts.models import OrganizationType, Role, Supervision
from budget.models import Program
from tests.factories import (
    UserFactory,
    announce,
    make_budget_event,
    make_organization,
    make_plan,
    make_posting_record,
    make_project,
    make_strategy,
    member,
)

TODAY = date(2026, 11, 10)


def supervisor(province, amphoe="", *, manages=False, **user_fields):
    user = UserFactory(**user_fields)
    Supervision.objects.create(
        user=user, province=province, amphoe=amphoe, can_manage_organizations=manages
    )
    return user


def _plan_with_event(organization, announced_event=date(2026, 9, 15)):
    event = make_budget_event(organization, announced_on=announced_event)
    plan = make_plan(organization, fiscal_year=2570)
    plan.budget_events.add(event)
    return plan


@pytest.fixture
def area(db):
    housing = Program.objects.get(code="housing_and_community")
    education = Program.objects.get(code="education")
    on_time = make_organization("องค์การบริหารส่วนตำบลแม่ใส", amphoe="เมืองพะเยา")
    late = make_organization("องค์การบริหารส่วนตำบลบ้านต๋อม", amphoe="เมืองพะเยา")
    overdue = make_organization(
        "เทศบาลตำบลแม่กา", amphoe="เมืองพะเยา", type=OrganizationType.SUBDISTRICT_MUNICIPALITY
    )
    pending = make_organization("องค์การบริหารส่วนตำบลดอกคำใต้", amphoe="ดอกคำใต้")
    elsewhere = make_organization("องค์การบริหารส่วนตำบลริมกก", amphoe="เมืองพะเยา", province="เชียงราย")

    planner = member(on_time, Role.PLANNER)
    executive = member(on_time, Role.EXECUTIVE)
    plan = _plan_with_event(on_time)
    roads = make_strategy(on_time, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    life = make_strategy(on_time, 2, "การพัฒนาคุณภาพชีวิต")
    road = make_project(plan, strategy=roads, program=housing, budget=Decimal("100000.00"))
    school = make_project(plan, strategy=life, program=education, budget=Decimal("50000.00"))
    announce(plan, planner=planner, executive=executive, announced_on=date(2026, 10, 10))
    make_posting_record(plan, starts_on=date(2026, 10, 20))

    late_planner = member(late, Role.PLANNER)
    late_executive = member(late, Role.EXECUTIVE)
    late_plan = _plan_with_event(late)
    make_project(
        late_plan,
        strategy=make_strategy(late, 1, "การพัฒนาโครงสร้างพื้นฐาน "),
        program=housing,
        budget=Decimal("200000.00"),
    )
    announce(late_plan, planner=late_planner, executive=late_executive,
             announced_on=date(2026, 10, 20))  # fmt: skip

    draft = _plan_with_event(overdue)
    make_project(draft, budget=Decimal("999999.00"), name="โครงการในร่าง ห้ามเห็น")

    return SimpleNamespace(
        on_time=on_time,
        late=late,
        overdue=overdue,
        pending=pending,
        elsewhere=elsewhere,
        plan=plan,
        late_plan=late_plan,
        draft=draft,
        road=road,
        school=school,
        planner=planner,
        district=supervisor("พะเยา", "เมืองพะเยา", username="district"),
        province=supervisor("พะเยา", username="province"),
        admin=supervisor("พะเยา", manages=True, username="province-admin"),
    )
