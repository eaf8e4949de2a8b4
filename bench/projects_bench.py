"""Benchmarks for plans and projects: `make bench`.

Prints one machine-readable line per measure: `name value unit`. Runs against a
throwaway test database (in-memory SQLite, or PostgreSQL when DATABASE_URL is
set). Absolute times vary ±20 % on shared machines: compare within one run.
"""

import io
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
from openpyxl import Workbook  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "2000"))
PLAN_PAGE_SIZES = (1000, 5000)


def check(condition, detail):
    if not condition:
        raise SystemExit(f"benchmark setup failed: {detail}")


def report(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def workbook(rows):
    from projects import spreadsheet as sheet

    wb = Workbook()
    ws = wb.active
    ws.append(list(sheet.EXPORT_COLUMNS))
    programs = ["แผนงานเคหะและชุมชน", "แผนงานการศึกษา", "แผนงานสาธารณสุข", "แผนงานงบกลาง"]
    for i in range(rows):
        months = ["x" if (i + m) % 4 == 0 else None for m in range(12)]
        ws.append(
            [f"{i % 4 + 1}", programs[i % 4], f"โครงการทดสอบที่ {i + 1} ก่อสร้างถนนคอนกรีตเสริมเหล็ก",
             "ผิวจราจรกว้าง 4 เมตร ยาว 200 เมตร หนา 0.15 เมตร", f"{(i % 97 + 1) * 1000:,}",
             "", f"หมู่ที่ {i % 12 + 1}", "กองช่าง", *months, "", "", "", ""]
        )  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main():
    from accounts.models import Role
    from projects.editing import create_plan
    from projects.exports import render_projects_xlsx
    from projects.imports import import_projects, read_projects
    from tests.factories import make_organization, make_strategy, member

    organization = make_organization(slug="bench")
    planner = member(organization, Role.PLANNER, username="bench-planner")
    for number in range(1, 5):
        make_strategy(organization, number)
    plan = create_plan(organization, fiscal_year=2570, by=planner)
    data = workbook(ROWS)

    started = time.perf_counter()
    preview = read_projects(data, organization)
    report(f"read_{ROWS}_rows", f"{time.perf_counter() - started:.2f}", "s")
    check(preview.ok, [str(e) for e in preview.errors[:5]])

    started = time.perf_counter()
    import_projects(plan, data, by=planner)
    report(f"import_{ROWS}_rows", f"{time.perf_counter() - started:.2f}", "s")
    check(plan.projects.count() == ROWS, "not every row was imported")

    started = time.perf_counter()
    exported = render_projects_xlsx(plan)
    report(f"export_{ROWS}_rows", f"{time.perf_counter() - started:.2f}", "s")
    report("export_size", len(exported), "bytes")

    client = Client()
    client.force_login(planner)
    url = f"/plans/{plan.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    check(response.status_code == 200, response.status_code)
    report(f"plan_page_{ROWS}_rows", f"{elapsed:.2f}", "s")
    report(f"plan_page_{ROWS}_rows_queries", len(queries.captured_queries), "queries")

    for size in PLAN_PAGE_SIZES:
        big = create_plan(organization, fiscal_year=2570 + size // 1000, by=planner)
        import_projects(big, workbook(size), by=planner)
        check(big.projects.count() == size, f"not every row of the {size}-row plan")
        plan_page(client, big, size)


def plan_page(client, plan, size):
    """The planner's view of a plan of `size` projects: the heaviest (every row can be
    edited, duplicated, deleted and commented on). Issue #12.6: ≤ 2 MB, ≤ 40 queries,
    < 1 s; #17.5: < 1.5 KB of HTML per project shown."""
    url = f"/plans/{plan.pk}/"
    client.get(url)
    times = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        check(response.status_code == 200, response.status_code)
    html = response.content
    shown = html.count(b'class="list-group-item project-row"')
    name = f"plan_page.{size}"
    report(f"{name}.seconds", f"{statistics.median(times):.3f}", "s")
    report(f"{name}.queries", len(queries.captured_queries), "queries")
    report(f"{name}.html", len(html), "bytes")
    report(f"{name}.rows_shown", shown, "rows")
    report(f"{name}.bytes_per_project", round(len(html) / shown), "bytes")
    gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    check(gzipped.get("Content-Encoding") == "gzip", "the page was not compressed")
    report(f"{name}.gzip", len(gzipped.content), "bytes")
    # A search and an order over every row, then the last page of the plan.
    for label, query in (("search", "?q=ถนน&sort=-budget"), ("last_page", "?page=999")):
        started = time.perf_counter()
        response = client.get(url + query)
        report(f"{name}.{label}.seconds", f"{time.perf_counter() - started:.3f}", "s")
        check(response.status_code == 200, response.status_code)


if __name__ == "__main__":
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        main()
    finally:
        teardown_databases(config, verbosity=0)
