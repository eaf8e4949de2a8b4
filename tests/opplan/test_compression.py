"""HTML pages are gzipped with Django's BREACH mitigation; files pass as they are (ADR 0021)."""

import gzip
import re

import pytest
from django.urls import reverse

from tests.factories import make_project

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_the_plan_page_is_gzipped_for_browsers_that_ask(client_for, planner, plan):
    make_project(plan, name="ถนนสายหนองบัว")
    client = client_for(planner)
    url = reverse("projects:plan", args=[plan.pk])
    response = client.get(url, **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert response.content[3] & gzip.FNAME  # Django's random-length padding is on
    html = gzip.decompress(response.content).decode()
    assert "ถนนสายหนองบัว" in html
    assert "Content-Encoding" not in client.get(url)  # a client that did not ask


def test_the_csrf_token_is_masked_afresh_in_every_response(client_for, planner, plan):
    """What makes compressing pages with forms safe: the secret never appears as it is, and
    its masked form changes with every response, so a reflected search term cannot be
    matched against it by watching compressed sizes."""
    make_project(plan)
    client = client_for(planner)
    url = reverse("projects:plan", args=[plan.pk])
    pattern = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    first = client.get(url, {"q": "ถนน"})
    second = client.get(url, {"q": "ถนน"})
    tokens = [set(re.findall(pattern, r.content.decode())) for r in (first, second)]
    assert all(tokens) and not tokens[0] & tokens[1]
    secret = client.cookies["csrftoken"].value
    assert secret not in first.content.decode() + second.content.decode()


def test_files_are_not_compressed_again(client_for, planner, plan):
    make_project(plan)
    response = client_for(planner).get(reverse("projects:plan_export", args=[plan.pk]), **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert response.getvalue()[:2] == b"PK"  # the XLSX (a zip) as it is
