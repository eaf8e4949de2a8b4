"""Every named URL has a permission rule, and each rule holds for every persona (style.md §4).

Rules: public (anyone), signed_in (any account), member (any role in the object's
organisation), editor (planner, or department staff for their own department's
row), planner (the organisation's planning officer), review_recorder (the planner
or the committee's secretary, and only while a committee considers the plan: the
plan here is a draft, so nobody). Objects of another
organisation are 404, never 403, so their existence does not leak.
"""

import pytest
from django.urls import reverse

from tests.factories import make_budget_event, make_posting_record, make_project, make_strategy
from tests.test_urls import APP_URLS

RULES = {
    "accounts:login": "public",
    "public:organization": "public",
    "public:download": "public",
    "accounts:logout": "signed_in",
    "accounts:switch_organization": "signed_in",
    "accounts:organization": "planner",
    "accounts:department_create": "planner",
    "accounts:department_edit": "planner",
    "budget:events": "member",
    "budget:event_create": "planner",
    "budget:event_edit": "planner",
    "budget:source_create": "planner",
    "projects:dashboard": "signed_in",
    "projects:plan_create": "planner",
    "projects:plan": "member",
    "projects:plan_events": "planner",
    "projects:edition_create": "planner",
    "projects:plan_changes": "member",
    "projects:plan_copy": "planner",
    "projects:budget_check": "member",
    "projects:plan_import": "planner",
    "projects:plan_export": "member",
    "projects:project_create": "editor",
    "projects:project_edit": "editor",
    "projects:project_duplicate": "editor",
    "projects:project_delete": "editor",
    "projects:strategies": "member",
    "projects:strategy_create": "planner",
    "projects:strategy_edit": "planner",
    "projects:strategy_delete": "planner",
    "approvals:perform": "member",
    "approvals:comment_add": "member",
    "approvals:comment_resolve": "planner",
    "approvals:committees": "member",
    "approvals:member_add": "planner",
    "approvals:meeting_record": "review_recorder",
    "approvals:posting": "member",
    "approvals:posting_photo": "member",
    "approvals:extend_deadline": "member",
    "approvals:inbox": "signed_in",
    "approvals:meeting_invitation": "member",
    "approvals:meeting_agenda": "member",
    "approvals:meeting_minutes": "member",
    "reports:form": "member",
    "reports:download": "member",
    "reports:announcement": "member",
    "reports:book": "member",
    "reports:book_text": "planner",
    "reports:book_text_default": "planner",
}
POST_ONLY = {
    "approvals:perform",
    "approvals:extend_deadline",
    "approvals:comment_add",
    "approvals:comment_resolve",
    "budget:source_create",
    "accounts:logout",
    "accounts:switch_organization",
    "projects:project_duplicate",
    "projects:strategy_delete",
}
# Pages about the current organisation (no object in the URL): another
# organisation's planner reaches their own, so only object URLs are 404 for them.
OBJECT_URLS = {
    "accounts:department_edit",
    "budget:event_edit",
    "projects:plan",
    "projects:plan_events",
    "projects:edition_create",
    "projects:plan_changes",
    "projects:plan_copy",
    "projects:budget_check",
    "projects:plan_import",
    "projects:plan_export",
    "projects:project_create",
    "projects:project_edit",
    "projects:project_delete",
    "projects:strategy_edit",
    "reports:form",
    "reports:download",
    "reports:announcement",
    "reports:book",
    "reports:book_text",
    "reports:book_text_default",
    "approvals:perform",
    "approvals:comment_add",
    "approvals:comment_resolve",
    "approvals:member_add",
    "approvals:meeting_record",
    "approvals:posting",
    "approvals:posting_photo",
    "approvals:extend_deadline",
    "approvals:meeting_invitation",
    "approvals:meeting_agenda",
    "approvals:meeting_minutes",
}


def test_every_named_url_has_a_rule():
    names = {name for _, name, _, _ in APP_URLS if name}
    assert names == set(RULES)


