import pytest
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import Role
from tests.factories import make_plan, member

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
DASHBOARD = reverse("projects:dashboard")
SWITCH = reverse("accounts:switch_organization")


class TestLogin:
    def test_the_login_page_is_thai(self, client):
        response = client.get(LOGIN)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="th">' in html
        assert "เข้าสู่ระบบ" in html
        assert "ชื่อผู้ใช้" in html
        assert "รหัสผ่าน" in html

    def test_the_root_sends_anonymous_visitors_to_login(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next=/"

    def test_a_planner_signs_in_and_reaches_the_dashboard(self, client, planner, plan):
        response = client.post(
            LOGIN, {"username": "planner", "password": "pass-word-123"}, follow=True
        )
        assert response.redirect_chain == [(DASHBOARD, 302)]
        assert "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570" in response.content.decode()

    def test_a_wrong_password_shows_a_thai_error_and_signs_nobody_in(self, client, planner):
        response = client.post(LOGIN, {"username": "planner", "password": "wrong"})
        assert response.status_code == 200
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_empty_fields_are_named_in_thai(self, client):
        response = client.post(LOGIN, {"username": "", "password": ""})
        html = response.content.decode()
        assert "กรุณากรอกชื่อผู้ใช้" in html
        assert "กรุณากรอกรหัสผ่าน" in html

    def test_logout_signs_out_and_returns_to_login(self, client_for, planner):
        client = client_for(planner)
        response = client.post(reverse("accounts:logout"))
        assert response.status_code == 302
        assert response["Location"] == LOGIN
        assert client.get(DASHBOARD).status_code == 302


class TestDashboard:
    def test_lists_the_organizations_fiscal_years_newest_first(
        self, client_for, planner, organization
    ):
        make_plan(organization, fiscal_year=2569)
        make_plan(organization, fiscal_year=2570)
        html = client_for(planner).get(DASHBOARD).content.decode()
        assert html.index("ปีงบประมาณ พ.ศ. 2570") < html.index("ปีงบประมาณ พ.ศ. 2569")
        assert "1 ต.ค. 2569 – 30 ก.ย. 2570" in html
        assert organization.name in html

    def test_never_shows_another_organizations_plans(self, client_for, planner, plan, other_plan):
        html = client_for(planner).get(DASHBOARD).content.decode()
        assert "พ.ศ. 2570" in html
        assert "พ.ศ. 2569" not in html
        assert other_plan.organization.name not in html

    def test_a_user_without_any_role_is_told_what_to_do(self, client_for):
        from tests.factories import UserFactory

        html = client_for(UserFactory()).get(DASHBOARD).content.decode()
        assert "ยังไม่มีบทบาทใน อปท. ใด" in html

    def test_queries_do_not_grow_with_the_number_of_plans(
        self, client_for, planner, organization, django_assert_max_num_queries
    ):
        client = client_for(planner)
        make_plan(organization, fiscal_year=2560)
        with django_assert_max_num_queries(50) as few:
            client.get(DASHBOARD)
        for year in range(2561, 2571):
            make_plan(organization, fiscal_year=year)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(DASHBOARD)


class TestOrganizationSwitcher:
    @pytest.fixture
    def two_org_user(self, planner, other_organization):
        member(other_organization, Role.VIEWER, user=planner)
        return planner

    def test_a_member_of_two_organizations_switches_between_them(
        self, client_for, two_org_user, organization, other_organization, plan, other_plan
    ):
        client = client_for(two_org_user)
        html = client.get(DASHBOARD).content.decode()
        assert 'data-testid="organization-switcher"' in html
        response = client.post(SWITCH, {"organization": other_organization.pk})
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == other_organization.pk
        html = client.get(DASHBOARD).content.decode()
        assert "พ.ศ. 2569" in html
        assert "พ.ศ. 2570" not in html

    def test_switching_to_an_organization_one_does_not_belong_to_is_404(
        self, client_for, planner, organization, other_organization
    ):
        client = client_for(planner)
        response = client.post(SWITCH, {"organization": other_organization.pk})
        assert response.status_code == 404
        assert SESSION_KEY not in client.session

    @pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999"])
    def test_junk_is_404_not_500(self, client_for, planner, value):
        assert client_for(planner).post(SWITCH, {"organization": value}).status_code == 404

    def test_switching_needs_post(self, client_for, planner, organization):
        response = client_for(planner).get(SWITCH, {"organization": organization.pk})
        assert response.status_code == 405

    def test_a_stale_choice_in_the_session_falls_back_to_an_organization_of_the_user(
        self, client_for, planner, organization, other_organization
    ):
        client = client_for(planner)
        session = client.session
        session[SESSION_KEY] = other_organization.pk
        session.save()
        html = client.get(DASHBOARD).content.decode()
        assert organization.name in html
        assert other_organization.name not in html

    def test_the_next_url_must_stay_on_this_site(
        self, client_for, two_org_user, other_organization
    ):
        response = client_for(two_org_user).post(
            SWITCH, {"organization": other_organization.pk, "next": "https://evil.example/"}
        )
        assert response["Location"] == DASHBOARD


def test_a_missing_page_is_a_thai_404(client_for, planner):
    response = client_for(planner).get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
