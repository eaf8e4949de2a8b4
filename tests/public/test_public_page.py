"""The public page: announced editions only, stable files, SHA-256 that matches."""

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from approvals import workflow
from projects.editions import create_edition
from projects.models import Plan, PlanKind, PlanStatus
from public.models import PublishedFile
from public.publication import FILES, publish
from tests.factories import endorse, make_plan, make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished(plan, planner, executive):
    """Announced, but the task that publishes it has not run (its commit is not seen)."""
    strategy = make_strategy(plan.organization)
    make_project(plan, strategy=strategy, name="ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5")
    endorse(plan, by=planner)
    workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                     announced_by="นายสมศักดิ์ นำชุมชน นายก อบต.")  # fmt: skip
    plan.refresh_from_db()
    return plan


@pytest.fixture
def announced(plan, planner, executive, django_capture_on_commit_callbacks):
    """Announced, and published by the task queued when the announcement committed."""
    strategy = make_strategy(plan.organization)
    make_project(plan, strategy=strategy, name="ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5")
    endorse(plan, by=planner)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                         announced_by="นายสมศักดิ์ นำชุมชน นายก อบต.")  # fmt: skip
    plan.refresh_from_db()
    return plan


def test_the_announcement_publishes_every_file_in_the_background(announced):
    assert PublishedFile.objects.filter(plan=announced).count() == len(FILES)


