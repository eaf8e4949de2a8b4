"""The API against its own OpenAPI document: every documented path answers every
documented status, with the documented content type and shape (jsonschema)."""

import json

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def check_shape(document, schema, body):
    """Validate `body` against `schema`, its $refs resolved in the document's components."""
    validator = Draft202012Validator({**schema, "components": document["components"]})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == []


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def url_for(path, operation, values, query=None):
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(values[parameter["name"]]))
    if query:
        path += "?" + query
    return path


def queries(operation):
    """Every documented value of every query parameter (its default, then each enum)."""
    yield None
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query":
            for value in parameter["schema"].get("enum", []):
                yield f"{parameter['name']}={value}"


def test_the_document_is_openapi_3_and_names_every_operation(document):
    assert document["openapi"].startswith("3.")
    assert sorted(document["paths"]) == [
        "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/organizations/{slug}/plans/",
        "/api/v1/plans/{plan_id}/projects.csv",
        "/api/v1/plans/{plan_id}/projects/",
    ]
    for _, method, operation in operations(document):
        assert method == "get"
        assert {"200", "304", "404", "429"} <= set(operation["responses"])


def test_every_documented_path_answers_200_in_the_documented_shape(client, document, announced):
    values = {"slug": announced.organization.slug, "plan_id": announced.pk}
    checked = 0
    for path, _, operation in operations(document):
        documented = operation["responses"]["200"]["content"]
        for query in queries(operation):
            response = client.get(url_for(path, operation, values, query))
            assert response.status_code == 200, (path, query)
            content_type = response["Content-Type"].split(";")[0]
            assert content_type in documented, (path, content_type)
            if content_type == "application/json":
                check_shape(
                    document, documented[content_type]["schema"], json.loads(response.content)
                )
            else:
                assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
            checked += 1
    assert checked == 9  # 5 paths; on two of them also scope=edition and scope=consolidated


def test_every_documented_error_answers_in_the_documented_shape(client, document, announced, draft):
    unknown = {"slug": "no-such-organization", "plan_id": draft.pk}
    for path, _, operation in operations(document):
        responses = operation["responses"]
        has_path_parameter = "{" in path
        cases = []
        if has_path_parameter:
            cases.append((404, url_for(path, operation, unknown)))
        if "422" in responses:
            cases.append((422, url_for(path, operation, unknown, "scope=everything&page=0")
                          .replace(str(draft.pk), str(announced.pk))))  # fmt: skip
        for status, url in cases:
            response = client.get(url)
            assert response.status_code == status, url
            schema = responses[str(status)]["content"]["application/json"]["schema"]
            body = json.loads(response.content)
            check_shape(document, schema, body)
            assert body["detail"] and body["detail"].isascii() is False  # Thai


def test_every_documented_path_answers_304_and_429_as_documented(
    client, document, announced, settings
):
    values = {"slug": announced.organization.slug, "plan_id": announced.pk}
    for path, _, operation in operations(document):
        url = url_for(path, operation, values)
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert (again.status_code, again.content) == (304, b""), path
    settings.OPPLAN_API_RATE_LIMIT = 1
    for index, (path, _, operation) in enumerate(operations(document)):
        address = f"10.0.0.{index + 1}"
        url = url_for(path, operation, values)
        assert client.get(url, REMOTE_ADDR=address).status_code == 200
        refused = client.get(url, REMOTE_ADDR=address)
        assert refused.status_code == 429, path
        schema = operation["responses"]["429"]["content"]["application/json"]["schema"]
        check_shape(document, schema, json.loads(refused.content))
