"""PDF speed against a browser: `make bench` (lines `name value unit`).

A 1,000-project ผด.02 as OpPlan makes it (thai.pdf.render_pdf: laid out on every core) and
the same HTML printed by headless Chromium, each timed twice alternately, best of two (a
shared machine drifts; compare the ratio, measured in one run). Chromium opens the very file
WeasyPrint renders: its stylesheet is inline and its fonts are absolute file:// URIs, and the
run stops if Chromium's PDF lacks Sarabun or its page count is more than 10 % off
WeasyPrint's. Then the plan book of the same plan, and a 5,000-project ผด.02 and book,
each with the peak memory of the whole process tree (this process, the forkserver and the
children that lay the chunks out), sampled every 20 ms.
"""

import functools
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from decimal import Decimal
from pathlib import Path

CHROMIUM = os.environ.get("OPPLAN_CHROMIUM", "/usr/bin/chromium")
SIZES = [int(n) for n in os.environ.get("BENCH_PDF_SIZES", "1000,5000").split(",")]
DETAILS = "ผิวจราจรกว้าง 4 เมตร ยาว 200 เมตร หนา 0.15 เมตร หรือมีพื้นที่ไม่น้อยกว่า 800 ตารางเมตร"


def report(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def pages_of(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def fonts_of(pdf: bytes) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            # A Type3 font (Chromium draws some marks with one) has no /BaseFont.
            name = font.get("/BaseFont") or f"({font.get('/Subtype')})"
            names.add(str(name).split("+")[-1])
    return names


def chromium_pdf(html: str) -> tuple[bytes, float]:
    """Chromium's PDF of `html` opened from a file, and the seconds it took (start included)."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "pd02.html"
        page.write_text(html, encoding="utf-8")
        out = Path(folder) / "pd02.pdf"
        profile = Path(folder) / "profile"
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, timeout=600, check=True)  # noqa: S603 -- our own file
        return out.read_bytes(), time.perf_counter() - started


class PeakMemory:
    """The largest total resident memory of this process and all its descendants, in MB."""

    def __init__(self, interval=0.02):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()

    @staticmethod
    def _tree(pid):
        pids = [pid]
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                children = Path(f"/proc/{pid}/task/{tid}/children").read_text().split()
            except OSError:
                continue
            for child in children:
                pids.extend(PeakMemory._tree(int(child)))
        return pids

    @staticmethod
    def _rss_kb(pid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _sample(self):
        while not self._stop.is_set():
            try:
                total = sum(self._rss_kb(pid) for pid in self._tree(os.getpid()))
            except OSError:
                total = 0
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def megabytes(self):
        return round(self.peak / 1024)


def fill(plan, count):
    """`count` projects over four ยุทธศาสตร์ and every แผนงาน; every tenth is equipment."""
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


def compare_with_chromium(size, html):
    from thai.pdf import render_pdf

    weasy_times, chrome_times = [], []
    for _ in range(2):
        pdf, seconds = timed(render_pdf, html)
        weasy_times.append(seconds)
        chrome, seconds = chromium_pdf(html)
        chrome_times.append(seconds)
    pages, chrome_pages = pages_of(pdf), pages_of(chrome)
    weasy, browser = min(weasy_times), min(chrome_times)
    report(f"pd02.pdf.{size}", f"{weasy:.2f}", "s")
    report(f"pd02.pdf.{size}.pages", pages, "pages")
    report(f"pd02.pdf.{size}.chromium", f"{browser:.2f}", "s")
    report(f"pd02.pdf.{size}.chromium.pages", chrome_pages, "pages")
    report(f"pd02.pdf.{size}.ratio_vs_chromium", f"{weasy / browser:.2f}", "x")
    if not any(name.startswith("Sarabun") for name in fonts_of(chrome)):
        raise SystemExit(f"Chromium did not print with Sarabun: {sorted(fonts_of(chrome))}")
    if abs(chrome_pages - pages) > 0.1 * pages:
        raise SystemExit(f"Chromium printed {chrome_pages} pages and WeasyPrint {pages}")
    return browser


def after_edits(size, plan, html, browser):
    """A planner edits one project's budget and asks for the ผด.02 again, twice (projects in
    different chunks): as the pipeline renders, with the renderer's version, only the chunks
    whose HTML changed are laid out again, the project's and the last one, which prints the
    grand total (ADR 0047)."""
    from reports.documents import DOCUMENTS, pipeline
    from thai.pdf import render_pdf

    version = pipeline.rendering_version()
    render_pdf(html, version=version)  # the render before the edits
    times = []
    for index in (size * 3 // 10 + 1, size * 6 // 10 + 1):  # every tenth is equipment (ผด.02/1)
        project = plan.projects.order_by("order")[index]
        project.budget += 1
        project.save(update_fields=["budget"])
        edited = pipeline.render_html(pipeline.build(DOCUMENTS["pd02"], plan))
        times.append(timed(functools.partial(render_pdf, edited, version=version))[1])
    report(f"pd02.pdf.{size}.edited", f"{min(times):.2f}", "s")
    if browser:
        report(f"pd02.pdf.{size}.edited.ratio_vs_chromium", f"{min(times) / browser:.2f}", "x")


def measure_memory(name, render, html):
    """Seconds, pages and the peak memory of the process tree while `render(html)` runs."""
    with PeakMemory() as memory:
        pdf, seconds = timed(render, html)
    report(name, f"{seconds:.2f}", "s")
    report(f"{name}.pages", pages_of(pdf), "pages")
    report(f"{name}.peak_rss", memory.megabytes, "MB")


def main():
    from accounts.permissions import OPERATOR
    from projects.editing import create_plan
    from reports.documents import DOCUMENTS, pipeline
    from tests.factories import make_organization
    from thai.pdf import render_pdf

    for size in SIZES:
        organization = make_organization(slug=f"pdf-bench-{size}")
        plan = create_plan(organization, fiscal_year=2570, by=OPERATOR)
        fill(plan, size)
        html = pipeline.render_html(pipeline.build(DOCUMENTS["pd02"], plan))
        if size <= 1000:
            browser = None
            if Path(CHROMIUM).exists():
                browser = compare_with_chromium(size, html)
            else:
                print(f"# {CHROMIUM} not found: no comparison with a browser", file=sys.stderr)
            after_edits(size, plan, html, browser)
            book = pipeline.render_html(pipeline.build(DOCUMENTS["book"], plan))
            pdf, seconds = timed(render_pdf, book)
            report(f"book.pdf.{size}", f"{seconds:.2f}", "s")
            report(f"book.pdf.{size}.pages", pages_of(pdf), "pages")
        else:
            measure_memory(f"pd02.pdf.{size}", render_pdf, html)
            book = pipeline.render_html(pipeline.build(DOCUMENTS["book"], plan))
            measure_memory(f"book.pdf.{size}", render_pdf, book)


if __name__ == "__main__":
    # Set up here, not at import: the processes that lay PDFs out import this module too.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    warnings.filterwarnings("ignore", "No directory at")  # WhiteNoise; no collectstatic here
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        main()
    finally:
        teardown_databases(config, verbosity=0)
