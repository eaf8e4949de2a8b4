"""Drafts never leave the organisation through the API: not their rows, not their ids.

A draft, an edition in a committee's hands, and a supplementary edition still being
prepared sit beside the announced plan; every endpoint is walked, following every link."""

import json

import pytest
from django.urls import reverse

from approvals import workflow
from projects.models import PlanStatus
from tests.api.conftest import DRAFT_NAME
from tests.factories import make_plan, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(other_organization, other_org_planner):
    plan = make_plan(other_organization, fiscal_year=2570)
    make_project(plan, name=DRAFT_NAME + " (ระหว่างพิจารณา)")
    workflow.perform(plan, "submit", by=other_org_planner)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPPORT_REVIEW
    return plan


@pytest.fixture
def hidden(draft, supplement_draft, in_review):
    return [draft, supplement_draft, in_review]


def walk(client, start):
    """Every API URL reachable from `start` by the links in the bodies: {url: response}."""
    seen, queue = {}, [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response["Content-Type"].startswith("application/json"):
            queue += [
                link.removeprefix("http://testserver")
                for link in links(json.loads(response.content))
            ]
    return seen


def links(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from links(item)
    elif isinstance(value, list):
        for item in value:
            yield from links(item)
    elif isinstance(value, str) and value.startswith("http://testserver/api/"):
        yield value


def test_no_endpoint_shows_a_draft_row_or_id(client, announced, hidden):
    pages = walk(client, reverse("api:organizations"))
    assert len(pages) == 8  # the list, 2 organisations and their plans, the plan's 3 views
    for url, response in pages.items():
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert "ลับในร่างแผน" not in body, url
        if url.endswith("/plans/"):
            ids = [plan["id"] for plan in json.loads(body)["results"]]
            assert ids == ([announced.pk] if "nongbua" in url else []), url
    for plan in hidden:
        assert f"/plans/{plan.pk}/" not in "".join(pages), plan


@pytest.mark.parametrize("view", ["projects", "consolidated", "csv"])
def test_a_draft_id_answers_exactly_like_an_unknown_id(client, announced, hidden, view):
    def get(plan_id):
        if view == "csv":
            return client.get(reverse("api:plan_projects_csv", args=[plan_id]))
        query = "?scope=consolidated" if view == "consolidated" else ""
        return client.get(reverse("api:plan_projects", args=[plan_id]) + query)

    unknown = get(987654)
    assert unknown.status_code == 404
    assert json.loads(unknown.content) == {"detail": "ไม่พบแผนการดำเนินงานที่ประกาศใช้แล้วรหัส 987654"}
    for plan in hidden:
        response = get(plan.pk)
        assert response.status_code == 404
        assert response.content == unknown.content.replace(b"987654", str(plan.pk).encode())
        assert "ETag" not in response  # a refusal is never cached


def test_the_consolidated_plan_leaves_out_the_edition_being_prepared(
    client, announced, supplement_draft
):
    url = reverse("api:plan_projects", args=[announced.pk]) + "?scope=consolidated"
    body = json.loads(client.get(url).content)
    assert body["count"] == 3
    assert {row["plan"] for row in body["results"]} == {announced.pk}
