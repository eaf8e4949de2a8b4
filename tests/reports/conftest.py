from datetime import date

import pytest

from approvals import workflow


@pytest.fixture
def announce(planner, support_member, committee_member, executive):
    """announce(plan): through the workflow, as the committees and the executive do it."""

    def announce(plan):
        workflow.perform(plan, "submit", by=planner)
        workflow.perform(plan, "send_to_development", by=support_member)
        workflow.perform(plan, "endorse", by=committee_member)
        workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                         announced_by="นายสมศักดิ์ นำชุมชน นายกองค์การบริหารส่วนตำบลหนองบัว")  # fmt: skip
        plan.refresh_from_db()
        return plan

    return announce
