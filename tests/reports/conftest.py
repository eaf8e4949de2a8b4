from datetime import date

import pytest

from approvals import workflow
from tests.factories import endorse


@pytest.fixture
def announce(planner, support_member, committee_member, executive):
    """announce(plan): through the workflow, as the committees and the executive do it."""

    def announce(plan):
        endorse(plan, by=planner)
        workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                         announced_by="นายสมศักดิ์ นำชุมชน นายกองค์การบริหารส่วนตำบลหนองบัว")  # fmt: skip
        plan.refresh_from_db()
        return plan

    return announce
