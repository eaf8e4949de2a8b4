"""Benchmarks for the district and province views: `make bench` (lines `name value unit`).

Seeds organisations straight into the tables with bulk_create (a benchmark, not the write
paths): one province, districts of 10 organisations each, every organisation with a
budget event, an announced plan of 5 projects (posted for two in three), and for half of
them a six-month round with results. Measures each page (and its XLSX) at 10 and at
2,000 organisations, as the provincial supervisor (the area grows with the deployment)
and as a district supervisor (the area stays 10 organisations): the queries must be the
same at both sizes; the district's times should be too.
"""

import os
import statistics
import sys
import time
import warnings
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

warnings.filterwarnings("ignore", "No directory at")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_ORGANIZATIONS", "10,2000").split(",")]
PROVINCE = "เชียงราย"
PER_DISTRICT = 10
PROJECTS = 5
PAGES = ("status", "status_xlsx", "totals", "totals_xlsx", "results", "results_xlsx")


def report(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def seed(start, stop):
    """Organisations number start … stop-1, with everything the pages read."""
    from accounts.models import Department, Organization
    from approvals.models import PostingRecord
    from budget.models import BudgetEvent, BudgetSource, Program
    from projects.models import Plan, Project, Strategy
    from results.models import Result, Round

    organizations = Organization.objects.bulk_create(
        Organization(name=f"องค์การบริหารส่วนตำบลทดสอบ{n}", slug=f"bench-{n}", type="sao",
                     amphoe=f"อำเภอที่{n // PER_DISTRICT}", province=PROVINCE)
        for n in range(start, stop)
    )  # fmt: skip
    departments = Department.objects.bulk_create(
        Department(organization=o, name="กองช่าง") for o in organizations
    )
    strategies = Strategy.objects.bulk_create(
        Strategy(organization=o, number=1, name="การพัฒนาโครงสร้างพื้นฐาน") for o in organizations
    )
    events = BudgetEvent.objects.bulk_create(
        BudgetEvent(organization=o, fiscal_year=2570, kind="annual", title="ข้อบัญญัติ 2570",
                    announced_on=date(2026, 9, 15)) for o in organizations
    )  # fmt: skip
    plans = Plan.objects.bulk_create(
        Plan(organization=o, fiscal_year=2570, status="announced" if n % 3 else "posted",
             announced_on=date(2026, 10, 1) + timedelta(days=n % 30))
        for n, o in enumerate(organizations)
    )  # fmt: skip
    Plan.budget_events.through.objects.bulk_create(
        Plan.budget_events.through(plan=p, budgetevent=e)
        for p, e in zip(plans, events, strict=True)
    )
    PostingRecord.objects.bulk_create(
        PostingRecord(plan=p, place="website", url="https://example.go.th",
                      starts_on=p.announced_on, ends_on=p.announced_on + timedelta(days=30))
        for p in plans if p.status == "posted"
    )  # fmt: skip
    programs = list(Program.objects.all())
    source = BudgetSource.objects.get(organization=None, kind="annual")
    projects = Project.objects.bulk_create(
        Project(plan=p, strategy=s, program=programs[i % len(programs)], department=d,
                name=f"โครงการที่ {i + 1}", budget=Decimal(10000 * (i + 1)), budget_source=source,
                months=0b111, order=i)
        for p, s, d in zip(plans, strategies, departments, strict=True) for i in range(PROJECTS)
    )  # fmt: skip
    rounds = Round.objects.bulk_create(
        Round(organization=o, fiscal_year=2570, kind="six_month", due_on=date(2027, 4, 30))
        for n, o in enumerate(organizations) if n % 2 == 0
    )  # fmt: skip
    by_plan = {}
    for project in projects:
        by_plan.setdefault(project.plan_id, []).append(project)
    plan_of = {p.organization_id: p.pk for p in plans}
    Result.objects.bulk_create(
        Result(round=r, lineage=project.pk, project=project, disbursed=project.budget / 2)
        for r in rounds for project in by_plan[plan_of[r.organization_id]][:3]
    )  # fmt: skip


def measure(client, label, size):
    for page in PAGES:
        from django.urls import reverse

        url = reverse(f"oversight:{page}") + "?year=2570"
        client.get(url)
        times = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{label} {page}: {response.status_code}")
        name = f"oversight.{label}.{page}.{size}"
        report(f"{name}.queries", len(queries.captured_queries), "queries")
        report(f"{name}.seconds", f"{statistics.median(times):.3f}", "s")


def main():
    from accounts.models import Supervision, User

    province = User.objects.create_user("bench-province")
    district = User.objects.create_user("bench-district")
    Supervision.objects.create(user=province, province=PROVINCE)
    Supervision.objects.create(user=district, province=PROVINCE, amphoe="อำเภอที่0")
    clients = {}
    for label, user in (("province", province), ("district", district)):
        clients[label] = Client()
        clients[label].force_login(user)
    done = 0
    for size in SIZES:
        started = time.perf_counter()
        seed(done, size)
        report(f"oversight.seed.{size}", f"{time.perf_counter() - started:.2f}", "s")
        done = size
        for label, client in clients.items():
            measure(client, label, size)


if __name__ == "__main__":
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        main()
    finally:
        teardown_databases(config, verbosity=0)
