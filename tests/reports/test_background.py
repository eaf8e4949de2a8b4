"""Heavy documents are made by the worker while a page waits; nobody waits on a render
in a request, and the same content is never rendered twice at once."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports import background
from reports.documents import DOCUMENTS, pipeline
from reports.models import Render, RenderStatus
from reports.tasks import render_document
from tests.factories import make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.OPPLAN_BACKGROUND_ROWS = 3
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def big(plan):
    strategy = make_strategy(plan.organization)
    for number in range(1, 5):
        make_project(plan, strategy=strategy, name=f"ก่อสร้างถนน หมู่ที่ {number}")
    return plan


def ask(client, plan, capture, name="reports:download", args=("pd02", "pdf")):
    url = reverse(name, args=[plan.pk, *args]) if args else reverse(name, args=[plan.pk])
    with capture(execute=True):
        return client.get(url)


def test_a_large_pdf_waits_for_the_worker_on_a_page_that_says_what_is_made(
    client_for, planner, big, django_capture_on_commit_callbacks, monkeypatch
):
    def no_render(*args, **kwargs):
        raise AssertionError("rendered in the request")

    monkeypatch.setattr("reports.documents.pipeline.render_pdf", no_render)
    client = client_for(planner)
    response = ask(client, big, django_capture_on_commit_callbacks)
    job = Render.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:render", args=[job.pk])
    assert (job.document, job.fmt, job.rows, job.status) == ("pd02", "pdf", 4, "queued")
    page = client.get(response["Location"]).content.decode()
    assert "ผด.02 (PDF)" in page and "รอคิวจัดทำเอกสาร" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    # A second person asking for the same content: the same job, no second task.
    ask(client, big, django_capture_on_commit_callbacks)
    assert Render.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path="reports.tasks.render_document").count() == 1


def test_the_worker_renders_it_and_the_page_offers_the_file(
    client_for, planner, big, django_capture_on_commit_callbacks
):
    client = client_for(planner)
    ask(client, big, django_capture_on_commit_callbacks)
    job = Render.objects.get()
    assert render_document.call(job.pk) == RenderStatus.DONE
    job.refresh_from_db()
    assert job.seconds is not None and job.progress == 100
    page = client.get(reverse("reports:render", args=[job.pk])).content.decode()
    assert "จัดทำเสร็จแล้ว" in page and "refresh" not in page
    response = client.get(reverse("reports:render_file", args=[job.pk]))
    built = pipeline.build(DOCUMENTS["pd02"], big)
    assert b"".join(response.streaming_content) == pipeline.render_bytes(built, "pdf")
    assert response["Content-Disposition"] == 'attachment; filename="pd02-nongbua-2570.pdf"'
    # Asked again, the stored file comes at once.
    again = ask(client, big, django_capture_on_commit_callbacks)
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"
    # The next estimate comes from this render's seconds per project.
    assert background.estimate("pd02", "pdf", 8) == pytest.approx(job.seconds * 2, abs=0.1)


def test_small_files_and_workbooks_are_made_at_once(
    client_for, planner, plan, django_capture_on_commit_callbacks
):
    make_project(plan)
    client = client_for(planner)
    small = ask(client, plan, django_capture_on_commit_callbacks)
    assert small.status_code == 200 and small.content.startswith(b"%PDF")
    for project in range(4):
        make_project(plan, name=f"โครงการ {project}")
    workbook = ask(client, plan, django_capture_on_commit_callbacks, args=("pd02", "xlsx"))
    assert workbook.status_code == 200
    assert not Render.objects.exists()


def test_every_book_is_made_by_the_worker(
    client_for, planner, plan, django_capture_on_commit_callbacks
):
    response = ask(client_for(planner), plan, django_capture_on_commit_callbacks,
                   name="reports:book", args=())  # fmt: skip
    assert response.status_code == 302
    assert Render.objects.get().document == "book"


def test_the_books_waiting_page_counts_the_rows_as_the_plan_page_does(
    client_for, planner, big, django_capture_on_commit_callbacks
):
    """The review: the plan page said "65 โครงการ (ครุภัณฑ์ 6 รายการ)", the book's waiting
    page "59 โครงการ" (its ผด.02 rows only)."""
    make_project(big, name="เครื่องคอมพิวเตอร์", is_equipment=True, equipment_type="ครุภัณฑ์คอมพิวเตอร์")
    client = client_for(planner)
    response = ask(client, big, django_capture_on_commit_callbacks, name="reports:book", args=())
    job = Render.objects.get()
    assert (job.document, job.rows) == ("book", 4)  # what its ผด.02 prints (the estimate's basis)
    page = client.get(response["Location"]).content.decode()
    assert f'data-testid="render-rows">{big.title} · 5 โครงการ (ครุภัณฑ์ 1 รายการ)</p>' in page
    plan_page = client.get(reverse("projects:plan", args=[big.pk])).content.decode()
    assert '<strong data-testid="total-count">5</strong> โครงการ' in plan_page
    assert "(ครุภัณฑ์ 1 รายการ)" in plan_page


def test_a_failure_is_shown_with_a_retry_and_logged(
    client_for, planner, big, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    client = client_for(planner)
    ask(client, big, django_capture_on_commit_callbacks)
    job = Render.objects.get()

    def broken(*args, **kwargs):
        raise OSError("WeasyPrint could not start")

    monkeypatch.setattr("reports.documents.pipeline.render_bytes", broken)
    with pytest.raises(OSError, match="could not start"):
        render_document.call(job.pk)
    assert "could not render document" in caplog.text
    page = client.get(reverse("reports:render", args=[job.pk])).content.decode()
    assert 'data-testid="render-failed"' in page and "ลองจัดทำอีกครั้ง" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:render_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.error) == ("queued", "")
    assert DBTaskResult.objects.filter(task_path="reports.tasks.render_document").count() == 2


def test_a_plan_changed_while_waiting_is_not_printed_as_the_old_content(
    client_for, planner, big, django_capture_on_commit_callbacks
):
    ask(client_for(planner), big, django_capture_on_commit_callbacks)
    job = Render.objects.get()
    make_project(big, name="โครงการเพิ่มระหว่างรอ")
    with pytest.raises(background.ContentChanged):
        render_document.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "แผนมีการแก้ไขระหว่างรอ" in job.error


def test_another_organisations_job_is_a_404(
    client_for, planner, other_org_planner, big, django_capture_on_commit_callbacks
):
    ask(client_for(planner), big, django_capture_on_commit_callbacks)
    job = Render.objects.get()
    other = client_for(other_org_planner)
    for name in ("reports:render", "reports:render_file"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert other.post(reverse("reports:render_retry", args=[job.pk])).status_code == 404


def test_people_asking_for_the_same_uncached_file_at_once_wait_for_one_render(plan, monkeypatch):
    import threading

    from django.core.cache import cache

    make_project(plan)
    built = pipeline.build(DOCUMENTS["pd02"], plan)
    cache.clear()
    renders, started, release = [], threading.Event(), threading.Event()
    original = pipeline.render_bytes

    def slow(*args, **kwargs):
        renders.append(1)
        started.set()
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_bytes", slow)
    results = []

    def ask():  # rendering a built document reads no database: only the cache is shared
        results.append(pipeline.render(built, "xlsx").content)

    first = threading.Thread(target=ask)
    first.start()
    started.wait(10)
    others = [threading.Thread(target=ask) for _ in range(4)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(30)
    assert len(renders) == 1
    assert len(results) == 5 and len(set(results)) == 1
