"""An organisation's announced editions: ids, kinds, dates, posting, the record's digest
and the published files with absolute links."""

import json
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from public.models import PublishedFile
from tests.factories import make_posting_record

pytestmark = pytest.mark.django_db


def publish_file(plan, document, fmt, revision=1):
    name = f"{document}-nongbua-2570{'' if revision == 1 else f'-r{revision}'}.{fmt}"
    record = PublishedFile(plan=plan, document=document, fmt=fmt, name=name, revision=revision,
                           content_type="application/pdf", size=5, sha256="a" * 64)  # fmt: skip
    record.file.save(name, ContentFile(b"%PDF-"), save=False)
    record.save()
    return record


def test_an_edition_lists_its_record_posting_and_files(client, announced, draft):
    publish_file(announced, "pd02", "pdf")
    make_posting_record(announced, place_detail="บอร์ดหน้าที่ทำการ", starts_on=date(2026, 10, 21))
    response = client.get(reverse("api:organization_plans", args=["nongbua"]))
    body = json.loads(response.content)
    assert body["organization"]["slug"] == "nongbua"
    (edition,) = body["results"]
    assert edition == {
        "id": announced.pk,
        "title": "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570",
        "organization": "nongbua",
        "fiscal_year": 2570,
        "kind": "original",
        "kind_label": "แผนการดำเนินงาน",
        "number": 0,
        "status": "announced",
        "announced_on": "2026-10-20",
        "posting_started_on": None,
        "postings": [{"place": "notice_board", "place_label": "บอร์ดประชาสัมพันธ์ / ป้ายประกาศของ อปท.",
                      "detail": "บอร์ดหน้าที่ทำการ", "url": "", "starts_on": "2026-10-21",
                      "ends_on": "2026-11-20"}],
        "snapshot": {"sha256": announced.snapshots.get().sha256, "revision": 1},
        "files": [{"document": "pd02", "format": "pdf", "label": edition["files"][0]["label"],
                   "name": "pd02-nongbua-2570.pdf", "size": 5, "sha256": "a" * 64, "revision": 1,
                   "url": "http://testserver/p/nongbua/files/pd02-nongbua-2570.pdf"}],
        "earlier_files": [],
        "projects_url": f"http://testserver/api/v1/plans/{announced.pk}/projects/",
        "projects_csv_url": f"http://testserver/api/v1/plans/{announced.pk}/projects.csv",
        "consolidated_url": f"http://testserver/api/v1/plans/{announced.pk}/projects/?scope=consolidated",
    }  # fmt: skip
    assert edition["files"][0]["label"].startswith("แบบ ผด.02")
    # The link downloads the file without signing in.
    download = client.get(edition["files"][0]["url"].removeprefix("http://testserver"))
    assert download.status_code == 200


def test_files_of_a_corrected_announcement_are_listed_apart(client, announced):
    from approvals.models import Decision
    from approvals.snapshots import revise_snapshot

    decision = Decision.objects.create(plan=announced, action="correct_announcement",
                                       from_status="announced", to_status="announced",
                                       actor_name="นายก", occurred_on=date(2026, 10, 25),
                                       note="แก้ไขวันที่ประกาศ")  # fmt: skip
    publish_file(announced, "pd02", "pdf")
    revised = revise_snapshot(announced, decision)
    publish_file(announced, "pd02", "pdf", revision=2)
    (edition,) = json.loads(
        client.get(reverse("api:organization_plans", args=["nongbua"])).content
    )["results"]
    assert edition["snapshot"] == {"sha256": revised.sha256, "revision": 2}
    assert [f["name"] for f in edition["files"]] == ["pd02-nongbua-2570-r2.pdf"]
    assert [f["name"] for f in edition["earlier_files"]] == ["pd02-nongbua-2570.pdf"]


def test_an_unknown_organisation_is_404_in_thai(client):
    response = client.get(reverse("api:organization", args=["no-such-org"]))
    assert (response.status_code, json.loads(response.content)) == (
        404,
        {"detail": "ไม่พบ อปท. รหัส “no-such-org”"},
    )
