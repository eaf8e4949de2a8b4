"""Every named URL has a permission rule in its app's permissions.py, and each rule holds
for every persona (style.md §4).

The rules are code (`URL_RULES` in each app's permissions.py); this test collects them,
checks that every named URL has one, and requests every URL as every persona. The plan
here is a draft, so the rules that need a committee stage or an announcement
(meeting_manager, posting_planner) are refused to everyone. Objects of another
organisation are 404, never 403, so their existence does not leak.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts import permissions as accounts_rules
from api import permissions as api_rules
from approvals import permissions as approvals_rules
from budget import permissions as budget_rules
from invitations import permissions as invitations_rules
from ops import permissions as ops_rules
from oversight import permissions as oversight_rules
from projects import permissions as projects_rules
from public import permissions as public_rules
from reports import permissions as reports_rules
from results import permissions as results_rules
from tests.factories import (
    announce,
    make_budget_event,
    make_plan,
    make_posting_record,
    make_project,
    make_strategy,
    png_bytes,
)
from tests.test_urls import APP_URLS

RULES = {}
for module in (accounts_rules, budget_rules, projects_rules, approvals_rules, reports_rules,
               results_rules, public_rules, ops_rules, api_rules, invitations_rules,
               oversight_rules):  # fmt: skip
    assert not set(RULES) & set(module.URL_RULES), module.__name__
    RULES |= module.URL_RULES
POST_ONLY = {
    "reports:render_retry",
    "approvals:perform",
    "approvals:meeting_cancel",
    "approvals:posting_withdraw",
    "approvals:comment_add",
    "approvals:comment_resolve",
    "approvals:comment_delete",
    "budget:source_create",
    "accounts:logout",
    "accounts:switch_organization",
    "projects:project_duplicate",
    "projects:strategy_delete",
    "results:step",
    "results:row_save",
    "results:submit",
    "results:photo_delete",
}
# Pages about the current organisation (no object in the URL): another
# organisation's planner reaches their own, so only object URLs are 404 for them.
# Pages that send those allowed on to another page: the book and a file still being made
# go to the page that waits for the worker (reports/background.py).
REDIRECTS = {"reports:book", "reports:render_file"}
OBJECT_URLS = {
    "reports:render",
    "reports:render_file",
    "reports:render_retry",
    "accounts:department_edit",
    "accounts:organization_logo",
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
    "approvals:comment_delete",
    "approvals:member_add",
    "approvals:meeting_schedule",
    "approvals:meeting_edit",
    "approvals:meeting_cancel",
    "approvals:meeting_resolution",
    "approvals:posting",
    "approvals:posting_photo",
    "approvals:posting_correct",
    "approvals:posting_withdraw",
    "approvals:decide",
    "approvals:announce_offline",
    "approvals:offline_scan",
    "results:carry_over",
    "reports:meeting_invitation",
    "reports:meeting_agenda",
    "reports:meeting_minutes",
    "results:round_import",
    "results:round_export",
    "reports:results",
    "reports:results_download",
    "reports:results_announcement",
    "results:round",
    "results:step",
    "results:announce",
    "results:posting",
    "results:grid",
    "results:row_save",
    "results:row_photos",
    "results:submit",
    "results:photo",
    "results:photo_delete",
    "oversight:invite_planner",
}


def test_every_named_url_has_a_rule():
    names = {name for _, name, _, _ in APP_URLS if name}
    assert names == set(RULES)


@pytest.fixture
def objects(plan, planner, executive):
    organization = plan.organization
    strategy = make_strategy(organization)
    project = make_project(plan, strategy=strategy)
    # An announced plan of the year before, and its open six-month round.
    from results import rounds

    last_year = make_plan(organization, fiscal_year=2569)
    last_project = make_project(last_year, strategy=strategy)
    announce(last_year, planner=planner, executive=executive, held_on=date(2025, 10, 1),
             announced_on=date(2025, 10, 10))  # fmt: skip
    round_ = rounds.open_round(
        organization, 2569, "six_month", due_on=date(2026, 4, 30), by=planner
    )
    event = make_budget_event(organization)
    department = organization.departments.get(name="กองคลัง")
    from approvals.models import Comment

    comment = Comment.objects.create(plan=plan, author=planner, text="ตรวจงบประมาณอีกครั้ง")
    from approvals.models import Committee

    committee = Committee.objects.create(organization=organization, kind="support", name="คณะ ก")
    posting = make_posting_record(plan)
    from approvals.models import Decision, Meeting

    # A meeting whose minutes exist (written straight to the tables: pages, not rules).
    decision = Decision.objects.create(plan=plan, action="return", from_status="support_review",
                                       to_status="draft", actor_name="x",
                                       occurred_on=date(2026, 10, 5))  # fmt: skip
    meeting = Meeting.objects.create(
        committee=committee,
        plan=plan,
        number="1/2570",
        held_on=date(2026, 10, 5),
        outcome="rejected",
        resolution="ไม่เห็นชอบ",
        decision=decision,
    )
    from reports.models import Render

    job = Render.objects.create(digest="0" * 64, document="pd02", fmt="pdf", plan=plan)
    organization.logo.save("logo.png", ContentFile(png_bytes()))
    from approvals.models import OfflineAnnouncement

    # The record of a paper announcement with its scan (straight to the tables: the page's
    # rule, not the workflow; the draft's own page rule is "planner").
    paper = OfflineAnnouncement(plan=plan, decision=decision, announced_on=date(2026, 10, 5),
                                signer="นายก", scan_sha256="0" * 64, scan_pages=1)  # fmt: skip
    paper.scan.save("scan.pdf", ContentFile(b"%PDF-1.4"), save=False)
    paper.save()
    from results.models import Round

    annual = Round.objects.create(organization=organization, fiscal_year=2570, kind="annual",
                                  due_on=date(2027, 10, 31))  # fmt: skip
    # A round of the plan's year (its plan is not in force yet: an empty report).
    report_round = Round.objects.create(organization=organization, fiscal_year=plan.fiscal_year,
                                        kind="six_month", due_on=date(2027, 4, 30))  # fmt: skip
    results = _results_objects(round_, last_project)
    return results | {
        "oversight:invite_planner": [organization.pk],
        "reports:results": [report_round.pk],
        "reports:results_download": [report_round.pk, "xlsx"],
        "reports:results_announcement": [report_round.pk],
        "results:carry_over": [annual.pk],
        "approvals:announce_offline": [plan.pk],
        "approvals:offline_scan": [plan.pk],
        "accounts:organization_logo": [organization.pk],
        "approvals:posting": [plan.pk],
        "approvals:posting_photo": [posting.pk],
        "approvals:posting_correct": [posting.pk],
        "approvals:posting_withdraw": [posting.pk],
        "approvals:decide": [plan.pk, "extend_deadline"],
        "approvals:meeting_schedule": [plan.pk],
        "approvals:meeting_edit": [meeting.pk],
        "approvals:meeting_cancel": [meeting.pk],
        "approvals:meeting_resolution": [meeting.pk],
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
        "approvals:comment_delete": [comment.pk],
        "approvals:member_add": [committee.pk],
        "reports:meeting_invitation": [meeting.pk],
        "reports:meeting_agenda": [meeting.pk],
        "reports:meeting_minutes": [meeting.pk],
        "reports:download": [plan.pk, "pd01", "xlsx"],
        "reports:announcement": [plan.pk],
        "reports:book": [plan.pk],
        "reports:book_text": [plan.pk, "intro"],
        "reports:book_text_default": [plan.pk, "announcement"],
        "reports:render": [job.pk],
        "reports:render_file": [job.pk],
        "reports:render_retry": [job.pk],
        "results:round_import": [round_.pk],
        "results:round_export": [round_.pk],
    }


def _results_objects(round_, project):
    """The open round's pages: one reported row and its photo (written straight to the
    tables: pages, not rules)."""
    from results.models import Result, ResultPhoto

    result = Result.objects.create(round=round_, lineage=project.lineage, project=project)
    photo = ResultPhoto.objects.create(result=result, image=ContentFile(png_bytes(), "a.png"))
    return {
        "results:round": [round_.pk],
        "results:step": [round_.pk, "close"],
        "results:announce": [round_.pk],
        "results:posting": [round_.pk],
        "results:grid": [round_.pk],
        "results:row_save": [round_.pk, project.lineage],
        "results:row_photos": [round_.pk, project.lineage],
        "results:submit": [round_.pk],
        "results:photo": [photo.pk],
        "results:photo_delete": [photo.pk],
    }


NOBODY_NOW = {"meeting_manager": 403, "posting_planner": 403}
# Members of an organisation oversee no area and add no organisation.
NOT_OVERSEEING = {"supervisor": 403, "province_admin": 403}
EXPECTED = {
    # persona: {rule: status of a GET}
    "planner": {"signed_in": 200, "member": 200, "editor": 200, "planner": 200,
                "executive": 403, "reporter": 200, **NOBODY_NOW, **NOT_OVERSEEING},
    "department_staff": {"signed_in": 200, "member": 200, "editor": 200, "planner": 403,
                         "executive": 403, "reporter": 200, **NOBODY_NOW, **NOT_OVERSEEING},
    "committee_member": {"signed_in": 200, "member": 200, "editor": 403, "planner": 403,
                         "executive": 403, "reporter": 403, **NOBODY_NOW, **NOT_OVERSEEING},
    "executive": {"signed_in": 200, "member": 200, "editor": 403, "planner": 403,
                  "executive": 200, "reporter": 403, **NOBODY_NOW, **NOT_OVERSEEING},
    "viewer": {"signed_in": 200, "member": 200, "editor": 403, "planner": 403,
               "executive": 403, "reporter": 403, **NOBODY_NOW, **NOT_OVERSEEING},
}  # fmt: skip
# The overseers hold no role in any organisation: every object of one is 404 to them,
# the pages about "the current organisation" refuse them (403) or, for the dashboard,
# send them to their area.
OVERSEERS = {
    "district_supervisor": {"supervisor": 200, "province_admin": 403},
    "province_admin": {"supervisor": 200, "province_admin": 200},
}


@pytest.fixture
def district_supervisor(organization):
    from tests.oversight.conftest import supervisor

    return supervisor(organization.province, organization.amphoe, username="district")


@pytest.fixture
def province_admin(organization):
    from tests.oversight.conftest import supervisor

    return supervisor(organization.province, manages=True, username="province-admin")


# Pages of the current organisation that refuse someone with none (403), before looking
# up the object in the URL, so an object's existence does not leak either way.
NEED_AN_ORGANIZATION = {
    "budget:events", "budget:event_edit", "projects:strategies", "projects:strategy_edit",
    "approvals:committees", "accounts:department_edit", "results:rounds",
}  # fmt: skip


def _overseer_expects(persona, name, rule):
    if rule in OVERSEERS[persona]:
        return OVERSEERS[persona][rule]
    if name in NEED_AN_ORGANIZATION:
        return 403
    if name in OBJECT_URLS:
        return 404
    if name == "projects:dashboard":
        return 302
    return {"signed_in": 200, "member": 200}.get(rule, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*EXPECTED, "other_org_planner", *OVERSEERS])
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
        elif persona in OVERSEERS:
            expected = _overseer_expects(persona, name, rule)
        elif persona == "other_org_planner":
            expected = NOT_OVERSEEING.get(rule, 404 if name in OBJECT_URLS else 200)
        else:
            expected = EXPECTED[persona][rule]
            if expected == 200 and name in REDIRECTS:
                expected = 302
        if status != expected:
            failures.append(f"{name} ({rule}): {status}, expected {expected}")
    assert failures == [], "\n".join(failures)
