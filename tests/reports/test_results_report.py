"""The results report of a round (reports/results_builder.py, reports/documents/results.py):
its numbers recomputed here from the test data to the satang, its shares both ways, its
files, and an announced round printing from its record."""

import io
import re
import subprocess
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from budget.models import Program
from projects.models import Project
from reports.documents import DOCUMENTS, pipeline
from reports.results_builder import NO_PROBLEMS, NOT_REPORTED, build_results
from results import rounds
from results.models import ResultStatus
from tests.printing import file_of, html_of
from tests.reports.results_data import STRATEGY_NAMES, results_plan

pytestmark = pytest.mark.django_db
ORDER = [s.value for s in ResultStatus]


@pytest.fixture
def s():
    return results_plan(40)


def percent(part, whole):
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def expected_rows(specs, denominator):
    """{status: (count, share, budget, disbursed, remaining, disbursed share)} and the total."""
    groups = defaultdict(list)
    for spec in specs:
        groups[spec.status or NOT_REPORTED].append(spec)

    def numbers(items):
        budget = sum((i.budget for i in items), Decimal("0.00"))
        disbursed = sum((i.disbursed for i in items), Decimal("0.00"))
        return (len(items), percent(len(items), denominator), budget, disbursed,
                budget - disbursed, percent(disbursed, budget))  # fmt: skip

    return {status: numbers(groups[status]) for status in ORDER} | {"total": numbers(specs)}


def actual_rows(table):
    rows = {**{r.status: r for r in table.rows}, "total": table.total}
    return {
        key: (r.count, r.share, r.budget, r.disbursed, r.remaining, r.disbursed_share)
        for key, r in rows.items()
    }


def test_the_summary_has_a_row_per_status_and_a_total_to_the_satang(s):
    report = build_results(s.round)
    assert [r.status for r in report.summary.rows] == ORDER
    assert actual_rows(report.summary) == expected_rows(s.specs, len(s.specs))
    assert report.count == 40
    assert report.budget == sum(spec.budget for spec in s.specs)
    assert report.disbursed == sum(spec.disbursed for spec in s.specs)
    assert report.header.is_draft


def test_each_strategy_and_program_recomputed_with_the_strategy_as_denominator(s):
    report = build_results(s.round)
    names = dict(Program.objects.values_list("code", "name"))
    assert [(g.number, g.name) for g in report.strategies] == list(
        enumerate(STRATEGY_NAMES, start=1)
    )
    for group in report.strategies:
        specs = [spec for spec in s.specs if spec.strategy == group.number]
        assert group.table.denominator == len(specs)
        assert actual_rows(group.table) == expected_rows(specs, len(specs))
        for program in group.programs:
            in_program = [spec for spec in specs if names[spec.program] == program.name]
            assert program.table.denominator == len(in_program)
            assert actual_rows(program.table) == expected_rows(in_program, len(in_program))
            assert [p.number for p in program.projects] == list(range(1, len(in_program) + 1))


def test_plan_wide_shares_divide_every_group_by_the_plan(s):
    report = build_results(s.round, share_basis="plan")
    for group in report.strategies:
        specs = [spec for spec in s.specs if spec.strategy == group.number]
        assert group.table.denominator == 40
        assert actual_rows(group.table) == expected_rows(specs, 40)
        assert all(p.table.denominator == 40 for p in group.programs)
    html = html_of(report, "results")
    assert "ร้อยละของจำนวนโครงการ คิดจากจำนวนโครงการทั้งแผน" in html
    strategy_html = html_of(build_results(s.round), "results")
    assert "คิดจากจำนวนโครงการของยุทธศาสตร์หรือแผนงานนั้น" in strategy_html
    assert "(ร้อยละคิดจาก 8 โครงการ)" in strategy_html
    assert "(ร้อยละคิดจาก 40 โครงการ)" in html


def test_each_project_prints_its_status_disbursement_and_remainder(s):
    report = build_results(s.round)
    by_name = {spec.name: spec for spec in s.specs}
    assert len(report.projects) == 40
    for row in report.projects:
        spec = by_name[row.name]
        assert (row.status, row.budget, row.disbursed, row.remaining, row.progress) == (
            spec.status, spec.budget, spec.disbursed, spec.budget - spec.disbursed, spec.progress,
        )  # fmt: skip


def test_rows_without_a_result_are_counted_as_not_reported():
    s = results_plan(14, unreported_every=7)
    report = build_results(s.round)
    assert report.statuses[-1] == (NOT_REPORTED, "ยังไม่ได้รายงานผล")
    assert report.status_count(NOT_REPORTED) == 2


def test_problems_are_collected_and_an_empty_section_says_so(s):
    report = build_results(s.round)
    expected = [spec for spec in s.specs if spec.problems or spec.suggestions]
    assert [(p.project, p.problems, p.suggestions) for p in report.problems] == sorted(
        ((e.name, e.problems, e.suggestions) for e in expected),
        key=lambda row: [p.name for p in report.projects].index(row[0]),
    )
    assert NO_PROBLEMS not in html_of(report, "results")
    quiet = results_plan(2)  # rows 0 and 1 have neither problems nor suggestions
    assert build_results(quiet.round).problems == ()
    assert NO_PROBLEMS in html_of(build_results(quiet.round), "results")


def test_the_page_has_both_charts_as_inline_svg_and_the_headings(s):
    html = html_of(build_results(s.round), "results")
    body = html.split("<body>")[1]
    assert body.count("<svg") == 2
    assert "<script" not in body and "style=" not in body
    for heading in ("1. สรุปผลการดำเนินงาน", "ปัญหา อุปสรรค และข้อเสนอแนะ",
                    "ผลการดำเนินงานรายโครงการ", "จำนวนโครงการตามสถานะการดำเนินงาน"):  # fmt: skip
        assert heading in html
    assert 'class="watermark"' in html


