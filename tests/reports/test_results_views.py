"""The results report's URLs and render_report --form results: members of the round's
organisation only (404 for others), heavy PDFs through the worker's waiting page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from reports.models import Render
from reports.results_builder import REPORT_LABEL
from tests.factories import make_organization, member
from tests.reports.results_data import results_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return results_plan(12)


def test_a_member_reads_the_report_page_marked_as_a_draft(s, client_for):
    staff = member(s.organization, Role.VIEWER)
    response = client_for(staff).get(reverse("reports:results", args=[s.round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="draft-badge"' in html
    assert html.count("<svg") == 2
    assert reverse("reports:results_download", args=[s.round.pk, "xlsx"]) in html
    assert reverse("reports:results_announcement", args=[s.round.pk]) in html


def test_another_organisation_gets_404_and_anonymous_goes_to_sign_in(s, client_for, client):
    outsider = member(make_organization("เทศบาลตำบลอื่น", slug="other"), Role.PLANNER)
    for name, args in (("reports:results", []), ("reports:results_download", ["xlsx"]),
                       ("reports:results_announcement", [])):  # fmt: skip
        url = reverse(name, args=[s.round.pk, *args])
        assert client_for(outsider).get(url).status_code == 404
        assert client.get(url).status_code == 302


def test_the_files_download_with_their_names(s, client_for):
    client = client_for(s.planner)
    xlsx = client.get(reverse("reports:results_download", args=[s.round.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    slug = s.organization.slug
    assert f'filename="results-{slug}-2569-six_month.xlsx"' in xlsx["Content-Disposition"]
    pdf = client.get(reverse("reports:results_announcement", args=[s.round.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("reports:results_download", args=[s.round.pk, "html"])).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:results_download", args=[s.round.pk, "doc"])).status_code == 404
    )


@override_settings(OPPLAN_BACKGROUND_ROWS=10)
def test_a_large_round_pdf_goes_to_the_waiting_page(s, client_for):
    response = client_for(s.planner).get(
        reverse("reports:results_download", args=[s.round.pk, "pdf"])
    )
    job = Render.objects.get()
    assert (job.document, job.round, job.plan, job.rows) == ("results", s.round, s.plan, 12)
    # (the immediate task backend of the tests has rendered it when the request committed)
    assert response.status_code == 302


def render_report(*args):
    out = StringIO()
    call_command("render_report", *args, stdout=out)
    return out.getvalue()


def test_render_report_prints_a_round_in_every_format(s, tmp_path):
    for fmt in ("html", "pdf", "xlsx"):
        out = tmp_path / f"results.{fmt}"
        render_report("--plan", str(s.plan.pk), "--form", "results", "--round", "six_month",
                      "--format", fmt, "--output", str(out))  # fmt: skip
        assert out.stat().st_size > 1000
    assert REPORT_LABEL in (tmp_path / "results.html").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--round", "annual"], "ยังไม่ได้เปิดรอบ 12 เดือน"),
        (["--round", "yearly"], "ต้องระบุ --round"),
        ([], "ต้องระบุ --round"),
        (["--round", "six_month", "--format", "docx"], "ไม่รู้จักรูปแบบ"),
    ],
)
def test_render_report_refuses_bad_rounds_and_writes_nothing(s, tmp_path, args, message):
    out = tmp_path / "results.html"
    with pytest.raises(CommandError, match=message):
        render_report("--plan", str(s.plan.pk), "--form", "results", "--format", "html",
                      "--output", str(out), *args)  # fmt: skip
    assert not out.exists()


def test_render_report_keeps_printing_the_plan_forms(s, tmp_path):
    out = tmp_path / "pd01.xlsx"
    render_report(
        "--plan", str(s.plan.pk), "--form", "pd01", "--format", "xlsx", "--output", str(out)
    )
    assert out.exists()
    with pytest.raises(CommandError, match="--round ใช้ได้เฉพาะ"):
        render_report("--plan", str(s.plan.pk), "--form", "pd01", "--format", "xlsx",
                      "--round", "annual", "--output", str(tmp_path / "x.xlsx"))  # fmt: skip
