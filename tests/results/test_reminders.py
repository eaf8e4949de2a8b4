"""Departments that have not reported: "ถึงขั้นของคุณ" on the dashboard and in the inbox,
the planner's list of who is missing, and the e-mail reminders (results.tasks)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from results import rounds
from results.models import Round
from results.rounds import Entry
from results.tasks import remind, remind_late_departments
from tests.factories import member, results_setup
from worker import periodic

pytestmark = pytest.mark.django_db
DUE = date(2026, 4, 30)


@pytest.fixture
def s():
    s = results_setup()
    s.staff.email = "works@example.org"
    s.staff.save()
    s.office_staff = member(
        s.organization, Role.DEPARTMENT_STAFF, department=s.office, email="office@example.org"
    )
    return s


@pytest.fixture
def round_(s):
    return rounds.open_round(s.organization, 2569, "six_month", due_on=DUE, by=s.planner)


def report_works(s, round_):
    for project in (s.road, s.drain):
        rounds.save_result(round_, project, Entry("done", disbursed=Decimal("10")), by=s.staff)
    rounds.submit_department(round_, s.works, by=s.staff)


def test_staff_see_their_turn_with_the_days_left_on_the_dashboard_and_inbox(
    client_for, s, round_, settings
):
    for name in ("projects:dashboard", "approvals:inbox"):
        html = client_for(s.staff).get(reverse(name)).content.decode()
        assert "ถึงขั้นของคุณ:" in html, name
        assert "รายงานผลการดำเนินงานรอบ 6 เดือน (ต.ค.–มี.ค.) ปีงบประมาณ พ.ศ. 2569 ของกองช่าง" in html
        assert "กำหนดส่ง 30 เมษายน 2569" in html
        assert reverse("results:grid", args=[round_.pk]) in html


def test_the_days_left_count_to_the_due_date(client_for, s, round_):
    from results.progress import open_rounds_due

    (due,) = open_rounds_due(s.staff, s.organization, DUE - timedelta(days=7))
    assert (due.days, due.overdue, due.mine) == (7, False, ("กองช่าง",))
    (due,) = open_rounds_due(s.staff, s.organization, DUE + timedelta(days=3))
    assert (due.overdue, due.overdue_days) == (True, 3)


def test_a_department_that_has_reported_is_not_asked_again(client_for, s, round_):
    report_works(s, round_)
    html = client_for(s.staff).get(reverse("projects:dashboard")).content.decode()
    assert "ถึงขั้นของคุณ:" not in html
    office = client_for(s.office_staff).get(reverse("projects:dashboard")).content.decode()
    assert "ของสำนักปลัด" in office


def test_the_planner_sees_who_has_not_reported(client_for, s, round_):
    report_works(s, round_)
    html = client_for(s.planner).get(reverse("projects:dashboard")).content.decode()
    assert "ยังไม่ส่งรายงาน 1 หน่วยงาน — สำนักปลัด (ยังไม่รายงาน 1 โครงการ)" in html
    assert "ถึงขั้นของคุณ:" not in html


def test_people_without_rows_to_report_see_nothing(client_for, s, round_):
    for user in (s.executive,):
        html = client_for(user).get(reverse("projects:dashboard")).content.decode()
        assert 'data-testid="results-due"' not in html


def test_the_dashboard_queries_do_not_grow_with_the_rows(
    client_for, s, round_, django_assert_num_queries
):
    from projects.models import Project

    client = client_for(s.staff)
    client.get(reverse("projects:dashboard"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("projects:dashboard"))
    Project.objects.bulk_create(
        Project(plan=s.plan, name=f"โครงการที่ {n}", budget=Decimal("1000"),
                strategy=s.road.strategy, program=s.road.program,
                budget_source=s.road.budget_source, department=s.works, months=1)
        for n in range(40)
    )  # fmt: skip
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(reverse("projects:dashboard"))


# --- e-mail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_before", "reminded"),
    [(8, False), (7, True), (6, False), (2, False), (1, True), (0, False), (-1, True), (-9, True)],
)
def test_late_departments_are_reminded_7_days_and_1_day_before_and_daily_after(
    s, round_, days_before, reminded
):
    today = DUE - timedelta(days=days_before)
    assert bool(remind(round_, today)) == reminded
    assert len(mail.outbox) == (1 if reminded else 0)


def test_the_reminder_names_the_round_the_date_and_the_late_departments(s, round_):
    report_works(s, round_)
    assert remind(round_, DUE + timedelta(days=2)) == 1
    (message,) = mail.outbox
    assert message.to == ["office@example.org"]
    assert message.subject == (
        "[OpPlan] เตือนรายงานผลรอบ 6 เดือน (ต.ค.–มี.ค.) ปีงบประมาณ พ.ศ. 2569: เลยกำหนดส่งมาแล้ว 2 วัน"
    )
    assert "- สำนักปลัด (ยังไม่รายงานผล 1 โครงการ)" in message.body
    assert "กองช่าง" not in message.body
    assert "30 เมษายน 2569" in message.body


def test_a_round_is_reminded_at_most_once_a_day(s, round_):
    today = DUE + timedelta(days=1)
    assert remind(round_, today) == 2
    round_.refresh_from_db()
    assert round_.last_reminded_on == today
    assert remind(round_, today) == 0
    assert len(mail.outbox) == 1
    assert remind(round_, today + timedelta(days=1)) == 2
    assert len(mail.outbox) == 2


def test_closed_rounds_and_rounds_everyone_reported_send_nothing(s, round_):
    report_works(s, round_)
    rounds.save_result(round_, s.sport, Entry("done"), by=s.office_staff)
    rounds.submit_department(round_, s.office, by=s.office_staff)
    assert remind(round_, DUE + timedelta(days=1)) == 0
    other = Round.objects.get(pk=round_.pk)
    rounds.close_round(other, by=s.planner)
    assert remind(other, DUE + timedelta(days=2)) == 0
    assert mail.outbox == []


def test_the_periodic_task_reminds_every_due_round(s, round_, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: DUE - timedelta(days=7))
    assert remind_late_departments.call() == 2
    assert len(mail.outbox) == 1
    assert remind_late_departments.call() == 0
    assert "results.tasks.remind_late_departments" in periodic.registered()
