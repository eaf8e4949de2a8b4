"""The spreadsheet pages: export download, and upload → preview → confirm."""

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.import_views import TOKEN_SALT
from tests.factories import make_plan, make_project, make_strategy
from tests.projects.test_imports import HEADER, row, workbook_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def ready(plan):
    make_strategy(plan.organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    return plan


def upload(client, plan, data, **options):
    payload = {"file": SimpleUploadedFile("plan.xlsx", data, content_type=XLSX)}
    payload.update({k: "on" for k, v in options.items() if v})
    return client.post(reverse("projects:plan_import", args=[plan.pk]), payload)


def test_export_downloads_a_named_workbook(client_for, viewer, plan):
    make_project(plan)
    response = client_for(viewer).get(reverse("projects:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="projects-nongbua-2570.xlsx"' in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_upload_shows_a_preview_and_saves_nothing_until_confirmed(
    client_for, planner, ready, media
):
    client = client_for(planner)
    response = upload(client, ready, workbook_bytes([HEADER, row("ก"), row("ข", 250)]))
    html = response.content.decode()
    assert "พร้อมนำเข้า <strong>2</strong> โครงการ" in html
    assert not ready.projects.exists()
    token = response.context["token"]
    assert len(list((media / "imports").iterdir())) == 1
    response = client.post(reverse("projects:plan_import", args=[ready.pk]), {"token": token})
    assert response.status_code == 302
    assert list(ready.projects.order_by("order").values_list("name", flat=True)) == ["ก", "ข"]
    assert list((media / "imports").iterdir()) == []


def test_a_bad_row_is_named_and_no_confirm_is_offered(client_for, planner, ready, media):
    response = upload(client_for(planner), ready, workbook_bytes([HEADER, row(), row(budget="-1")]))
    html = response.content.decode()
    assert "แถว 3 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณต้องไม่ติดลบ" in html
    assert "token" not in response.context
    assert not (media / "imports").exists()
    assert not ready.projects.exists()


def test_not_an_excel_file(client_for, planner, ready):
    response = upload(client_for(planner), ready, b"hello")
    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel" in response.content.decode()


def test_a_tampered_token_imports_nothing(client_for, planner, ready):
    response = client_for(planner).post(
        reverse("projects:plan_import", args=[ready.pk]), {"token": "forged"}, follow=True
    )
    assert "หน้าตัวอย่างหมดอายุแล้ว" in response.content.decode()
    assert not ready.projects.exists()


def test_a_token_for_another_plan_or_user_is_refused(client_for, planner, ready, organization):
    from accounts.models import Role
    from tests.factories import member

    client = client_for(planner)
    token = upload(client, ready, workbook_bytes([HEADER, row()])).context["token"]
    other_plan = make_plan(organization, fiscal_year=2571)
    url = reverse("projects:plan_import", args=[other_plan.pk])
    assert client.post(url, {"token": token}).status_code == 403
    second_planner = member(organization, Role.PLANNER, username="planner2")
    url = reverse("projects:plan_import", args=[ready.pk])
    assert client_for(second_planner).post(url, {"token": token}).status_code == 403
    assert not ready.projects.exists()
    assert not other_plan.projects.exists()


def test_a_token_naming_a_file_outside_the_upload_folder_is_refused(client_for, planner, ready):
    token = signing.dumps(
        {"plan": ready.pk, "user": planner.pk, "file": "../../etc/passwd",
         "create_strategies": False, "replace": False},
        salt=TOKEN_SALT,
    )  # fmt: skip
    response = client_for(planner).post(
        reverse("projects:plan_import", args=[ready.pk]), {"token": token}, follow=True
    )
    assert "ไม่พบไฟล์ที่อัปโหลดไว้" in response.content.decode()


@pytest.mark.parametrize("persona", ["department_staff", "committee_member", "viewer"])
def test_only_planners_reach_the_import_page(request, client_for, persona, ready):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("projects:plan_import", args=[ready.pk])).status_code == 403
    assert upload(client, ready, workbook_bytes([HEADER, row()])).status_code == 403
    assert not ready.projects.exists()
