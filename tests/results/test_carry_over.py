"""results.carry_over: unfinished projects copied into next year's plan, and its page."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from projects.editions import DIFF_FIELDS
from projects.models import Plan, PlanStatus, Project
from results import carry_over, rounds
from results.models import ResultStatus
from results.rounds import Entry
from tests.factories import (
    make_organization,
    make_plan,
    make_project,
    member,
    results_setup,
    submit,
)

pytestmark = pytest.mark.django_db

S = ResultStatus


@pytest.fixture
def s():
    """FY2569 in force; its annual round closed: the road in progress, the drain carried
    over (disbursed above its budget), the sports day done."""
    s = results_setup()
    s.round = rounds.open_round(
        s.organization, 2569, "annual", due_on=date(2026, 10, 31), by=s.planner
    )
    report(s, s.road, S.IN_PROGRESS, "100000.50")
    report(s, s.drain, S.CARRIED_OVER, "130000.00", confirm_over_budget=True)
    report(s, s.sport, S.DONE, "48000.00")
    s.round = rounds.close_round(s.round, by=s.planner)
    return s


def report(s, project, status, disbursed, **kwargs):
    rounds.save_result(s.round, project, Entry(status, Decimal(disbursed), **kwargs), by=s.planner)


def world():
    return (
        list(Plan.objects.order_by("pk").values_list("pk", "fiscal_year", "status")),
        list(Project.objects.order_by("pk").values_list("pk", "plan", "budget", "carried_from")),
    )


def test_only_unfinished_rows_are_offered_with_their_remaining_budget(s):
    preview = carry_over.preview(s.round)
    assert (preview.next_year, preview.target, preview.target_title, preview.blocked) == (
        2570,
        None,
        "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570",
        "",
    )
    assert [
        (c.project, c.status, c.budget, c.disbursed, c.remaining, c.carried)
        for c in preview.candidates
    ] == [
        (
            s.road,
            S.IN_PROGRESS,
            Decimal("250000.00"),
            Decimal("100000.50"),
            Decimal("149999.50"),
            False,
        ),
        (
            s.drain,
            S.CARRIED_OVER,
            Decimal("120000.00"),
            Decimal("130000.00"),
            Decimal("0.00"),
            False,
        ),
    ]
    assert preview.remaining_total == Decimal("149999.50")


@pytest.mark.parametrize("finished", [S.DONE, S.CANCELLED])
def test_done_and_cancelled_rows_are_neither_offered_nor_accepted(s, finished):
    rounds.reopen_round(s.round, by=s.planner)
    report(s, s.road, finished, "0.00")
    s.round = rounds.close_round(s.round, by=s.planner)
    assert [c.project for c in carry_over.preview(s.round).candidates] == [s.drain]
    before = world()
    with pytest.raises(ValidationError) as refusal:
        carry_over.carry_over(s.round, [s.drain.pk, s.road.pk], by=s.planner)
    assert refusal.value.messages == [
        "ถนนคอนกรีต หมู่ที่ 1: ไม่ใช่โครงการที่ยังดำเนินการไม่แล้วเสร็จของรอบนี้ "
        "(ยกไปได้เฉพาะสถานะยังไม่ได้ดำเนินการ อยู่ระหว่างดำเนินการ หรือกันเงิน/ขยายเวลา)"
    ]
    assert world() == before  # all or nothing: not even next year's plan


def test_carrying_creates_next_years_draft_with_copies_that_remember_their_row(s):
    done = carry_over.carry_over(s.round, [s.road.pk, s.drain.pk], by=s.planner)
    plan = done.plan
    assert (plan.organization, plan.fiscal_year, plan.kind, plan.status, done.created_plan) == (
        s.organization,
        2570,
        "original",
        PlanStatus.DRAFT,
        True,
    )
    copies = list(plan.projects.order_by("pk"))
    assert [(c.carried_from, c.budget, c.order) for c in copies] == [
        (s.road, Decimal("149999.50"), 1),
        (s.drain, Decimal("0.00"), 2),
    ]
    for copy in copies:
        source = copy.carried_from
        assert {n: getattr(copy, n) for n in DIFF_FIELDS if n != "budget"} == {
            n: getattr(source, n) for n in DIFF_FIELDS if n != "budget"
        }
        assert (copy.copied_from, copy.origin, copy.updated_by) == (None, None, s.planner)
    # This year's rows are untouched.
    s.road.refresh_from_db()
    assert (s.road.plan, s.road.budget) == (s.plan, Decimal("250000.00"))


def test_rows_go_to_next_years_draft_in_progress(s):
    draft = make_plan(s.organization, fiscal_year=2570)
    make_project(draft, name="โครงการใหม่ปี 2570")
    done = carry_over.carry_over(s.round, [s.road.pk], by=s.planner)
    assert (done.plan, done.created_plan) == (draft, False)
    assert [(p.name, p.order, p.carried_from) for p in draft.projects.order_by("pk")] == [
        ("โครงการใหม่ปี 2570", 0, None),
        ("ถนนคอนกรีต หมู่ที่ 1", 1, s.road),  # placed last in its แผนงาน
    ]


def test_a_row_already_carried_is_shown_as_such_and_refused(s):
    done = carry_over.carry_over(s.round, [s.road.pk], by=s.planner)
    preview = carry_over.preview(s.round)
    assert preview.target == done.plan
    assert [(c.project, c.carried) for c in preview.candidates] == [
        (s.road, True),
        (s.drain, False),
    ]
    before = world()
    with pytest.raises(ValidationError) as refusal:
        carry_over.carry_over(s.round, [s.road.pk, s.drain.pk], by=s.planner)
    assert refusal.value.messages == [
        "ถนนคอนกรีต หมู่ที่ 1: ยกไปแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 แล้ว"
    ]
    assert world() == before
    carry_over.carry_over(s.round, [s.drain.pk], by=s.planner)
    assert done.plan.projects.count() == 2


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("open", "ยกโครงการไปปีถัดไปได้เมื่อปิดรับรายงานรอบประจำปีแล้ว"),
        ("six_month", "ยกโครงการไปปีถัดไปได้จากรอบรายงานประจำปี (รอบ 12 เดือน) เท่านั้น"),
        ("under_review", "อยู่ระหว่างการพิจารณา (คณะกรรมการสนับสนุนฯ กำลังพิจารณา) เพิ่มโครงการไม่ได้ในขณะนี้"),
        ("announced", "แผนการดำเนินงานปีงบประมาณ พ.ศ. 2570 ประกาศใช้แล้ว ให้เริ่มจัดทำฉบับเพิ่มเติม"),
        ("nothing", "ยังไม่ได้เลือกโครงการที่จะยกไปปีถัดไป"),
    ],
)
def test_it_is_refused_when_the_round_or_next_year_cannot_take_it(s, setup, message):
    round_, chosen = s.round, [s.road.pk]
    if setup == "open":
        round_ = rounds.reopen_round(s.round, by=s.planner)
    elif setup == "six_month":
        round_ = rounds.open_round(s.organization, 2569, "six_month", due_on=date(2026, 4, 30),
                                   by=s.planner)  # fmt: skip
        round_ = rounds.close_round(round_, by=s.planner)
    elif setup == "under_review":
        submit(make_plan(s.organization, fiscal_year=2570), by=s.planner)
    elif setup == "announced":
        from approvals import offline

        next_year = make_plan(s.organization, fiscal_year=2570)
        make_project(next_year)  # an empty draft is not announced (workflow.not_ready)
        offline.record_announcement(next_year, by=s.planner, announced_on=date(2026, 10, 1),
                                    signer="นายก")  # fmt: skip
    elif setup == "nothing":
        chosen = []
    before = world()
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        carry_over.carry_over(round_, chosen, by=s.planner)
    assert world() == before
    if setup != "nothing":
        assert message in carry_over.preview(round_).blocked


def test_only_the_planner_carries_and_denied_personas_change_nothing(s):
    other = make_organization(slug="other")
    outsiders = [member(other, Role.PLANNER, username="other-planner")]
    for user in [s.staff, s.executive, member(s.organization, Role.VIEWER), *outsiders]:
        before = world()
        with pytest.raises(PermissionDenied):
            carry_over.carry_over(s.round, [s.road.pk], by=user)
        assert world() == before


class TestPage:
    def url(self, s):
        return reverse("results:carry_over", args=[s.round.pk])

    def test_the_planner_previews_and_carries_the_ticked_rows(self, client_for, s):
        client = client_for(s.planner)
        page = client.get(self.url(s))
        assert page.status_code == 200
        html = page.content.decode()
        assert html.count('data-testid="candidate"') == 2
        assert f'name="project" value="{s.road.pk}" id="carry-{s.road.pk}" checked' in html
        assert "149,999.50" in html
        assert "แข่งขันกีฬาตำบล" not in html  # done: not offered
        response = client.post(self.url(s), {"project": [str(s.road.pk)]}, follow=True)
        plan = Plan.objects.get(organization=s.organization, fiscal_year=2570)
        assert response.redirect_chain[-1][0] == reverse("projects:plan", args=[plan.pk])
        html = response.content.decode()
        assert (
            "สร้างแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 (ร่าง) และยกโครงการ 1 โครงการ"
            "ไปแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 แล้ว"
        ) in html
        assert "ยกมาจากแผนปี 2569" in html
        assert [p.carried_from for p in plan.projects.all()] == [s.road]

    def test_a_refusal_is_shown_and_changes_nothing(self, client_for, s):
        before = world()
        response = client_for(s.planner).post(self.url(s), {"project": [str(s.sport.pk)]})
        assert response.status_code == 200
        assert "ยกโครงการไม่ได้ ไม่มีการเปลี่ยนแปลงใด" in response.content.decode()
        assert "แข่งขันกีฬาตำบล: ไม่ใช่โครงการที่ยังดำเนินการไม่แล้วเสร็จของรอบนี้" in (response.content.decode())
        assert world() == before

    def test_others_are_refused(self, client_for, s):
        before = world()
        for user in (s.staff, s.executive):
            assert client_for(user).get(self.url(s)).status_code == 403
            response = client_for(user).post(self.url(s), {"project": [str(s.road.pk)]})
            assert response.status_code == 403
        other = member(make_organization(slug="other"), Role.PLANNER, username="other-planner")
        assert client_for(other).get(self.url(s)).status_code == 404
        assert world() == before