@pytest.fixture
def queued_not_run(settings):
    """Tasks go to the database queue and wait for a worker (none runs here)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_visit_renders_nothing_and_shows_what_is_being_made(
    client, unpublished, organization, queued_not_run, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    def no_render(*args, **kwargs):
        raise AssertionError("a PDF was rendered in a visitor's request")

    monkeypatch.setattr("public.publication.render_file", no_render)
    monkeypatch.setattr("thai.pdf.render_pdf", no_render)
    url = reverse("public:organization", args=[organization.slug])
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "กำลังจัดทำไฟล์ของฉบับนี้" in html and unpublished.title in html
    # One publication queued for the edition, however many visitors asked.
    assert DBTaskResult.objects.filter(task_path="public.tasks.publish_edition").count() == 1
    assert not PublishedFile.objects.exists()


def test_anyone_sees_announced_editions_with_files_and_digests(client, announced, organization):
    draft = make_plan(organization, fiscal_year=2571)
    response = client.get(reverse("public:organization", args=[organization.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert announced.title in html
    assert draft.title not in html  # a draft never appears
    assert "ประกาศใช้เมื่อ 20 ตุลาคม 2569" in html
    files = list(PublishedFile.objects.filter(plan=announced))
    assert len(files) == len(FILES)
    slug = organization.slug
    assert {f.name for f in files} >= {f"book-{slug}-2570.pdf", f"announcement-{slug}-2570.pdf",
                                       f"pd02-{slug}-2570.pdf", f"pd02_1-{slug}-2570.xlsx"}  # fmt: skip
    for record in files:
        url = reverse("public:download", args=[slug, record.name])
        assert url.endswith(record.name) and url in html
        assert record.sha256 in html
    assert "(Excel)" in html and "XLSX" not in html  # as the app's own buttons say


def test_the_published_sha256_matches_the_downloaded_bytes_every_time(
    client, announced, organization
):
    client.get(reverse("public:organization", args=[organization.slug]))
    for record in PublishedFile.objects.filter(plan=announced):
        response = client.get(reverse("public:download", args=[organization.slug, record.name]))
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == record.sha256
        assert response["Content-Disposition"] == f'attachment; filename="{record.name}"'
    book = PublishedFile.objects.get(plan=announced, document="book")
    assert book.file.open("rb").read().startswith(b"%PDF")


def test_publishing_again_renders_nothing(announced, monkeypatch):
    first = publish(announced)

    def fail(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr("public.publication.render_file", fail)
    again = publish(announced)
    assert [(f.pk, f.sha256) for f in again] == [(f.pk, f.sha256) for f in first]


def test_a_rendering_failure_shows_the_edition_without_files_not_an_error(
    client, unpublished, organization, monkeypatch
):
    def fail(*args):
        raise OSError("WeasyPrint could not start")

    monkeypatch.setattr("public.publication.render_file", fail)
    response = client.get(reverse("public:organization", args=[organization.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert unpublished.title in html and 'data-testid="files-pending"' in html
    assert not PublishedFile.objects.exists()


def test_files_of_an_edition_that_is_not_in_force_are_never_served(client, announced, organization):
    publish(announced)
    record = PublishedFile.objects.get(plan=announced, document="pd02", fmt="pdf")
    url = reverse("public:download", args=[organization.slug, record.name])
    assert client.get(url).status_code == 200
    Plan.objects.filter(pk=announced.pk).update(status=PlanStatus.DRAFT)  # as if never announced
    assert client.get(url).status_code == 404
    html = client.get(reverse("public:organization", args=[organization.slug])).content.decode()
    assert record.sha256 not in html


def test_a_draft_is_never_published_or_downloadable(client, plan, organization):
    assert plan.status == PlanStatus.DRAFT
    html = client.get(reverse("public:organization", args=[organization.slug])).content.decode()
    assert plan.title not in html and "ยังไม่มีแผนการดำเนินงานที่ประกาศใช้" in html
    with pytest.raises(ValueError, match="only announced"):
        publish(plan)
    name = f"pd02-{organization.slug}-2570.pdf"
    assert client.get(reverse("public:download", args=[organization.slug, name])).status_code == 404


def test_another_organisations_files_are_not_reachable_through_my_slug(
    client, announced, organization, other_organization
):
    client.get(reverse("public:organization", args=[organization.slug]))
    record = PublishedFile.objects.filter(plan=announced).first()
    html = client.get(
        reverse("public:organization", args=[other_organization.slug])
    ).content.decode()
    assert announced.title not in html and record.sha256 not in html
    response = client.get(reverse("public:download", args=[other_organization.slug, record.name]))
    assert response.status_code == 404


def test_unknown_organisation_and_file_are_thai_404s(client, organization):
    assert client.get("/p/no-such-org/").status_code == 404
    assert client.get(f"/p/{organization.slug}/files/book-x.pdf").status_code == 404


def test_the_page_needs_a_fixed_number_of_queries(
    client, announced, organization, planner, django_assert_num_queries
):
    url = reverse("public:organization", args=[organization.slug])
    client.get(url)
    # organisation, plans, published files, postings, snapshots and their decisions, the
    # ITA items and the announced rounds of results (none here)
    with django_assert_num_queries(8):
        client.get(url)
    supplement = create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
    Plan.objects.filter(pk=supplement.pk).update(status=PlanStatus.ANNOUNCED,
                                                 announced_on=date(2026, 11, 1))  # fmt: skip
    client.get(url)
    with django_assert_num_queries(8):  # the same with two editions
        html = client.get(url).content.decode()
    assert html.count('data-testid="edition"') == 2


def test_a_published_file_is_never_changed(client, announced, organization):
    client.get(reverse("public:organization", args=[organization.slug]))
    record = PublishedFile.objects.first()
    record.sha256 = "0" * 64
    with pytest.raises(ValueError, match="never changed"):
        record.save()


def test_a_corrected_announcement_publishes_a_new_set_and_keeps_the_first(
    client, announced, organization, executive, django_capture_on_commit_callbacks
):
    url = reverse("public:organization", args=[organization.slug])
    client.get(url)
    first = {f.name: f.sha256 for f in PublishedFile.objects.filter(plan=announced)}
    with django_capture_on_commit_callbacks(execute=True):
        workflow.correct_announcement(announced, by=executive, announced_on=date(2026, 10, 21),
                                      announced_by="นายสมศักดิ์ นำชุมชน นายก อบต.",
                                      reason="วันที่ลงนามจริงคือ 21 ตุลาคม")  # fmt: skip
    html = client.get(url).content.decode()
    assert "ประกาศใช้เมื่อ 21 ตุลาคม 2569" in html
    assert 'data-testid="correction"' in html and "วันที่ลงนามจริงคือ 21 ตุลาคม" in html
    second = PublishedFile.objects.filter(plan=announced, revision=2)
    assert len(second) == len(FILES)
    assert {f.name for f in second} == {
        name.rsplit(".", 1)[0] + "-r2." + name.rsplit(".", 1)[1] for name in first
    }
    # The first set is still there, unchanged, and still downloadable.
    assert {
        f.name: f.sha256 for f in PublishedFile.objects.filter(plan=announced, revision=1)
    } == first
    assert 'data-testid="earlier-files"' in html
    name = next(iter(first))
    response = client.get(reverse("public:download", args=[organization.slug, name]))
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == first[name]
    # The announcement changed; the forms did not.
    by_doc = {(f.document, f.fmt): f.sha256 for f in second}
    old = {
        (f.document, f.fmt): f.sha256
        for f in PublishedFile.objects.filter(plan=announced, revision=1)
    }
    assert by_doc[("announcement", "pdf")] != old[("announcement", "pdf")]
    assert by_doc[("pd02", "xlsx")] == old[("pd02", "xlsx")]
