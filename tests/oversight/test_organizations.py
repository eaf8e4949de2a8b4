"""The province administrator adds organisations (with their type's default departments)
and invites their planning officers; nobody else can, and a refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Organization
from accounts.organizations import create_organization
from tests.oversight.conftest import supervisor

pytestmark = pytest.mark.django_db
NEW = {"name": "องค์การบริหารส่วนตำบลบ้านสาง", "type": "sao", "province": "พะเยา",
       "amphoe": "เมืองพะเยา", "slug": "bansang"}  # fmt: skip


def test_the_province_administrator_adds_an_organisation_with_its_departments(client_for, area):
    response = client_for(area.admin).post(reverse("oversight:organization_create"), NEW)
    organization = Organization.objects.get(slug="bansang")
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:invite_planner", args=[organization.pk])
    assert (organization.name, organization.amphoe, organization.province) == (
        "องค์การบริหารส่วนตำบลบ้านสาง", "เมืองพะเยา", "พะเยา")  # fmt: skip
    assert list(organization.departments.values_list("name", flat=True)) == [
        "สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม",
        "กองสวัสดิการสังคม", "กองสาธารณสุขและสิ่งแวดล้อม",
    ]  # fmt: skip


def test_a_taken_slug_is_named_on_the_form_and_nothing_is_added(client_for, area):
    response = client_for(area.admin).post(
        reverse("oversight:organization_create"), NEW | {"slug": area.on_time.slug}
    )
    assert response.status_code == 200
    assert "มีองค์กรปกครองส่วนท้องถิ่นที่ใช้ชื่อภาษาอังกฤษในลิงก์ (slug)นี้อยู่แล้ว" in response.content.decode()
    assert not Organization.objects.filter(name=NEW["name"]).exists()


def test_a_province_outside_the_administrators_is_refused(client_for, area):
    response = client_for(area.admin).post(
        reverse("oversight:organization_create"), NEW | {"province": "เชียงราย"}
    )
    assert response.status_code == 200
    assert not Organization.objects.filter(slug="bansang").exists()
    with pytest.raises(PermissionDenied):
        create_organization(**NEW | {"province": "เชียงราย"}, by=area.admin)
    assert not Organization.objects.filter(slug="bansang").exists()


@pytest.mark.parametrize("who", ["district", "province", "planner"])
def test_supervisors_and_planners_cannot_add_organisations(client_for, area, who):
    user = getattr(area, who)
    client = client_for(user)
    assert client.get(reverse("oversight:organization_create")).status_code == 403
    assert client.post(reverse("oversight:organization_create"), NEW).status_code == 403
    assert client.get(reverse("oversight:organizations")).status_code == 403
    with pytest.raises(PermissionDenied):
        create_organization(**NEW, by=user)
    assert not Organization.objects.filter(slug="bansang").exists()


def test_an_organisation_of_another_province_is_not_found(client_for, area):
    url = reverse("oversight:invite_planner", args=[area.elsewhere.pk])
    assert client_for(area.admin).get(url).status_code == 404


def test_the_organisations_page_says_which_have_no_planner(client_for, area):
    page = client_for(area.admin).get(reverse("oversight:organizations")).content.decode()
    assert page.count("ยังไม่มี") == 2  # เทศบาลตำบลแม่กา and ดอกคำใต้
    assert "องค์การบริหารส่วนตำบลริมกก" not in page


def test_a_district_supervisor_cannot_be_an_administrator():
    from accounts.models import Supervision

    user = supervisor("พะเยา", username="x")
    with pytest.raises(ValidationError):
        Supervision(
            user=user, province="พะเยา", amphoe="เมือง", can_manage_organizations=True
        ).full_clean()


def test_the_form_preselects_no_type(client_for, area):
    html = client_for(area.admin).get(reverse("oversight:organization_create")).content.decode()
    assert '<option value="" selected>— เลือก —</option>' in html
    response = client_for(area.admin).post(
        reverse("oversight:organization_create"), NEW | {"type": ""}
    )
    assert response.status_code == 200
    assert "กรุณาเลือกประเภท อปท." in response.content.decode()
    assert not Organization.objects.filter(slug="bansang").exists()


@pytest.mark.parametrize(
    ("name", "type", "said", "chosen"),
    [
        ("เทศบาลตำบลทดสอบ", "pao", "“เทศบาลตำบล”", "องค์การบริหารส่วนจังหวัด"),
        ("องค์การบริหารส่วนตำบลบ้านสาง", "town", "“องค์การบริหารส่วนตำบล”", "เทศบาลเมือง"),
        ("อบต.บ้านสาง", "subdistrict_municipality", "“อบต.” (องค์การบริหารส่วนตำบล)", "เทศบาลตำบล"),
    ],
)
def test_a_name_of_another_type_is_refused_naming_both(client_for, area, name, type, said, chosen):
    response = client_for(area.admin).post(
        reverse("oversight:organization_create"), NEW | {"name": name, "type": type}
    )
    assert response.status_code == 200
    message = f"ชื่อ “{name}” ขึ้นต้นด้วย {said} แต่ประเภทที่เลือกคือ{chosen} กรุณาแก้ชื่อหรือประเภทให้ตรงกัน"
    assert response.context["form"].errors["name"] == [message]
    assert not Organization.objects.filter(slug="bansang").exists()
    # The write path refuses it too (commands, the admin, a planner renaming).
    with pytest.raises(ValidationError) as refused:
        create_organization(**NEW | {"name": name, "type": type})
    assert refused.value.message_dict["name"] == [message]
    assert not Organization.objects.filter(slug="bansang").exists()


def test_a_name_of_its_own_type_or_without_one_is_accepted(client_for, area):
    client = client_for(area.admin)
    url = reverse("oversight:organization_create")
    response = client.post(
        url, NEW | {"name": "เทศบาลตำบลทดสอบ", "type": "subdistrict_municipality"}
    )
    assert response.status_code == 302
    response = client.post(url, NEW | {"name": "บ้านสาง", "slug": "bansang2"})
    assert response.status_code == 302
    assert Organization.objects.filter(slug__in=["bansang", "bansang2"]).count() == 2
