"""A round's results on the public page: published when the announcement commits, with
SHA-256 and ITA codes; a round that is not announced is invisible."""

import hashlib
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from public.models import PublishedRoundFile
from public.publication import ROUND_FILES
from results import rounds
from results.models import ItaItem
from tests.reports.results_data import results_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return results_plan(8)


def announce(s):
    closed = rounds.close_round(s.round, by=s.planner)
    return rounds.announce_round(closed, by=s.executive, announced_on=date(2026, 4, 20),
                                 signer="นายสมศักดิ์ ใจดี")  # fmt: skip


@pytest.fixture
def published(s, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announced = announce(s)
    return announced


def test_the_announcement_publishes_the_report_and_its_announcement(s, published, client):
    files = list(PublishedRoundFile.objects.filter(round=published))
    assert [(f.document, f.fmt) for f in files] == [(d, fmt) for d, fmt, _ in ROUND_FILES]
    assert ROUND_FILES == (
        ("results_announcement", "pdf", "ประกาศผลการดำเนินงาน"),
        ("results", "pdf", "รายงานผลการดำเนินงานตามแผนการดำเนินงาน"),
        ("results", "xlsx", "รายงานผลการดำเนินงานตามแผนการดำเนินงาน"),
    )
    page = client.get(reverse("public:organization", args=[s.organization.slug]))
    html = page.content.decode()
    assert published.title in html
    for record in files:
        assert record.sha256 in html
        response = client.get(
            reverse("public:round_download", args=[s.organization.slug, record.name])
        )
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert hashlib.sha256(body).hexdigest() == record.sha256 == response["X-Content-SHA256"]


def test_files_are_named_pdf_and_excel_as_everywhere_in_the_app(s, published, client):
    html = client.get(reverse("public:organization", args=[s.organization.slug])).content.decode()
    assert "รายงานผลการดำเนินงานตามแผนการดำเนินงาน (Excel)" in html
    assert "ประกาศผลการดำเนินงาน (PDF)" in html
    assert "XLSX" not in html
    round_page = client.get(reverse("public:round", args=[s.organization.slug, published.pk]))
    assert "(Excel)" in round_page.content.decode()
    assert "XLSX" not in round_page.content.decode()


def test_plan_and_reports_carry_their_ita_codes(s, published, client):
    plan_item = ItaItem.objects.get(year=2569, document="plan")
    six_month = ItaItem.objects.get(year=2569, document="six_month")
    html = client.get(reverse("public:organization", args=[s.organization.slug])).content.decode()
    assert f"ITA {plan_item.code}" in html
    assert f"ITA {six_month.code}" in html


def test_the_public_round_page_lists_each_project_status_and_disbursement(s, published, client):
    html = client.get(
        reverse("public:round", args=[s.organization.slug, published.pk])
    ).content.decode()
    for spec in s.specs:
        assert spec.name in html
        assert f"{spec.disbursed:,.2f}" in html
    assert "ร่าง" not in html.split('class="sheet"')[1][:300]


def test_open_and_closed_rounds_are_invisible(s, client):
    slug = s.organization.slug
    for step in ("open", "closed"):
        if step == "closed":
            rounds.close_round(s.round, by=s.planner)
        html = client.get(reverse("public:organization", args=[slug])).content.decode()
        assert 'data-testid="results-round"' not in html
        assert client.get(reverse("public:round", args=[slug, s.round.pk])).status_code == 404
    assert not PublishedRoundFile.objects.exists()


def test_a_published_round_file_is_only_served_while_its_round_is_announced(s, published, client):
    record = PublishedRoundFile.objects.first()
    other = results_plan(1)
    assert (
        client.get(
            reverse("public:round_download", args=[other.organization.slug, record.name])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("public:round", args=[other.organization.slug, published.pk])
        ).status_code
        == 404
    )


def test_verify_publications_covers_round_files(s, published):
    from io import StringIO

    out = StringIO()
    call_command("verify_publications", "--organization", s.organization.slug, stdout=out)
    lines = out.getvalue().splitlines()
    for record in PublishedRoundFile.objects.all():
        assert any(line.startswith("ตรงกัน\t") and record.name in line for line in lines)


def test_each_public_project_page_shows_its_latest_announced_result(s, client):
    """Before the round is announced nothing shows; after, the status and disbursement."""
    from projects.models import Plan
    from results.models import ResultStatus

    plan = Plan.objects.get(organization=s.organization, fiscal_year=2569)
    url = reverse("public:project", args=[s.organization.slug, plan.pk, 1])
    assert 'data-testid="latest-result"' not in client.get(url).content.decode()
    announced = announce(s)
    html = client.get(url).content.decode()
    first = next(
        spec for spec in s.specs if f'<h1 class="h4">{spec.name}</h1>' in html
    )  # the page's project, whichever the printed order puts first
    assert 'data-testid="latest-result"' in html
    assert ResultStatus(first.status).label in html
    assert f"{first.disbursed:,.2f} บาท" in html
    assert reverse("public:round", args=[s.organization.slug, announced.pk]) in html
