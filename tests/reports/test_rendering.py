"""The forms as files: Excel reopened, PDF measured, pages and downloads, the cache."""

import io
import re
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from reports.builders import build_pd01, build_pd02, build_pd021
from reports.documents import DOCUMENTS, pipeline
from reports.xlsx import ZIP_EPOCH
from tests.factories import make_project, make_strategy
from tests.printing import file_of, html_of, workbook_of

pytestmark = pytest.mark.django_db

LONG = (
    "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็กพร้อมรางระบายน้ำและไฟฟ้าส่องสว่างเพื่อความปลอดภัย"
    "ในการสัญจรของประชาชนและผู้ใช้เส้นทางเพื่อการเกษตร " * 4
)


@pytest.fixture
def sample(plan):
    strategy = make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    make_project(
        plan, strategy=strategy, name=LONG[:490], details=LONG, budget=Decimal("1234567.89")
    )
    make_project(
        plan, strategy=strategy, name="กิจกรรมไม่ใช้งบประมาณ", budget=Decimal("0"), months=4095
    )
    make_project(plan, strategy=strategy, name="เก้าอี้", budget=Decimal("25000"), is_equipment=True,
                 equipment_type="ครุภัณฑ์สำนักงาน", months=0b10)  # fmt: skip
    return plan


def pdf_facts(content):
    reader = PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    return len(reader.pages), sizes, fonts


class TestPdf:
    @pytest.mark.parametrize("form", ["pd01", "pd02", "pd02_1"])
    def test_a4_landscape_with_only_sarabun_embedded(self, sample, form):
        pages, sizes, fonts = pdf_facts(file_of(sample, form, "pdf").content)
        assert pages >= 1
        assert sizes == {(842, 595)}  # A4 landscape in points
        assert fonts and all(name.startswith("Sarabun") for name in fonts), fonts

    @pytest.mark.parametrize("form", ["pd01", "pd02", "pd02_1"])
    def test_an_empty_plan_is_still_a_valid_one_page_file(self, plan, form):
        pages, sizes, _ = pdf_facts(file_of(plan, form, "pdf").content)
        assert (pages, sizes) == (1, {(842, 595)})
        assert "ไม่มีโครงการในแผนนี้" in pipeline.render_html(pipeline.build(DOCUMENTS[form], plan))

    def test_many_rows_break_over_pages_with_the_header_repeated(self, plan):
        strategy = make_strategy(plan.organization)
        for i in range(60):
            make_project(plan, strategy=strategy, name=f"โครงการที่ {i}", details=LONG[:120])
        pages, _, _ = pdf_facts(file_of(plan, "pd02", "pdf").content)
        assert pages >= 4
        html = html_of(build_pd02(plan), "pd02")
        assert "<thead>" in html and "display: table-header-group" in html

    def test_the_html_the_pdf_is_made_from(self, sample):
        html = html_of(build_pd02(sample), "pd02")
        assert "size: A4 landscape" in html
        assert 'content: "แบบ ผด.๐๒"' in html
        assert 'counter(page, thai) " / " counter(pages, thai)' in html
        assert "Sarabun-Regular.ttf" in html and "Sarabun-Bold.ttf" in html
        assert "table-layout: fixed" in html and "overflow-wrap: break-word" in html
        assert "break-all" not in html and "overflow-wrap: anywhere" not in html
        assert "บัญชีโครงการ/กิจกรรม/งบประมาณ" in html
        assert "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in html
        assert "๑,๒๓๔,๕๖๗.๘๙" in html and "1,234,567.89" not in html
        assert "พ.ศ. ๒๕๖๙" in html and "พ.ศ. ๒๕๗๐" in html

    def test_arabic_digits_when_the_organization_prints_them(self, sample):
        sample.organization.thai_digits = False
        sample.organization.save()
        html = html_of(build_pd02(sample), "pd02")
        assert "1,234,567.89" in html and "๑" not in html
        assert "counter(page, decimal)" in html

    def test_month_bars_sit_over_the_planned_months(self, plan):
        make_project(plan, months=0b11100)  # ธ.ค. – ก.พ.
        html = html_of(build_pd02(plan), "pd02")
        assert '<span class="bar f3 w3"></span>' in html


