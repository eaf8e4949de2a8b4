"""Benchmark of the results report: `make bench` (lines `name value unit`).

A round of a 1,000-project plan (and 100 for the trend): the report built and rendered
as HTML (the in-app page's work), its queries, and the workbook. Goal: HTML under 1 s
with the same number of queries at every size.
"""

import os
import sys
import time
import warnings
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# Queue (never run) the publishing the plan's announcement asks for: not what is measured.
os.environ.setdefault("OPPLAN_TASKS", "database")

import django

warnings.filterwarnings("ignore", "No directory at")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_RESULTS_SIZES", "100,1000").split(",")]


def report(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def make_round(count):
    """An announced plan of `count` projects and its six-month round with every result
    (the rows bulk-created: the benchmark measures the report, not data entry)."""
    from accounts.models import Role
    from budget.models import Program
    from results import rounds
    from results.models import Result
    from tests.factories import announce, make_organization, make_plan, make_strategy, member
    from tests.reports.results_data import (
        DEPARTMENTS,
        PROGRAMS,
        STRATEGY_NAMES,
        create_projects,
        spec,
    )

    organization = make_organization(slug=f"bench-results-{count}")
    planner = member(organization, Role.PLANNER)
    executive = member(organization, Role.EXECUTIVE)
    plan = make_plan(organization, fiscal_year=2569)
    strategies = {n: make_strategy(organization, n, STRATEGY_NAMES[n - 1]) for n in range(1, 6)}
    programs = {p.code: p for p in Program.objects.filter(code__in=PROGRAMS)}
    departments = {d.name: d for d in organization.departments.filter(name__in=DEPARTMENTS)}
    specs = [spec(i) for i in range(count)]
    projects = create_projects(plan, specs, strategies, programs, departments)
    announce(plan, planner=planner, executive=executive, held_on=date(2025, 10, 1),
             announced_on=date(2025, 10, 10))  # fmt: skip
    round_ = rounds.open_round(organization, 2569, "six_month", due_on=date(2026, 4, 30),
                               by=planner)  # fmt: skip
    Result.objects.bulk_create(
        Result(round=round_, lineage=p.lineage, project=p, status=s.status, disbursed=s.disbursed,
               progress=s.progress, problems=s.problems, suggestions=s.suggestions)
        for p, s in zip(projects, specs, strict=True)
    )  # fmt: skip
    return round_


def main():
    from reports.documents import DOCUMENTS, pipeline

    document = DOCUMENTS["results"]
    for count in SIZES:
        round_ = make_round(count)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            built = pipeline.build(document, round_)
            html = pipeline.render_bytes(built, pipeline.HTML)
            seconds = time.perf_counter() - started
        report(f"results.html.{count}", round(seconds, 3), "s")
        report(f"results.html.{count}.queries", len(queries), "queries")
        report(f"results.html.{count}.bytes", len(html), "bytes")
        started = time.perf_counter()
        pipeline.render_bytes(built, pipeline.XLSX)
        report(f"results.xlsx.{count}", round(time.perf_counter() - started, 3), "s")


if __name__ == "__main__":
    old = setup_databases(verbosity=0, interactive=False)
    try:
        main()
    finally:
        teardown_databases(old, verbosity=0)
