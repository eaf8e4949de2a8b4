"""Area names are stored bare ("พะเยา", "เมืองพะเยา") however they are typed, so that a
supervisor typed "จังหวัดพะเยา" in the admin sees the province's organisations; the admin
refuses an area with no organisation yet, naming those that have some (docs/adr/0049)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.areas import amphoe_name, province_name
from accounts.models import Organization, Supervision
from tests.factories import UserFactory, make_organization
from tests.oversight.conftest import supervisor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("จังหวัดพะเยา", "พะเยา"), ("จ.พะเยา", "พะเยา"), ("จ. พะเยา", "พะเยา"),
     ("  จังหวัด พะเยา ", "พะเยา"), ("พะเยา", "พะเยา"), ("จันทบุรี", "จันทบุรี"),
     ("จังหวัด", "จังหวัด")],
)  # fmt: skip
def test_a_province_is_stored_without_its_word(typed, stored):
    assert province_name(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("อำเภอเมืองพะเยา", "เมืองพะเยา"), ("อ.เมืองพะเยา", "เมืองพะเยา"), ("อ. ดอกคำใต้", "ดอกคำใต้"),
     ("เมืองพะเยา", "เมืองพะเยา"), ("อ่าวลึก", "อ่าวลึก"), ("", ""),
     ("อำเภอ", "อำเภอ"), ("อ.", "อ.")],
)  # fmt: skip
def test_a_district_is_stored_without_its_word(typed, stored):
    assert amphoe_name(typed) == stored


def test_a_supervision_typed_with_the_words_sees_its_organisations(client_for, area):
    user = supervisor("จังหวัดพะเยา", "อำเภอเมืองพะเยา", username="typed")
    assert Supervision.objects.filter(user=user).values_list("province", "amphoe").get() == (
        "พะเยา", "เมืองพะเยา")  # fmt: skip
    html = client_for(user).get(reverse("oversight:status")).content.decode()
    assert "อำเภอเมืองพะเยา จังหวัดพะเยา" in html
    assert "จังหวัดจังหวัด" not in html and "อำเภออำเภอ" not in html
    assert html.count('data-testid="status-row"') == 3


def test_an_organisation_typed_with_the_words_is_stored_bare(area):
    organization = make_organization(
        "องค์การบริหารส่วนตำบลบ้านสาง", amphoe="อ.เมืองพะเยา", province="จังหวัดพะเยา"
    )
    assert (organization.amphoe, organization.province) == ("เมืองพะเยา", "พะเยา")
    assert organization.location == "อำเภอเมืองพะเยา จังหวัดพะเยา"


def test_the_administrators_form_stores_the_district_bare(client_for, area):
    new = {"name": "องค์การบริหารส่วนตำบลบ้านสาง", "type": "sao", "province": "พะเยา",
           "amphoe": "อำเภอเมืองพะเยา", "slug": "bansang"}  # fmt: skip
    response = client_for(area.admin).post(reverse("oversight:organization_create"), new)
    assert response.status_code == 302
    assert Organization.objects.get(slug="bansang").amphoe == "เมืองพะเยา"
    html = client_for(area.district).get(reverse("oversight:status")).content.decode()
    assert "องค์การบริหารส่วนตำบลบ้านสาง" in html


# --- the admin ---------------------------------------------------------------------------


def _add(admin_client, **fields):
    data = {"user": UserFactory(username="new-supervisor").pk, "province": "", "amphoe": ""}
    data |= fields
    return admin_client.post(reverse("admin:accounts_supervision_add"), data)


def test_the_admin_stores_a_province_typed_with_its_word(admin_client, client_for, area):
    response = _add(admin_client, province="จังหวัดพะเยา")
    assert response.status_code == 302
    supervision = Supervision.objects.get(user__username="new-supervisor")
    assert supervision.province == "พะเยา"
    html = client_for(supervision.user).get(reverse("oversight:status")).content.decode()
    assert html.count('data-testid="status-row"') == 4


def test_the_admin_refuses_a_province_with_no_organisation(admin_client, area):
    response = _add(admin_client, province="จังหวัดพเยา")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["province"]
    assert errors == [
        "ยังไม่มี อปท. ในจังหวัดพเยา ในระบบ กรุณาตรวจการสะกดให้ตรงกับที่ อปท. ใช้ "
        "จังหวัดที่มี อปท. แล้ว: เชียงราย, พะเยา"
    ]
    assert not Supervision.objects.filter(user__username="new-supervisor").exists()


def test_the_admin_refuses_a_district_with_no_organisation(admin_client, area):
    response = _add(admin_client, province="พะเยา", amphoe="อำเภอเมือง")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amphoe"] == [
        "ยังไม่มี อปท. ในอำเภอเมือง จังหวัดพะเยา ในระบบ กรุณาตรวจการสะกดให้ตรงกับที่ อปท. ใช้ "
        "อำเภอของจังหวัดพะเยาที่มี อปท. แล้ว: ดอกคำใต้, เมืองพะเยา"
    ]
    assert not Supervision.objects.filter(user__username="new-supervisor").exists()


def test_the_word_alone_is_no_district_and_never_the_whole_province(admin_client, area):
    # Stripped, "อำเภอ" would be blank: a supervision of the whole province.
    response = _add(admin_client, province="พะเยา", amphoe="อำเภอ")
    assert response.status_code == 200
    assert "ยังไม่มี อปท. ในอำเภออำเภอ" in response.context["adminform"].form.errors["amphoe"][0]
    assert not Supervision.objects.filter(user__username="new-supervisor").exists()


def test_the_admin_says_to_type_the_names_without_their_words(admin_client, area):
    html = admin_client.get(reverse("admin:accounts_supervision_add")).content.decode()
    assert "ไม่ต้องมีคำว่า “จังหวัด”" in html and "ไม่ต้องมีคำว่า “อำเภอ”" in html
    user_page = reverse("admin:accounts_user_change", args=[area.district.pk])
    html = admin_client.get(user_page).content.decode()
    assert 'placeholder="เช่น พะเยา (ไม่ต้องมีคำว่า จังหวัด)"' in html


def test_a_province_administrator_comes_before_the_organisations_with_a_warning(admin_client, area):
    response = _add(admin_client, province="จังหวัดน่าน", can_manage_organizations="on")
    assert response.status_code == 302
    supervision = Supervision.objects.get(user__username="new-supervisor")
    assert (supervision.province, supervision.can_manage_organizations) == ("น่าน", True)
    [warning] = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert "ยังไม่มี อปท. ในจังหวัดน่าน" in str(warning)


def test_an_unchanged_area_is_not_checked_again(admin_client, area):
    """Saving a supervision whose area lost its organisations keeps working."""
    user = supervisor("น่าน", manages=True, username="nan-admin")
    supervision = Supervision.objects.get(user=user)
    url = reverse("admin:accounts_supervision_change", args=[supervision.pk])
    response = admin_client.post(url, {"user": user.pk, "province": "น่าน", "amphoe": ""})
    assert response.status_code == 302
    assert Supervision.objects.get(pk=supervision.pk).can_manage_organizations is False


def test_the_user_page_checks_its_supervisions_too(admin_client, area):
    user = UserFactory(username="inline")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.pop("password", None)
    data |= {"date_joined_0": "2026-11-01", "date_joined_1": "09:00:00",
             "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
             "supervisions-TOTAL_FORMS": "1", "supervisions-INITIAL_FORMS": "0",
             "supervisions-0-province": "จังหวัดพเยา", "supervisions-0-amphoe": ""}  # fmt: skip
    data.pop("date_joined", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "ยังไม่มี อปท. ในจังหวัดพเยา" in response.content.decode()
    assert not Supervision.objects.filter(user=user).exists()
    response = admin_client.post(url, data | {"supervisions-0-province": "จังหวัดพะเยา"})
    assert response.status_code == 302
    assert Supervision.objects.get(user=user).province == "พะเยา"