class TestExcel:
    def test_pd02_values_types_merges_and_print_setup(self, sample):
        workbook = load_workbook(io.BytesIO(workbook_of(build_pd02(sample), "pd02")))
        ws = workbook.active
        assert ws["O1"].value == "แบบ ผด.๐๒"
        assert "O1:R1" in {str(r) for r in ws.merged_cells.ranges}
        assert [ws[f"A{r}"].value for r in (2, 3, 4)] == [
            "ร่าง — บัญชีโครงการ/กิจกรรม/งบประมาณ",  # not announced yet
            "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐",
            "องค์การบริหารส่วนตำบลหนองบัว อำเภอเมือง จังหวัดพะเยา",
        ]
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert {"A2:R2", "A5:A6", "G5:I5", "J5:R5"} <= merged
        assert (ws["G5"].value, ws["J5"].value) == ("พ.ศ. ๒๕๖๙", "พ.ศ. ๒๕๗๐")
        assert [ws.cell(6, c).value for c in range(7, 19)][:3] == ["ต.ค.", "พ.ย.", "ธ.ค."]
        budgets = [c.value for c in ws["D"] if isinstance(c.value, Decimal | int | float)]
        assert Decimal(str(budgets[0])) == Decimal("1234567.89")
        amount = next(c for c in ws["D"] if c.value == budgets[0])
        assert amount.number_format == "[$-D00041E]#,##0.00"
        assert amount.data_type == "n"
        planned = [ws.cell(amount.row, c).fill.fgColor.rgb for c in range(7, 19)]
        assert planned[:3] == ["001D4F91"] * 3 and planned[3] != "001D4F91"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$5:$6"
        assert ws.freeze_panes == "A7"

    def test_pd01_shares_are_numbers(self, sample):
        ws = load_workbook(io.BytesIO(workbook_of(build_pd01(sample), "pd01"))).active
        total_row = next(r for r in ws.iter_rows() if r[0].value == "รวมทั้งสิ้น")
        assert [c.value for c in total_row[1:5]] == [2, 100, 1234567.89, 100]
        assert total_row[2].number_format.endswith("0.00")

    def test_a_workbook_has_no_time_of_writing_in_it(self, sample):
        # The same report gives the same bytes whenever it is written (ADR 0018).
        content = workbook_of(build_pd02(sample), "pd02")
        archive = zipfile.ZipFile(io.BytesIO(content))
        assert {entry.date_time for entry in archive.infolist()} == {ZIP_EPOCH}
        core = archive.read("docProps/core.xml").decode()
        assert core.count("1980-01-01T00:00:00Z") == 2
        assert workbook_of(build_pd02(sample), "pd02") == content

    def test_pd021_and_an_empty_plan(self, sample, plan):
        ws = load_workbook(io.BytesIO(workbook_of(build_pd021(sample), "pd02_1"))).active
        assert any(c.value == "๑. ประเภทครุภัณฑ์สำนักงาน" for c in ws["A"])
        plan.projects.all().delete()
        ws = load_workbook(io.BytesIO(workbook_of(build_pd021(plan), "pd02_1"))).active
        assert any(c.value == "ไม่มีโครงการในแผนนี้" for c in ws["A"])


class TestColumns:
    """Each form's columns are defined once (its document module) for the PDF and Excel."""

    @pytest.mark.parametrize("form", ["pd01", "pd02", "pd02_1"])
    def test_the_pdf_and_the_workbook_have_the_same_columns(self, sample, form):
        document = DOCUMENTS[form]
        built = pipeline.build(document, sample)
        headings = [built.content.header.t[c.heading] for c in document.columns]
        thead = pipeline.render_html(built).split("<thead>")[1].split("</thead>")[0]
        assert re.findall(r"<th[^>]*>([^<]*)</th>", thead)[: len(headings)] == headings
        ws = load_workbook(io.BytesIO(pipeline.render_bytes(built, "xlsx"))).active
        top = next(c.row for c in ws["A"] if c.value == headings[0])
        assert [ws.cell(top, n).value for n in range(1, len(headings) + 1)] == headings
        widths = [
            ws.column_dimensions[get_column_letter(n)].width for n in range(1, ws.max_column + 1)
        ]
        assert widths == document.columns.widths
        assert ws.max_column == document.columns.width

    def test_names_with_html_characters_are_escaped_once(self, plan):
        # ผด.01 used to escape its joined units twice ("&amp;amp;", and "&#x๒๗;" for ').
        make_project(plan)
        plan.organization.departments.filter(name="กองช่าง").update(name="กองช่าง & ประปา")
        for form in ("pd01", "pd02"):
            html = pipeline.render_html(pipeline.build(DOCUMENTS[form], plan))
            assert "กองช่าง &amp; ประปา" in html and "&amp;amp;" not in html, form


class TestPagesAndDownloads:
    def test_the_in_app_page_shows_the_form(self, client_for, viewer, sample):
        html = (
            client_for(viewer)
            .get(reverse("reports:form", args=[sample.pk, "pd01"]))
            .content.decode()
        )
        assert "บัญชีสรุปจำนวนโครงการและงบประมาณ" in html
        assert reverse("reports:download", args=[sample.pk, "pd01", "pdf"]) in html

    @pytest.mark.parametrize(("form", "fmt"), [("pd02", "pdf"), ("pd02_1", "xlsx")])
    def test_downloads_are_named_by_form_organization_and_year(
        self, client_for, viewer, sample, form, fmt
    ):
        response = client_for(viewer).get(reverse("reports:download", args=[sample.pk, form, fmt]))
        assert response.status_code == 200
        assert f'filename="{form}-nongbua-2570.{fmt}"' in response["Content-Disposition"]

    @pytest.mark.parametrize("args", [["pd09"], ["pd02", "doc"]])
    def test_unknown_forms_and_formats_are_404(self, client_for, viewer, sample, args):
        if len(args) == 1:
            url = reverse("reports:form", args=[sample.pk, *args])
        else:
            url = reverse("reports:download", args=[sample.pk, *args])
        assert client_for(viewer).get(url).status_code == 404


