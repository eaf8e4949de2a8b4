"""Benchmarks for the printed documents: `make bench` (lines `name value unit`).

For plans of 100, 300 and 1,000 projects, every document of a plan in the registry
(reports/documents/): build, HTML, PDF (WeasyPrint) and XLSX times, pages and queries,
and the PDF time of the same ผด.02 HTML in headless Chromium measured in the same run
(the ratio is what to compare across machines).
"""

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

warnings.filterwarnings("ignore", "No directory at")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,300,1000").split(",")]
CHROMIUM = os.environ.get("OPPLAN_CHROMIUM", "/usr/bin/chromium")
DETAILS = "ผิวจราจรกว้าง 4 เมตร ยาว 200 เมตร หนา 0.15 เมตร หรือมีพื้นที่ไม่น้อยกว่า 800 ตารางเมตร"


def report(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def chromium_pdf_seconds(html):
    if not Path(CHROMIUM).exists():
        return None
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "form.html"
        page.write_text(html, encoding="utf-8")
        out = Path(folder) / "form.pdf"
        profile = Path(folder) / "profile"
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, timeout=300, check=True)  # noqa: S603 -- our own file
        elapsed = time.perf_counter() - started
        shutil.rmtree(profile, ignore_errors=True)
        return elapsed if out.exists() else None


def render_plain_pdf(html):
    """WeasyPrint without OpPlan's ActualText spans, for the overhead measure."""
    from django.conf import settings
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def fill(plan, count):
    from budget.models import BudgetSource, Program
    from projects.models import Project
    from tests.factories import make_strategy

    organization = plan.organization
    strategies = [make_strategy(organization, n) for n in range(1, 5)]
    programs = list(Program.objects.order_by("order"))
    source = BudgetSource.objects.get(organization=None, kind="annual")
    department = organization.departments.get(name="กองช่าง")
    Project.objects.bulk_create(
        Project(plan=plan, strategy=strategies[i % 4], program=programs[i % len(programs)],
                name=f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายที่ {i + 1}", details=DETAILS,
                budget=Decimal(1000 + i), budget_source=source, location=f"หมู่ที่ {i % 12 + 1}",
                department=department, months=(0b111 << (i % 10)), order=i,
                is_equipment=i % 10 == 0, equipment_type="ครุภัณฑ์สำนักงาน" if i % 10 == 0 else "")
        for i in range(count)
    )  # fmt: skip


def main():
    from pypdf import PdfReader

    from accounts.permissions import OPERATOR
    from projects.editing import create_plan
    from reports import pdf_text
    from reports.documents import PLAN, of, pipeline
    from tests.factories import make_organization
    from thai.pdf import render_pdf

    for size in SIZES:
        organization = make_organization(slug=f"bench-{size}")
        plan = create_plan(organization, fiscal_year=2570, by=OPERATOR)
        fill(plan, size)
        for document in of(PLAN):
            key = document.key
            with CaptureQueriesContext(connection) as queries:
                built, seconds = timed(pipeline.build, document, plan)
            report(f"{key}.build.{size}", f"{seconds:.3f}", "s")
            report(f"{key}.queries.{size}", len(queries.captured_queries), "queries")
            html, seconds = timed(pipeline.render_html, built)
            report(f"{key}.html.{size}", f"{seconds:.3f}", "s")
            pdf, weasy = timed(render_pdf, html)
            report(f"{key}.pdf.{size}", f"{weasy:.2f}", "s")
            report(f"{key}.pdf.{size}.pages", len(PdfReader(io.BytesIO(pdf)).pages), "pages")
            if pipeline.XLSX in document.formats:
                _, seconds = timed(pipeline.render_bytes, built, pipeline.XLSX)
                report(f"{key}.xlsx.{size}", f"{seconds:.3f}", "s")
            if key == "pd02":
                # Alternate with and without the ActualText spans; the best of two
                # of each cancels most of a shared machine's drift.
                with_spans, without = [weasy], []
                for _ in range(2):
                    pdf_text.uninstall()
                    try:
                        without.append(timed(render_plain_pdf, html)[1])
                    finally:
                        pdf_text.install()
                    if len(with_spans) < 2:
                        with_spans.append(timed(render_pdf, html)[1])
                best_with, best_without = min(with_spans), min(without)
                report(f"{key}.pdf.{size}.without_actual_text", f"{best_without:.2f}", "s")
                overhead = (best_with / best_without - 1) * 100
                report(f"{key}.pdf.{size}.actual_text_overhead", f"{overhead:.1f}", "%")
                chrome = chromium_pdf_seconds(html)
                if chrome:
                    report(f"{key}.pdf.{size}.chromium", f"{chrome:.2f}", "s")
                    report(f"{key}.pdf.{size}.ratio_vs_chromium", f"{weasy / chrome:.2f}", "x")


if __name__ == "__main__":
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        main()
    finally:
        teardown_databases(config, verbosity=0)