@pytest.fixture
def objects(plan, planner):
    organization = plan.organization
    strategy = make_strategy(organization)
    project = make_project(plan, strategy=strategy)
    event = make_budget_event(organization)
    department = organization.departments.get(name="กองคลัง")
    from approvals.models import Comment

    comment = Comment.objects.create(plan=plan, author=planner, text="ตรวจงบประมาณอีกครั้ง")
    from approvals.models import Committee

    committee = Committee.objects.create(organization=organization, kind="support", name="คณะ ก")
    posting = make_posting_record(plan)
    from datetime import date

    from approvals.models import Meeting

    meeting = Meeting.objects.create(
        committee=committee,
        plan=plan,
        number="1/2570",
        held_on=date(2026, 10, 5),
        resolution="เห็นชอบ",
    )
    return {
        "approvals:posting": [plan.pk],
        "approvals:posting_photo": [posting.pk],
        "approvals:extend_deadline": [plan.pk],
        "accounts:department_edit": [department.pk],
        "budget:event_edit": [event.pk],
        "projects:plan": [plan.pk],
        "projects:plan_events": [plan.pk],
        "projects:edition_create": [plan.pk],
        "projects:plan_changes": [plan.pk],
        "projects:plan_copy": [plan.pk],
        "projects:budget_check": [plan.pk],
        "projects:plan_import": [plan.pk],
        "projects:plan_export": [plan.pk],
        "projects:project_create": [plan.pk],
        "projects:project_edit": [project.pk],
        "projects:project_delete": [project.pk],
        "projects:project_duplicate": [project.pk],
        "projects:strategy_edit": [strategy.pk],
        "projects:strategy_delete": [strategy.pk],
        "reports:form": [plan.pk, "pd02"],
        "approvals:perform": [plan.pk, "submit"],
        "approvals:comment_add": [plan.pk],
        "approvals:comment_resolve": [comment.pk],
        "approvals:member_add": [committee.pk],
        "approvals:meeting_record": [plan.pk],
        "approvals:meeting_invitation": [meeting.pk],
        "approvals:meeting_agenda": [meeting.pk],
        "approvals:meeting_minutes": [meeting.pk],
        "reports:download": [plan.pk, "pd01", "xlsx"],
        "reports:announcement": [plan.pk],
        "reports:book": [plan.pk],
        "reports:book_text": [plan.pk, "intro"],
        "reports:book_text_default": [plan.pk, "announcement"],
    }


EXPECTED = {
    # persona: {rule: status of a GET}
    "planner": {
        "signed_in": 200,
        "member": 200,
        "editor": 200,
        "planner": 200,
        "review_recorder": 403,
    },
    "department_staff": {
        "signed_in": 200,
        "member": 200,
        "editor": 200,
        "planner": 403,
        "review_recorder": 403,
    },
    "committee_member": {
        "signed_in": 200,
        "member": 200,
        "editor": 403,
        "planner": 403,
        "review_recorder": 403,
    },
    "executive": {
        "signed_in": 200,
        "member": 200,
        "editor": 403,
        "planner": 403,
        "review_recorder": 403,
    },
    "viewer": {
        "signed_in": 200,
        "member": 200,
        "editor": 403,
        "planner": 403,
        "review_recorder": 403,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*EXPECTED, "other_org_planner"])
def test_each_rule_holds_for_each_persona(request, client_for, persona, objects):
    client = client_for(request.getfixturevalue(persona))
    failures = []
    for name, rule in RULES.items():
        if rule == "public":
            continue
        url = reverse(name, args=objects.get(name, []))
        status = client.get(url).status_code
        if name in POST_ONLY:
            expected = 405
        elif persona == "other_org_planner":
            expected = 404 if name in OBJECT_URLS else 200
        else:
            expected = EXPECTED[persona][rule]
        if status != expected:
            failures.append(f"{name} ({rule}): {status}, expected {expected}")
    assert failures == []
