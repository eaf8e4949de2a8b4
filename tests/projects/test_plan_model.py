import pytest
from django.db import IntegrityError, transaction

from projects.models import Plan, PlanKind
from tests.factories import make_plan

pytestmark = pytest.mark.django_db


def test_titles_of_the_three_kinds_of_edition(organization):
    assert make_plan(organization).title == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570"
    supplementary = make_plan(organization, kind=PlanKind.SUPPLEMENTARY, number=1)
    assert supplementary.title == "แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570"
    amendment = make_plan(organization, kind=PlanKind.AMENDMENT, number=2)
    assert amendment.title == "แผนการดำเนินงาน แก้ไข ครั้งที่ 2/2570"


def test_fiscal_year_range(organization):
    assert make_plan(organization, fiscal_year=2569).fiscal_year_range == (
        "1 ต.ค. 2568 – 30 ก.ย. 2569"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "approved-by-magic"},
        {"kind": "special"},
        {"fiscal_year": 2026},
        {"kind": PlanKind.ORIGINAL, "number": 1},
        {"kind": PlanKind.SUPPLEMENTARY, "number": 0},
    ],
)
def test_the_database_refuses_impossible_plans(organization, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(organization, **fields)
    assert not Plan.objects.exists()


def test_one_edition_per_organization_year_kind_and_number(organization, other_organization):
    make_plan(organization)
    make_plan(other_organization)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(organization)
