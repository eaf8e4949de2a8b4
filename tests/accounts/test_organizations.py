import pytest
from django.core.exceptions import ValidationError

from accounts.models import DefaultDepartment, Department, Organization, OrganizationType
from accounts.organizations import create_organization


@pytest.mark.django_db
class TestCreateOrganization:
    def test_a_new_sao_gets_the_six_default_departments_in_order(self):
        organization = create_organization(
            name="องค์การบริหารส่วนตำบลหนองบัว",
            slug="nongbua",
            type=OrganizationType.SAO,
            amphoe="เมือง",
            province="พะเยา",
        )
        assert list(organization.departments.values_list("name", flat=True)) == [
            "สำนักปลัด",
            "กองคลัง",
            "กองช่าง",
            "กองการศึกษา ศาสนาและวัฒนธรรม",
            "กองสวัสดิการสังคม",
            "กองสาธารณสุขและสิ่งแวดล้อม",
        ]

    @pytest.mark.parametrize(
        ("kind", "count", "first"),
        [
            (OrganizationType.PAO, 9, "สำนักปลัดองค์การบริหารส่วนจังหวัด"),
            (OrganizationType.CITY, 9, "สำนักปลัดเทศบาล"),
            (OrganizationType.TOWN, 9, "สำนักปลัดเทศบาล"),
            (OrganizationType.SUBDISTRICT_MUNICIPALITY, 9, "สำนักปลัดเทศบาล"),
        ],
    )
    def test_each_type_gets_its_own_defaults(self, kind, count, first):
        organization = create_organization(
            name="ทดสอบ", slug="t", type=kind, amphoe="เมือง", province="พะเยา"
        )
        names = list(organization.departments.values_list("name", flat=True))
        assert len(names) == count
        assert names[0] == first

    def test_every_type_has_default_departments(self):
        types = set(DefaultDepartment.objects.values_list("organization_type", flat=True))
        assert types == set(OrganizationType.values)

    def test_a_duplicate_slug_is_refused_in_thai_and_creates_nothing(self):
        create_organization(
            name="อบต.หนึ่ง", slug="same", type="sao", amphoe="เมือง", province="พะเยา"
        )
        before = (Organization.objects.count(), Department.objects.count())
        with pytest.raises(ValidationError) as caught:
            create_organization(
                name="อบต.สอง", slug="same", type="sao", amphoe="เมือง", province="พะเยา"
            )
        assert caught.value.message_dict["slug"] == [
            "มีองค์กรปกครองส่วนท้องถิ่นที่ใช้ชื่อภาษาอังกฤษในลิงก์ (slug)นี้อยู่แล้ว"
        ]
        assert (Organization.objects.count(), Department.objects.count()) == before

    def test_an_unknown_type_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            create_organization(
                name="อบต.หนึ่ง", slug="one", type="village", amphoe="เมือง", province="พะเยา"
            )
        assert "type" in caught.value.message_dict
        assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("kind", "title", "short"),
    [
        (OrganizationType.SAO, "นายกองค์การบริหารส่วนตำบล", "อบต."),
        (OrganizationType.SUBDISTRICT_MUNICIPALITY, "นายกเทศมนตรี", "ทต."),
        (OrganizationType.TOWN, "นายกเทศมนตรี", "ทม."),
        (OrganizationType.CITY, "นายกเทศมนตรี", "ทน."),
        (OrganizationType.PAO, "นายกองค์การบริหารส่วนจังหวัด", "อบจ."),
    ],
)
def test_executive_title_and_short_label_follow_the_type(kind, title, short):
    organization = Organization(name="x", type=kind, amphoe="เมือง", province="พะเยา")
    assert organization.executive_title == title
    assert organization.type_short == short
    expected = "จังหวัดพะเยา" if kind == OrganizationType.PAO else "อำเภอเมือง จังหวัดพะเยา"
    assert organization.location == expected


@pytest.mark.django_db
def test_a_pao_needs_no_amphoe_but_others_do():
    pao = create_organization(
        name="องค์การบริหารส่วนจังหวัดพะเยา", slug="pao", type="pao", amphoe="", province="พะเยา"
    )
    assert pao.location == "จังหวัดพะเยา"
    with pytest.raises(ValidationError) as caught:
        create_organization(name="อบต.ก", slug="sao", type="sao", amphoe=" ", province="พะเยา")
    assert caught.value.message_dict["amphoe"] == ["ต้องระบุอำเภอ (เว้นได้เฉพาะ อบจ.)"]


@pytest.mark.parametrize(
    ("kind", "support", "development"),
    [
        (OrganizationType.SAO, "กรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น", "กรรมการพัฒนาท้องถิ่น"),
        (OrganizationType.TOWN, "กรรมการสนับสนุนการจัดทำแผนพัฒนาเทศบาล", "กรรมการพัฒนาเทศบาล"),
    ],
)
def test_committee_roles_are_named_for_the_organization_type(kind, support, development):
    from accounts.models import Role

    organization = Organization(type=kind)
    assert organization.role_label(Role.SUPPORT_COMMITTEE) == support
    assert organization.role_label(Role.DEVELOPMENT_COMMITTEE) == development
    assert organization.role_label(Role.PLANNER) == "นักวิเคราะห์นโยบายและแผน"


@pytest.mark.django_db
def test_a_superuser_adds_an_organization_in_the_admin_with_its_default_departments(client):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/organization/add/",
        {"name": "เทศบาลเมืองพะเยา", "slug": "phayao", "type": "town", "amphoe": "เมือง",
         "province": "พะเยา", "thai_digits": "on", "amendment_path": "executive"},
    )  # fmt: skip
    assert response.status_code == 302
    organization = Organization.objects.get(slug="phayao")
    assert organization.departments.count() == 9
