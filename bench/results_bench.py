"""Benchmarks of the results grid: `make bench` (issue #13: < 1 s for 1,000 projects,
a constant number of queries).

Prints `name value unit` lines. Runs against a throwaway test database (in-memory
SQLite, or PostgreSQL when DATABASE_URL is set). Absolute times vary ±20 % on shared
machines: compare within one run.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import warnings

import django

# WhiteNoise looks for collectstatic's output, which a benchmark does not build.
warnings.filterwarnings("ignore", "No directory at")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

SIZES = (100, 1000)


def check(condition, detail):
    if not condition:
        raise SystemExit(f"benchmark setup failed: {detail}")


def report(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def setup(size):
    """An announced plan of `size` projects (half of them กองช่าง's), an open six-month
    round with every other row reported."""
    from datetime import date
    from decimal import Decimal

    from accounts.permissions import OPERATOR
    from projects.models import Project
    from results import rounds
    from results.rounds import Entry
    from tests.factories import results_setup

    s = results_setup()
    office = s.office
    Project.objects.bulk_create(
        Project(plan=s.plan, name=f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {n % 12 + 1} ({n})",
                budget=Decimal(1000 + n), strategy=s.road.strategy, program=s.road.program,
                budget_source=s.road.budget_source, department=s.works if n % 2 else office,
                months=1)
        for n in range(size - 3)
    )  # fmt: skip
    round_ = rounds.open_round(
        s.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=OPERATOR
    )
    projects = list(Project.objects.filter(plan=s.plan))
    check(len(projects) == size, f"{len(projects)} projects, not {size}")
    entries = {
        p: Entry("in_progress", disbursed=Decimal("500.50"), problems="ฝนตก") for p in projects[::2]
    }
    rounds.save_results(round_, entries, by=OPERATOR)
    return s, round_


def time_page(client, url, name):
    client.get(url)
    times = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        check(response.status_code == 200, response.status_code)
    report(f"{name}.seconds", f"{statistics.median(times):.3f}", "s")
    report(f"{name}.queries", len(queries.captured_queries), "queries")
    report(f"{name}.html", len(response.content), "bytes")


def main():
    from django.urls import reverse

    from accounts.models import Organization

    for size in SIZES:
        s, round_ = setup(size)
        url = reverse("results:grid", args=[round_.pk])
        for persona in ("planner", "staff"):
            client = Client()
            client.force_login(getattr(s, persona))
            time_page(client, url, f"results_grid.{size}.{persona}")
        client = Client()
        client.force_login(s.staff)
        data = {f"r{s.road.lineage}-status": "done", f"r{s.road.lineage}-disbursed": "๑,๐๐๐"}
        save = reverse("results:row_save", args=[round_.pk, s.road.lineage])
        started = time.perf_counter()
        response = client.post(save, data, HTTP_ACCEPT="application/json")
        report(f"results_row_save.{size}.seconds", f"{time.perf_counter() - started:.3f}", "s")
        check(response.status_code == 200, response.content[:300])
        Organization.objects.filter(pk=s.organization.pk).update(slug=f"done-{size}")


if __name__ == "__main__":
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        main()
    finally:
        teardown_databases(config, verbosity=0)
