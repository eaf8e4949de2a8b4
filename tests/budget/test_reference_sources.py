import pytest
from django.db import IntegrityError, transaction

from budget.models import BudgetSource, BudgetSourceKind

pytestmark = pytest.mark.django_db


def test_one_reference_source_per_kind_in_the_order_of_domain_md():
    reference = BudgetSource.objects.filter(organization=None).order_by("order")
    assert [(s.kind, s.name) for s in reference] == [
        ("annual", "ข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายประจำปี"),
        ("supplementary", "งบประมาณรายจ่ายเพิ่มเติม"),
        ("accumulated_fund", "จ่ายขาดเงินสะสม"),
        ("reserve_fund", "ทุนสำรองเงินสะสม"),
        ("specific_grant", "เงินอุดหนุนเฉพาะกิจ"),
        ("transfer", "โอนงบประมาณ"),
        ("carried_over", "เงินกัน"),
        ("other_agency", "งบประมาณของหน่วยงานอื่น"),
        ("no_budget", "ไม่ใช้งบประมาณ"),
    ]
    assert {s.kind for s in reference} == set(BudgetSourceKind.values)


def test_an_organization_adds_its_own_named_source(organization, other_organization):
    mine = BudgetSource.objects.create(
        organization=organization, kind=BudgetSourceKind.OTHER_AGENCY, name="งบประมาณ อบจ.พะเยา"
    )
    assert not mine.is_reference
    # Another organisation may use the same name for its own source.
    BudgetSource.objects.create(
        organization=other_organization,
        kind=BudgetSourceKind.OTHER_AGENCY,
        name="งบประมาณ อบจ.พะเยา",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetSource.objects.create(
            organization=organization, kind=BudgetSourceKind.OTHER_AGENCY, name="งบประมาณ อบจ.พะเยา"
        )


def test_the_database_refuses_a_second_reference_row_of_a_kind_and_unknown_kinds():
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetSource.objects.create(kind=BudgetSourceKind.ANNUAL, name="ซ้ำ")
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetSource.objects.create(kind="lottery", name="สลากกินแบ่ง")
