"""Every document of an edition not yet announced says "ร่าง" on every page (ADR 0018)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.editions import create_edition
from projects.models import PlanKind
from reports.builders import build_pd02
from reports.documents import DOCUMENTS, pipeline
from tests.factories import make_project
from tests.printing import html_of

pytestmark = pytest.mark.django_db

WATERMARK = '<div class="watermark" aria-hidden="true">ร่าง</div>'


@pytest.fixture
def filled(plan):
    make_project(plan)
    make_project(plan, name="โต๊ะทำงาน", is_equipment=True, equipment_type="ครุภัณฑ์สำนักงาน")
    return plan


def workbook(plan, form) -> bytes:
    return pipeline.render_bytes(pipeline.build(DOCUMENTS[form], plan), pipeline.XLSX)


@pytest.mark.parametrize("form", ["pd01", "pd02", "pd02_1"])
def test_a_drafts_pdf_has_the_watermark_and_an_announced_one_has_not(filled, announce, form):
    html = pipeline.render_html(pipeline.build(DOCUMENTS[form], filled))
    assert WATERMARK in html
    announce(filled)
    html = pipeline.render_html(pipeline.build(DOCUMENTS[form], filled))
    assert 'class="watermark"' not in html and "ร่าง" not in html


@pytest.mark.parametrize("form", ["pd01", "pd02", "pd02_1"])
def test_a_drafts_workbook_says_so_in_its_title_and_page_header(filled, announce, form):
    ws = load_workbook(io.BytesIO(workbook(filled, form))).active
    assert ws.oddHeader.center.text == "ร่าง"
    assert ws["A2"].value.startswith("ร่าง — บัญชี")
    announce(filled)
    ws = load_workbook(io.BytesIO(workbook(filled, form))).active
    assert ws.oddHeader.center.text is None
    assert not any("ร่าง" in str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_a_next_edition_is_a_draft_until_it_is_announced(filled, announce, planner):
    announce(filled)
    supplement = create_edition(filled.organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
    make_project(supplement, name="ขุดลอกคลอง")
    assert build_pd02(supplement).header.is_draft
    assert WATERMARK in html_of(build_pd02(supplement), "pd02")
    announce(supplement)
    assert not build_pd02(supplement).header.is_draft


def test_the_consolidated_plan_is_marked_only_when_an_edition_in_it_is_not_announced(
    filled, announce
):
    # Today it holds announced editions only (projects.editions.in_force).
    announce(filled)
    assert not build_pd02(filled, consolidated=True).header.is_draft
    assert build_pd02(filled, consolidated=True).count == 1


def test_the_in_app_page_shows_a_draft_badge(client_for, viewer, filled, announce):
    url = reverse("reports:form", args=[filled.pk, "pd02"])
    assert 'data-testid="draft-badge"' in client_for(viewer).get(url).content.decode()
    announce(filled)
    assert 'data-testid="draft-badge"' not in client_for(viewer).get(url).content.decode()
