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
    assert response.context["token"] is None
    assert not (media / "imports").exists()
    assert not ready.projects.exists()


def test_with_other_errors_a_new_name_says_to_correct_the_file_first(client_for, planner, ready):
    """The review: a row told to tick “สร้างใหม่” where no box was shown (another row was
    wrong, so the file cannot be confirmed), and “หนึ่งแสนบาท” quoted as “หนึ่งแสน”."""
    data = workbook_bytes([HEADER, row("ก", department="กองช่างโยธา"), row("ข", budget="หนึ่งแสนบาท")])
    response = upload(client_for(planner), ready, data)
    html = response.content.decode()
    assert response.context["token"] is None
    assert 'name="create"' not in html
    assert "ติ๊ก “สร้างใหม่” ในหน้าตัวอย่าง" not in html
    assert (
        "แถว 2 คอลัมน์ H (หน่วยงานรับผิดชอบหลัก): ไม่พบหน่วยงาน “กองช่างโยธา” ในระบบ"
        " — แก้ข้อผิดพลาดอื่นในไฟล์แล้วอัปโหลดใหม่ จึงจะเลือกสร้างใหม่ได้"
    ) in html
    assert 'data-testid="new-names-later">ไฟล์นี้ยังมีข้อผิดพลาดอื่น จึงยังเลือกสร้างใหม่ไม่ได้' in html
    assert '<span class="text-secondary">ยังเลือกไม่ได้</span>' in html
    assert "แถว 3 คอลัมน์ E (งบประมาณ (บาท)): งบประมาณ “หนึ่งแสนบาท” ไม่ใช่จำนวนเงิน" in html
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


def confirm(client, plan, token, **fields):
    return client.post(reverse("projects:plan_import", args=[plan.pk]), {"token": token, **fields})


def test_new_names_are_listed_with_a_checkbox_and_created_only_when_ticked(
    client_for, planner, ready, media
):
    organization = ready.organization
    client = client_for(planner)
    data = workbook_bytes(
        [
            HEADER,
            row("ก", department="กองช่างโยธา"),
            row("ข", strategy="4. ยุทธศาสตร์การพัฒนาด้านการท่องเที่ยว", department="อบจ.พะเยา"),
            row("ค", source="งบประมาณ อบจ.พะเยา"),
        ]
    )
    response = upload(client, ready, data)
    html = response.content.decode()
    assert "พร้อมนำเข้า <strong>3</strong> โครงการ" in html
    for key in (
        "department:กองช่างโยธา",
        "department:อบจ.พะเยา",
        "strategy:การพัฒนาด้านการท่องเที่ยว",
        "source:งบประมาณอบจ.พะเยา",
    ):
        assert f'name="create" value="{key}"' in html
    assert '<select class="form-select form-select-sm" name="kind:department:กองช่างโยธา"' in html
    assert html.count('<option value="internal" selected>หน่วยงานภายใน</option>') == 1
    assert html.count('<option value="external" selected>หน่วยงานภายนอก</option>') == 1
    assert "ไม่พบหน่วยงาน “กองช่างโยธา” ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม" in html
    token = response.context["token"]
    before = (organization.departments.count(), organization.strategies.count())
    assert before == (6, 1)

    # Confirmed with one name unticked: nothing is saved, the page asks again.
    response = confirm(
        client,
        ready,
        token,
        create=["department:กองช่างโยธา", "department:อบจ.พะเยา", "source:งบประมาณอบจ.พะเยา"],
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ยังไม่ได้นำเข้าโครงการใด: พบ 1 รายการที่ใช้ชื่อที่ยังไม่มีในระบบ" in html
    assert (
        "แผ่นงาน “ผด.02” แถว 3 คอลัมน์ A (ยุทธศาสตร์): ไม่พบยุทธศาสตร์ที่ 4 “การพัฒนาด้านการท่องเที่ยว”"
        " ในระบบ — ติ๊ก “สร้างใหม่” ในหน้าตัวอย่างถ้าต้องการเพิ่ม"
    ) in html  # fmt: skip
    assert 'name="create" value="strategy:การพัฒนาด้านการท่องเที่ยว" id="new-1">' in html
    assert 'name="create" value="department:กองช่างโยธา" id="new-2" checked>' in html
    assert response.context["token"] == token
    assert (organization.departments.count(), organization.strategies.count()) == before
    assert not organization.budget_sources.exists()
    assert not ready.projects.exists()

    # Everything ticked; อบจ.พะเยา made internal by the select.
    response = confirm(
        client,
        ready,
        token,
        create=[
            "department:กองช่างโยธา",
            "department:อบจ.พะเยา",
            "source:งบประมาณอบจ.พะเยา",
            "strategy:การพัฒนาด้านการท่องเที่ยว",
        ],
        **{"kind:department:อบจ.พะเยา": "internal"},
    )
    assert response.status_code == 302
    assert sorted(
        organization.departments.filter(name__in=["กองช่างโยธา", "อบจ.พะเยา"]).values_list(
            "name", "kind"
        )
    ) == [("กองช่างโยธา", "internal"), ("อบจ.พะเยา", "internal")]
    assert list(organization.strategies.values_list("number", "name")) == [
        (1, "การพัฒนาโครงสร้างพื้นฐาน"),
        (4, "การพัฒนาด้านการท่องเที่ยว"),
    ]
    assert list(organization.budget_sources.values_list("name", "kind")) == [
        ("งบประมาณ อบจ.พะเยา", "other_agency")
    ]
    assert list(
        ready.projects.order_by("pk").values_list("name", "strategy__number", "department__name")
    ) == [("ก", 1, "กองช่างโยธา"), ("ข", 4, "อบจ.พะเยา"), ("ค", 1, "กองช่าง")]
    assert list((media / "imports").iterdir()) == []


def test_a_strategy_numbered_in_the_file_keeps_its_number_when_created(client_for, planner, ready):
    client = client_for(planner)
    data = workbook_bytes([HEADER, row(strategy="ยุทธศาสตร์ที่ 3 ด้านการศึกษา")])
    token = upload(client, ready, data).context["token"]
    assert confirm(client, ready, token, create="strategy:ด้านการศึกษา").status_code == 302
    assert list(ready.organization.strategies.values_list("number", "name")) == [
        (1, "การพัฒนาโครงสร้างพื้นฐาน"),
        (3, "ด้านการศึกษา"),
    ]


def test_with_other_errors_new_names_are_listed_without_checkboxes(client_for, planner, ready):
    data = workbook_bytes([HEADER, row(department="กองช่างโยธา"), row(budget="-1")])
    response = upload(client_for(planner), ready, data)
    html = response.content.decode()
    assert "พบข้อผิดพลาด 2 รายการ" in html
    assert 'data-testid="import-new-names"' in html
    assert 'name="create"' not in html
    assert response.context["token"] is None
    assert ready.organization.departments.count() == 6
