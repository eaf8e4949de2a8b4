"""The open data API's world: an announced plan with three projects, a draft beside it.

- announced: อบต.หนองบัว's original plan for 2570, announced (its files not yet
  published: the task that publishes them runs after commit, which tests do not reach)
- draft: a 2571 draft of the same organisation, with a project named DRAFT_NAME
- supplement_draft: a supplementary edition of 2570 still in draft, with its own project
"""

from datetime import date
from decimal import Decimal

import pytest

from budget.models import Program
from projects.editions import create_edition
from projects.models import PlanKind
from tests.factories import announce, make_plan, make_project, make_strategy

DRAFT_NAME = "โครงการลับในร่างแผน ห้ามเผยแพร่"


@pytest.fixture
def announced(plan, planner, executive):
    organization = plan.organization
    first = make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    second = make_strategy(organization, 2, "การพัฒนาคุณภาพชีวิต")
    make_project(plan, strategy=first, name="ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5",
                 details="กว้าง 4 เมตร ยาว 200 เมตร", budget=Decimal("480000.00"),
                 location="หมู่ที่ 5", months=0b111)  # fmt: skip
    make_project(plan, strategy=first, name="วางท่อระบายน้ำ หมู่ที่ 2", budget=Decimal("125000.50"),
                 months=0b110000)  # fmt: skip
    make_project(plan, strategy=second, name="อบรมอาสาสมัครสาธารณสุข",
                 program=Program.objects.get(code="public_health"), budget=Decimal("35000.00"),
                 department=organization.departments.get(name="สำนักปลัด"),
                 months=0b1000000000)  # fmt: skip
    return announce(plan, planner=planner, executive=executive, announced_on=date(2026, 10, 20))


@pytest.fixture
def draft(organization, announced):
    plan = make_plan(organization, fiscal_year=2571)
    make_project(plan, strategy=organization.strategies.get(number=1), name=DRAFT_NAME)
    return plan


@pytest.fixture
def supplement_draft(organization, announced, planner):
    plan = create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
    make_project(
        plan, strategy=organization.strategies.get(number=1), name=DRAFT_NAME + " (เพิ่มเติม)"
    )
    return plan