class TestCache:
    def test_the_in_app_page_renders_its_table_once_per_content(
        self, client_for, viewer, sample, monkeypatch
    ):
        url = reverse("reports:form", args=[sample.pk, "pd02"])
        client = client_for(viewer)

        def sheet():
            return client.get(url).content.decode().split('<div class="sheet">')[1]

        first = sheet()
        renders = []
        real = pipeline.render_to_string
        monkeypatch.setattr(
            pipeline, "render_to_string", lambda *a, **k: renders.append(a[0]) or real(*a, **k)
        )
        assert sheet() == first
        assert renders == []
        project = sample.projects.filter(is_equipment=False).first()
        project.name = "โครงการที่เปลี่ยนชื่อแล้ว"
        project.save()
        assert "โครงการที่เปลี่ยนชื่อแล้ว" in sheet()
        assert renders == ["reports/forms.html#pd02"]

    def test_an_unchanged_plan_is_served_from_the_cache(self, sample, monkeypatch):
        first = file_of(sample, "pd02", "pdf")
        calls = []
        monkeypatch.setattr(pipeline, "render_pdf", lambda html, **_: calls.append(html) or b"x")
        assert file_of(sample, "pd02", "pdf").content == first.content
        assert calls == []

    def test_a_changed_project_or_setting_renders_afresh(self, sample, monkeypatch):
        monkeypatch.setattr(pipeline, "render_pdf", lambda html, **_: html.encode())
        before = file_of(sample, "pd02", "pdf").content
        project = sample.projects.filter(is_equipment=False).first()
        project.budget = Decimal("1.00")
        project.save()
        after_project = file_of(sample, "pd02", "pdf").content
        assert after_project != before
        sample.organization.thai_digits = False
        sample.organization.save()
        assert file_of(sample, "pd02", "pdf").content != after_project

    def test_the_content_digest_is_known_without_rendering_and_is_the_cache_key(
        self, sample, monkeypatch
    ):
        def fail(html, **_):
            raise AssertionError("rendered")

        monkeypatch.setattr(pipeline, "render_pdf", fail)
        document = DOCUMENTS["pd02"]
        digest = pipeline.content_digest(document, sample, "pdf")
        assert digest == pipeline.content_digest(document, sample, "pdf")
        assert digest != pipeline.content_digest(document, sample, "xlsx")
        assert digest != pipeline.content_digest(document, sample, "pdf", consolidated=True)
        monkeypatch.setattr(pipeline, "render_pdf", lambda html, **_: b"%PDF-rendered")
        pipeline.render(pipeline.build(document, sample), "pdf")
        assert cache.get(f"opplan:document:{digest}") == b"%PDF-rendered"


class TestCommand:
    def test_render_report_writes_each_format(self, sample, tmp_path):
        for fmt in ("html", "pdf", "xlsx"):
            out = tmp_path / f"pd01.{fmt}"
            call_command("render_report", "--plan", str(sample.pk), "--form", "pd01", "--format", fmt,
                         "--output", str(out), stdout=StringIO())  # fmt: skip
            assert out.stat().st_size > 1000
        assert (tmp_path / "pd01.pdf").read_bytes()[:5] == b"%PDF-"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--form", "pd9", "--format", "pdf"], "ไม่รู้จักแบบ"),
            (["--form", "pd01", "--format", "doc"], "ไม่รู้จักรูปแบบ"),
        ],
    )
    def test_bad_arguments(self, sample, tmp_path, args, message):
        with pytest.raises(CommandError, match=message):
            call_command(
                "render_report", "--plan", str(sample.pk), *args, "--output", str(tmp_path / "x")
            )


def test_a_new_wording_renders_afresh(sample, monkeypatch):
    from reports.models import ReportLabel

    monkeypatch.setattr(pipeline, "render_pdf", lambda html, **_: html.encode())
    before = file_of(sample, "pd01", "pdf").content
    ReportLabel.objects.create(
        organization=sample.organization, key="pd01_units", text="หน่วยงานหลัก"
    )
    after = file_of(sample, "pd01", "pdf").content
    assert after != before
    assert "หน่วยงานหลัก".encode() in after


def test_an_edition_downloads_under_its_own_name(organization):
    from tests.factories import make_plan

    amendment = make_plan(organization, kind="amendment", number=2)
    assert file_of(amendment, "pd02", "xlsx").filename == "pd02-nongbua-2570-amendment-2.xlsx"