def test_the_title_says_what_the_report_follows_once(s):
    """What the round's report is, then what it follows, then who: each said once (the
    period line under them names the round with its months)."""
    html = html_of(build_results(s.round), "results")
    titles = html[html.index('<header class="form-titles">') : html.index("</header>")]
    lines = [
        re.sub(r"<[^>]+>", "", line).strip() for line in re.findall(r"<p[^>]*>.*?</p>", titles)
    ]
    assert lines[1:4] == [
        "รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน",
        "ตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569",
        s.round.organization.name + " " + s.round.organization.location,
    ]
    assert titles.count("ตามแผนการดำเนินงาน") == 1 and titles.count("ประจำปีงบประมาณ") == 1
    sheet = load_workbook(io.BytesIO(file_of(s.round, "results", "xlsx").content)).active
    printed = [row[0] for row in sheet.iter_rows(max_row=4, values_only=True)]
    assert printed[1:3] == ["ร่าง — รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน", lines[2]]
    # On one line, where pages and the announcement name it.
    assert s.round.title == (
        "รายงานการกำกับติดตามการดำเนินงาน รอบ 6 เดือน ตามแผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569"
    )


def test_thai_digits_follow_the_organisation():
    s = results_plan(5, thai_digits=True)
    html = html_of(build_results(s.round), "results")
    assert "รวมทั้งสิ้น ๕ โครงการ" in html
    assert "ยุทธศาสตร์ที่ ๑" in html


def test_the_workbook_keeps_numbers_as_numbers(s):
    workbook = load_workbook(io.BytesIO(file_of(s.round, "results", "xlsx").content))
    assert workbook.sheetnames == ["สรุปผล", "รายโครงการ", "ปัญหา อุปสรรค"]
    summary = workbook["สรุปผล"]
    done = next(row for row in summary.iter_rows(values_only=True) if row[0] == "ดำเนินการแล้วเสร็จ")
    expected = expected_rows(s.specs, 40)[ResultStatus.DONE]
    assert done[1:7] == (expected[0], float(expected[1]), float(expected[2]), float(expected[3]),
                         float(expected[4]), float(expected[5]))  # fmt: skip
    projects = workbook["รายโครงการ"]
    labels = dict(ResultStatus.choices).values()
    rows = [row for row in projects.iter_rows(values_only=True) if row[6] in labels]
    assert len(rows) == 40
    assert all(isinstance(row[0], int) for row in rows)
    assert all(isinstance(value, int | float) for row in rows for value in row[3:6])
    by_name = {spec.name: spec for spec in s.specs}
    assert all(Decimal(str(row[4])) == by_name[row[1]].disbursed for row in rows)


def test_the_pdf_text_layer_has_the_thai_headings(s, tmp_path):
    pdf = tmp_path / "results.pdf"
    pdf.write_bytes(file_of(s.round, "results", "pdf").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for heading in ("สรุปผลการดำเนินงาน", "ปัญหา อุปสรรค และข้อเสนอแนะ", "ผลการดำเนินงานรายโครงการ"):
        assert heading in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Sarabun" in fonts


def test_queries_do_not_grow_with_the_number_of_projects():
    counts = []
    for size in (10, 60):
        s = results_plan(size)
        with CaptureQueriesContext(connection) as queries:
            html_of(build_results(s.round), "results")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def announce(s):
    round_ = rounds.close_round(s.round, by=s.planner)
    return rounds.announce_round(
        round_, by=s.executive, announced_on=date(2026, 4, 20), signer="นายสมศักดิ์ ใจดี",
        position="นายกองค์การบริหารส่วนตำบลหนองบัว",
    )  # fmt: skip


def test_an_announced_round_prints_from_its_record_whatever_changes_later(s):
    announced = announce(s)
    before = {fmt: file_of(announced, "results", fmt).content for fmt in ("html", "xlsx")}
    report = build_results(announced)
    assert not report.header.is_draft
    assert report.header.announced_on == date(2026, 4, 20)
    # Later: the organisation is renamed and a row of the plan in force changes.
    s.organization.name = "เทศบาลตำบลหนองบัว"
    s.organization.save()
    Project.objects.filter(pk=s.projects[0].pk).update(name="ชื่อใหม่", budget=Decimal("1.00"))
    cache.clear()
    announced.refresh_from_db()
    after = {fmt: file_of(announced, "results", fmt).content for fmt in ("html", "xlsx")}
    assert after == before
    assert "ร่าง" not in html_of(build_results(announced), "results").split("<body>")[1][:200]


def test_the_announcement_prints_the_numbers_and_the_signer(s):
    announced = announce(s)
    built = pipeline.build(DOCUMENTS["results_announcement"], announced)
    a = built.content
    assert (a.announced_on, a.signer, a.is_draft) == (date(2026, 4, 20), "นายสมศักดิ์ ใจดี", False)
    text = " ".join(line for block in a.body for line in block.lines)
    assert "มีโครงการทั้งสิ้น 40 โครงการ" in text
    total = sum(spec.disbursed for spec in s.specs)
    assert f"เบิกจ่ายแล้วรวม {total:,.2f} บาท" in text
    html = pipeline.render_html(built)
    assert "ประกาศ ณ วันที่ 20 เมษายน พ.ศ. 2569" in html
    assert file_of(announced, "results_announcement").content.startswith(b"%PDF")


def test_a_draft_announcement_leaves_the_date_and_signer_to_fill(s):
    a = pipeline.build(DOCUMENTS["results_announcement"], s.round).content
    assert (a.is_draft, a.announced_on, a.signer) == (True, None, "")
