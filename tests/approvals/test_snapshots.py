import hashlib
from datetime import date
from decimal import Decimal

import pytest

from approvals import workflow
from approvals.models import Snapshot
from approvals.snapshots import canonical_json
from projects.models import Plan
from tests.factories import make_project, submit

pytestmark = pytest.mark.django_db


def test_announcing_stores_the_content_with_its_sha256(plan, executive):
    make_project(plan, name="น้ำประปาหมู่บ้าน", budget=Decimal("1500.50"), months=0b101)
    Plan.objects.filter(pk=plan.pk).update(status="endorsed")
    plan.refresh_from_db()
    workflow.perform(
        plan, "announce", by=executive, announced_on=date(2026, 10, 20), announced_by="นายก"
    )
    snapshot = Snapshot.objects.get(plan=plan)
    assert snapshot.sha256 == hashlib.sha256(canonical_json(snapshot.content)).hexdigest()
    (row,) = snapshot.content["projects"]
    assert (row["name"], row["budget"], row["months"]) == ("น้ำประปาหมู่บ้าน", "1500.50", [1, 3])
    assert snapshot.content["announced_on"] == "2026-10-20"
    with pytest.raises(ValueError, match="never changed"):
        snapshot.save()


def test_a_plan_not_yet_announced_has_no_snapshot(plan, planner):
    submit(plan, by=planner)
    assert not Snapshot.objects.exists()


def test_the_plan_page_shows_the_announced_sha256(client_for, viewer, plan, executive):
    Plan.objects.filter(pk=plan.pk).update(status="endorsed")
    plan.refresh_from_db()
    workflow.perform(
        plan, "announce", by=executive, announced_on=date(2026, 10, 20), announced_by="นายก"
    )
    html = client_for(viewer).get(f"/plans/{plan.pk}/").content.decode()
    assert Snapshot.objects.get().sha256 in html


@pytest.mark.django_db
def test_plan_content_reads_values_yet_equals_project_entry_of_each_row(plan):
    """plan_content reads rows as values for speed; each entry is project_entry's own."""
    from decimal import Decimal

    from approvals.snapshots import plan_content, project_entry
    from tests.factories import make_project

    make_project(plan, name="ก", budget=Decimal("1234.50"), months=0b101, details="รายละเอียด")
    make_project(plan, name="ข", is_equipment=True, equipment_type="ครุภัณฑ์สำนักงาน",
                 equipment_category="ค่าครุภัณฑ์", target="1 เครื่อง", months=0b100000000000)  # fmt: skip
    rows = plan.projects.select_related(
        "strategy", "program", "budget_source", "department"
    ).order_by("strategy__number", "program__order", "order", "pk")
    assert plan_content(plan)["projects"] == [project_entry(p) for p in rows]
