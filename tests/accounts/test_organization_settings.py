import io
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Department, DepartmentKind, Organization
from accounts.organizations import update_organization

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:organization")
NEW_DEPARTMENT = reverse("accounts:department_create")
NOT_PLANNERS = ["department_staff", "committee_member", "support_member", "executive", "viewer"]


def settings_data(organization, **changes):
    data = {
        "name": organization.name,
        "amphoe": organization.amphoe,
        "province": organization.province,
        "address": organization.address,
        "executive_name": organization.executive_name,
        "thai_digits": "on" if organization.thai_digits else "",
        "amendment_path": organization.amendment_path,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def image_file(name="logo.png", format="PNG", size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{format.lower()}")


def noise_png(width, height):
    """A PNG that does not compress: about 3 bytes per pixel."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


class TestWhoMayChangeSettings:
    def test_the_planner_sees_the_settings_and_the_departments(self, client_for, planner):
        response = client_for(planner).get(SETTINGS)
        assert response.status_code == 200
        html = response.content.decode()
        assert "ตั้งค่า องค์การบริหารส่วนตำบลหนองบัว" in html
        assert "กองสาธารณสุขและสิ่งแวดล้อม" in html
        assert "นายกองค์การบริหารส่วนตำบล" in html

    @pytest.mark.parametrize("persona", NOT_PLANNERS)
    def test_other_roles_are_refused_and_nothing_changes(
        self, request, client_for, persona, organization
    ):
        client = client_for(request.getfixturevalue(persona))
        assert client.get(SETTINGS).status_code == 403
        response = client.post(SETTINGS, settings_data(organization, name="ถูกแก้"))
        assert response.status_code == 403
        assert client.post(NEW_DEPARTMENT, {"department-name": "กองใหม่"}).status_code == 403
        organization.refresh_from_db()
        assert organization.name == "องค์การบริหารส่วนตำบลหนองบัว"
        assert not Department.objects.filter(name="กองใหม่").exists()

    def test_the_navbar_offers_settings_to_planners_only(self, client_for, planner, viewer):
        assert SETTINGS in client_for(planner).get("/").content.decode()
        assert SETTINGS not in client_for(viewer).get("/").content.decode()

    def test_another_organizations_planner_edits_only_their_own(
        self, client_for, other_org_planner, organization, other_organization
    ):
        client = client_for(other_org_planner)
        ours = organization.departments.get(name="กองช่าง")
        url = reverse("accounts:department_edit", args=[ours.pk])
        assert client.get(url).status_code == 404
        response = client.post(url, {"department-name": "ยึด", "department-kind": "internal"})
        assert response.status_code == 404
        ours.refresh_from_db()
        assert ours.name == "กองช่าง"
        html = client.get(SETTINGS).content.decode()
        assert other_organization.name in html
        assert organization.name not in html

    def test_the_write_path_refuses_non_planners_too(self, viewer, organization):
        organization.name = "ถูกแก้"
        with pytest.raises(PermissionDenied):
            update_organization(organization, by=viewer, changed=["name"])
        organization.refresh_from_db()
        assert organization.name == "องค์การบริหารส่วนตำบลหนองบัว"


class TestChangingSettings:
    def test_the_planner_changes_the_executive_and_turns_off_thai_digits(
        self, client_for, planner, organization
    ):
        response = client_for(planner).post(
            SETTINGS,
            settings_data(organization, executive_name="นางสาวใจดี มีสุข", thai_digits=""),
        )
        assert response.status_code == 302
        organization.refresh_from_db()
        assert organization.executive_name == "นางสาวใจดี มีสุข"
        assert organization.thai_digits is False

    def test_slug_and_type_cannot_be_changed_here(self, client_for, planner, organization):
        response = client_for(planner).post(
            SETTINGS, settings_data(organization, slug="stolen", type="pao", address="ที่อยู่ใหม่")
        )
        assert response.status_code == 302
        organization.refresh_from_db()
        assert (organization.slug, organization.type) == ("nongbua", "sao")
        assert organization.address == "ที่อยู่ใหม่"

    def test_a_refused_name_does_not_show_as_if_saved(self, client_for, planner, organization):
        response = client_for(planner).post(SETTINGS, settings_data(organization, name="x" * 300))
        html = response.content.decode()
        assert "ยาวเกิน 200 ตัวอักษร (พิมพ์มา 300 ตัวอักษร)" in html
        assert "ตั้งค่า องค์การบริหารส่วนตำบลหนองบัว" in html

    def test_an_empty_post_is_a_form_with_errors_not_a_silent_page(
        self, client_for, planner, organization
    ):
        response = client_for(planner).post(SETTINGS, {})
        assert "ต้องกรอกช่องนี้" in response.content.decode()

    def test_an_empty_name_is_refused_in_thai_and_nothing_is_saved(
        self, client_for, planner, organization
    ):
        response = client_for(planner).post(
            SETTINGS, settings_data(organization, name="", executive_name="ไม่ควรบันทึก")
        )
        assert response.status_code == 200
        assert "ต้องกรอกช่องนี้" in response.content.decode()
        organization.refresh_from_db()
        assert organization.executive_name == ""

    def test_a_logo_is_uploaded_and_shown(
        self, client_for, planner, organization, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        data = settings_data(organization)
        data["logo"] = image_file()
        response = client_for(planner).post(SETTINGS, data)
        assert response.status_code == 302
        organization.refresh_from_db()
        assert organization.logo.name.startswith("logos/")
        assert (tmp_path / organization.logo.name).exists()
        logo_url = reverse("accounts:organization_logo", args=[organization.pk])
        assert f'src="{logo_url}"' in client_for(planner).get(SETTINGS).content.decode()

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("logo.png", b"not an image"), "กรุณาอัปโหลดไฟล์รูปภาพ"),
            ("gif", "ต้องเป็นไฟล์ PNG หรือ JPEG"),
            ("huge", "ใหญ่เกิน 2 MB"),
        ],
    )
    def test_a_bad_logo_is_refused_in_thai(
        self, client_for, planner, organization, settings, tmp_path, upload, message
    ):
        settings.MEDIA_ROOT = tmp_path
        if upload == "gif":
            upload = image_file("logo.gif", "GIF")
        elif upload == "huge":
            upload = noise_png(1000, 1000)
        data = settings_data(organization)
        data["logo"] = upload
        response = client_for(planner).post(SETTINGS, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        organization.refresh_from_db()
        assert not organization.logo
        assert list(tmp_path.iterdir()) == []


class TestDepartments:
    def test_the_planner_adds_an_outside_agency(self, client_for, planner, organization):
        response = client_for(planner).post(
            NEW_DEPARTMENT,
            {
                "department-name": " อบจ.พะเยา ",
                "department-kind": "external",
                "department-order": 10,
                "department-is_active": "on",
            },
        )
        assert response.status_code == 302
        department = organization.departments.get(name="อบจ.พะเยา")
        assert department.kind == DepartmentKind.EXTERNAL

    def test_a_duplicate_name_is_refused_in_thai(self, client_for, planner, organization):
        count = organization.departments.count()
        response = client_for(planner).post(
            NEW_DEPARTMENT,
            {"department-name": "กองช่าง", "department-kind": "internal", "department-order": 0},
        )
        assert response.status_code == 200
        assert "อปท. นี้มีหน่วยงานชื่อนี้แล้ว" in response.content.decode()
        assert organization.departments.count() == count

    def test_the_planner_renames_and_retires_a_department(self, client_for, planner, organization):
        department = organization.departments.get(name="กองสวัสดิการสังคม")
        response = client_for(planner).post(
            reverse("accounts:department_edit", args=[department.pk]),
            {"department-name": "กองสวัสดิการสังคมและพัฒนาชุมชน", "department-kind": "internal",
             "department-order": 5},
        )  # fmt: skip
        assert response.status_code == 302
        department.refresh_from_db()
        assert department.name == "กองสวัสดิการสังคมและพัฒนาชุมชน"
        assert department.is_active is False

    def test_the_same_department_name_may_exist_in_another_organization(
        self, client_for, other_org_planner, organization
    ):
        response = client_for(other_org_planner).post(
            NEW_DEPARTMENT,
            {"department-name": "กองการศึกษา ศาสนาและวัฒนธรรม", "department-kind": "internal",
             "department-order": 0},
        )  # fmt: skip
        assert response.status_code == 302
        assert (
            Organization.objects.get(slug="nongbua")
            .departments.filter(name="กองการศึกษา ศาสนาและวัฒนธรรม")
            .exists()
        )
