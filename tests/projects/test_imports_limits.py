"""Hostile and extreme files through the ผด.02 import: refused in Thai before parsing,
or read with every text bounded; nothing saved either way (issue #14.2)."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from projects.imports import TEXT_LIMITS, ImportFailed, import_projects, read_projects
from tests import hostile_files as hostile
from tests.factories import make_strategy, member
from tests.projects.test_imports import HEADER, row, workbook_bytes
from uploads import workbooks

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def planner_plan(plan):
    make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    plan._planner = member(plan.organization, Role.PLANNER, username="limits-planner")
    return plan


@pytest.fixture
def parser_never_called(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed before it was refused")

    monkeypatch.setattr(workbooks, "load_workbook", refuse)


def errors(plan, data):
    with pytest.raises(ImportFailed) as caught:
        import_projects(plan, data, by=plan._planner)
    assert not plan.projects.exists()
    return [str(problem) for problem in caught.value.preview.errors]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: hostile.empty_styled_cells(1_500_000),
         "แผ่นงาน “ผด.02” เมื่อคลายการบีบอัดมีขนาด 30.3 MB เกิน 25.0 MB ที่รับได้"),
        (lambda: hostile.one_huge_string(200 * 1024 * 1024),
         "ตารางข้อความของไฟล์ (sharedStrings.xml) เมื่อคลายการบีบอัดมีขนาด 200.0 MB เกิน 25.0 MB"),
        (hostile.huge_declared_dimension,
         "แผ่นงาน “ผด.02”: แผ่นงานประกาศขนาดไว้ A1:XFD1048576 (1,048,576 แถว × 16,384 คอลัมน์)"),
    ],
    ids=["empty-styled-cells", "200-mb-string", "huge-dimension"],
)  # fmt: skip
def test_the_probes_files_are_refused_before_parsing(
    planner_plan, parser_never_called, build, message
):
    (problem,) = errors(planner_plan, build())
    assert problem.startswith(message)


def test_a_refused_upload_shows_why_and_keeps_no_file(client_for, planner_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = hostile.huge_declared_dimension()
    response = client_for(planner_plan._planner).post(
        reverse("projects:plan_import", args=[planner_plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", data, content_type=XLSX)},
    )
    assert response.status_code == 200
    assert "แผ่นงานประกาศขนาดไว้ A1:XFD1048576" in response.content.decode()
    assert response.context["token"] is None
    assert not (tmp_path / "imports").exists()
    assert not planner_plan.projects.exists()


def test_texts_are_read_only_as_far_as_their_column_allows(planner_plan):
    data = hostile.long_texts(header_row=5, rows=40, width=21)
    problems = errors(planner_plan, data)
    assert "แผ่นงาน “ผด.02” แถว 6 คอลัมน์ D (โครงการ): ข้อความยาวเกิน 500 ตัวอักษร" in problems
    assert (
        "แผ่นงาน “ผด.02” แถว 6 คอลัมน์ E (รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ): ข้อความยาวเกิน 3,000 ตัวอักษร"
        in problems
    )
    # A message quotes at most 60 characters of what the file says.
    assert max(len(re.sub(r"ก{61,}", "", p)) for p in problems) == max(len(p) for p in problems)
    preview = read_projects(data, planner_plan.organization)
    assert all(
        len(text) == TEXT_LIMITS[name] + 1 for r in preview.rows for name, text in r.texts.items()
    )


def test_continuation_rows_never_grow_a_text_past_its_limit(planner_plan):
    preview = read_projects(hostile.long_continuations(rows=200), planner_plan.organization)
    (project,) = preview.rows
    assert len(project.joined_rows) == 200
    assert len(project.name) == 501
    assert "ข้อความยาวเกิน 500 ตัวอักษร" in [p.message for p in project.errors]


def test_details_longer_than_3000_characters_are_refused(planner_plan):
    data = workbook_bytes([HEADER, row(details="ก" * 3_001), row(details="ข" * 3_000)])
    assert errors(planner_plan, data) == [
        "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ D (รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ): ข้อความยาวเกิน 3,000 ตัวอักษร"
    ]


def test_rows_marked_only_by_merged_ranges_count_towards_the_row_limit(planner_plan):
    assert errors(planner_plan, hostile.tall_merges(count=20)) == [
        "แผ่นงาน “ผด.02”: มีข้อมูลเกิน 5,000 แถว กรุณาแบ่งเป็นหลายไฟล์"
    ]


def test_a_dimension_smaller_than_the_data_hides_no_row(planner_plan):
    data = workbook_bytes([HEADER] + [row(f"โครงการ {n}") for n in range(1, 31)])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"', content)
            target.writestr(name, content)
    import_projects(planner_plan, buffer.getvalue(), by=planner_plan._planner)
    assert planner_plan.projects.count() == 30


def test_a_budget_too_large_to_store_is_refused_in_thai(planner_plan):
    # Found by the fuzzing: thai.format's English refusal reached the preview.
    data = workbook_bytes([HEADER, row(budget=10**12), row(budget="1,000,000,000,000.00"),
                           row(budget="12.345")])  # fmt: skip
    assert errors(planner_plan, data) == [
        "แผ่นงาน “ผด.02” แถว 2 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณ “1,000,000,000,000” เกินจำนวนที่บันทึกได้ (ไม่เกิน 999,999,999,999.99 บาท)",
        "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณ “1,000,000,000,000.00” เกินจำนวนที่บันทึกได้ (ไม่เกิน 999,999,999,999.99 บาท)",
        "แผ่นงาน “ผด.02” แถว 4 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณมีทศนิยมเกิน 2 ตำแหน่ง (สตางค์)",
    ]


def test_a_merged_range_shows_its_first_cell_only_as_excel_does(planner_plan):
    # Read-only mode sees what a file keeps under a merge (a value, a fill); Excel, and
    # the importer as before, show the range's first cell only.
    def project(number, name, months=""):
        cells = hostile.inline_row(number, row(name, months=()))[: -len(b"</row>")]
        return cells + months.encode() + b"</row>"

    rows = [
        hostile.inline_row(1, HEADER),
        project(2, "แถบว่าง", '<c r="J2" t="inlineStr"><is><t>x</t></is></c><c r="K2" s="1"/>'),
        project(3, "แถบมีเครื่องหมาย", '<c r="I3" t="inlineStr"><is><t>x</t></is></c>'),
    ]
    data = hostile.xlsx(hostile.sheet_xml(rows, merges=["I2:K2", "I3:K3"]))
    preview = read_projects(data, planner_plan.organization)
    assert [(r.name, r.months) for r in preview.rows] == [("แถบว่าง", 0), ("แถบมีเครื่องหมาย", 0b111)]
