"""Conditional GET, cached bodies and the per-address limit of the open data API; its
guide page."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from api import caching, limits

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(announced):
    return reverse("api:organization_plans", args=[announced.organization.slug])


def test_answers_carry_etag_last_modified_and_may_be_cached_publicly(client, url, settings):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 42
    assert response["Last-Modified"].endswith(" GMT")
    assert response["Cache-Control"] == f"public, max-age={settings.OPPLAN_API_CACHE_SECONDS}"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_matching_etag_or_date_gets_304_without_a_body(client, url):
    first = client.get(url)
    by_tag = client.get(url, headers={"if-none-match": first["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    for response in (by_tag, by_date):
        assert (response.status_code, response.content) == (304, b"")
        assert response["ETag"] == first["ETag"]
    stale = client.get(url, headers={"if-none-match": '"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_the_same_body_keeps_its_etag_and_date_when_built_again(client, url, monkeypatch):
    first = client.get(url)
    later = timezone.now() + timedelta(hours=1)
    monkeypatch.setattr(caching.timezone, "now", lambda: later)
    digest = hashlib.sha256(f"http://testserver{url}".encode()).hexdigest()
    key = caching.BODY_KEY.format(digest=digest)
    assert cache.get(key).etag == first["ETag"]  # the body was kept
    cache.delete(key)  # (as if it had expired)
    again = client.get(url)
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])


def test_a_change_shows_once_the_cached_body_expires(client, url, announced, settings):
    first = client.get(url)
    announced.organization.name = "องค์การบริหารส่วนตำบลหนองบัวใหม่"
    announced.organization.save()
    assert client.get(url).content == first.content  # still the cached body
    settings.OPPLAN_API_CACHE_SECONDS = 0  # (as if its time had passed)
    cache.clear()
    changed = client.get(url)
    assert changed["ETag"] != first["ETag"]
    assert "หนองบัวใหม่" in changed.content.decode()
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_an_address_over_its_limit_is_refused_in_thai_until_the_window_ends(
    client, url, settings, monkeypatch
):
    settings.OPPLAN_API_RATE_LIMIT = 3
    settings.OPPLAN_API_RATE_WINDOW = 60
    monkeypatch.setattr(limits.time, "time", lambda: 1_800_000_010.0)
    statuses = [client.get(url).status_code for _ in range(3)]
    refused = client.get(url)
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    assert refused["Retry-After"] == "50"
    assert json.loads(refused.content) == {
        "detail": "ขอข้อมูลถี่เกินกำหนด: ไม่เกิน 3 ครั้งต่อ 60 วินาทีต่อหนึ่งที่อยู่ IP "
        "กรุณารอ 50 วินาทีแล้วลองใหม่ (หรือใช้ไฟล์ CSV ซึ่งได้ทุกแถวในครั้งเดียว)"
    }
    # Conditional requests, 404s and the OpenAPI document count too.
    assert client.get(url, headers={"if-none-match": '"x"'}).status_code == 429
    assert client.get(reverse("api:plan_projects", args=[999])).status_code == 429
    assert client.get(reverse("api:openapi")).status_code == 429
    # Another address is counted apart; the next window starts afresh.
    assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200
    monkeypatch.setattr(limits.time, "time", lambda: 1_800_000_070.0)
    assert client.get(url).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, url, settings):
    settings.OPPLAN_API_RATE_LIMIT = 1
    settings.OPPLAN_TRUSTED_PROXIES = 1
    assert client.get(url, headers={"x-forwarded-for": "198.51.100.1"}).status_code == 200
    assert client.get(url, headers={"x-forwarded-for": "198.51.100.2"}).status_code == 200
    assert client.get(url, headers={"x-forwarded-for": "198.51.100.1"}).status_code == 429


def test_the_guide_explains_the_api_in_thai_with_curl_on_real_ids(client, announced):
    response = client.get(reverse("api:guide"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ข้อมูลเปิด: แผนการดำเนินงานที่ประกาศใช้แล้ว" in html
    assert f"curl -o plan.csv http://testserver/api/v1/plans/{announced.pk}/projects.csv" in html
    assert "curl http://testserver/api/v1/organizations/nongbua/plans/" in html
    assert "งบประมาณเป็นข้อความ" in html and '<code>"250000.00"</code>' in html
    assert 'href="/api/v1/openapi.json"' in html
    assert " style=" not in html and "<script>" not in html


def test_head_answers_the_headers_of_get_without_the_body(client, url):
    get = client.get(url)
    head = client.head(url)
    assert (head.status_code, head.content) == (200, b"")
    assert (head["ETag"], head["Content-Length"]) == (get["ETag"], str(len(get.content)))
    assert client.head(url, headers={"if-none-match": get["ETag"]}).status_code == 304
    assert client.head(reverse("api:guide")).status_code == 200
    assert client.post(url).status_code == 405


def test_a_bad_query_value_is_named_in_thai(client, announced):
    response = client.get(reverse("api:plan_projects", args=[announced.pk]) + "?scope=all&page=x")
    assert response.status_code == 422
    assert json.loads(response.content) == {
        "detail": "ค่าของ scope ไม่ถูกต้อง: ต้องเป็น edition หรือ consolidated; "
        "ค่าของ page ไม่ถูกต้อง: ต้องเป็นจำนวนเต็มตั้งแต่ 1"
    }
