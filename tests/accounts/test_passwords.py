"""Passwords: reset by e-mail, the admin-issued one-time password that must be replaced,
the change page, the rules in Thai (accounts/passwords.py and its views)."""

import re
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accounts.models import Role
from accounts.passwords import generate_password
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
CHANGE = "/accounts/password/change/"
NEW = "ตั้งใหม่-Phayao-2569"


@pytest.fixture
def somsri(organization):
    return member(organization, Role.PLANNER, username="somsri", email="somsri@example.go.th",
                  first_name="สมศรี", last_name="วางแผนดี")  # fmt: skip


def sign_in(client, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="192.0.2.1"
    )


def reset_link(message):
    return re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)[1]


class TestResetByEmail:
    def test_the_login_page_links_to_it(self, client):
        page = client.get("/accounts/login/").content.decode()
        assert f'<a href="{RESET}">ลืมรหัสผ่าน</a>' in page

    def test_a_known_address_gets_a_thai_email_with_a_link_that_sets_the_password(
        self, client, somsri
    ):
        response = client.post(RESET, {"email": "SomSri@example.go.th"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/reset/sent/"
        assert "ตรวจสอบอีเมลของคุณ" in client.get(response["Location"]).content.decode()
        [message] = mail.outbox
        assert message.to == ["somsri@example.go.th"]
        assert message.subject == "ตั้งรหัสผ่านใหม่ OpPlan"
        assert "เรียน สมศรี วางแผนดี" in message.body
        assert "ชื่อผู้ใช้ somsri" in message.body
        assert "ใช้ได้ครั้งเดียวภายใน 24 ชั่วโมง" in message.body

        form_page = client.get(reset_link(message), follow=True)
        assert "ตั้งรหัสผ่านใหม่" in form_page.content.decode()
        done = client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": NEW, "new_password2": NEW},
            follow=True,
        )
        assert "ตั้งรหัสผ่านใหม่แล้ว เข้าสู่ระบบด้วยรหัสผ่านใหม่ได้เลย" in done.content.decode()
        somsri.refresh_from_db()
        assert somsri.check_password(NEW)
        # The link works once.
        again = client.get(reset_link(message), follow=True).content.decode()
        assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in again

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self, client, somsri):
        response = client.post(RESET, {"email": "nobody@example.go.th"})
        assert response["Location"] == "/accounts/password/reset/sent/"
        assert mail.outbox == []

    def test_a_bad_address_is_refused_in_thai(self, client):
        page = client.post(RESET, {"email": "not-an-address"}).content.decode()
        assert "รูปแบบอีเมลไม่ถูกต้อง" in page

    def test_the_new_password_must_follow_the_rules_in_thai(self, client, somsri):
        client.post(RESET, {"email": "somsri@example.go.th"})
        form_page = client.get(reset_link(mail.outbox[0]), follow=True)
        url = form_page.redirect_chain[-1][0]
        page = client.post(url, {"new_password1": "12345", "new_password2": "12345"})
        text = page.content.decode()
        assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร" in text
        assert "รหัสผ่านเป็นตัวเลขล้วน ต้องมีตัวอักษรด้วย" in text
        page = client.post(url, {"new_password1": NEW, "new_password2": NEW + "x"})
        assert "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน" in page.content.decode()
        somsri.refresh_from_db()
        assert somsri.check_password("pass-word-123")

    def test_a_reset_lifts_the_accounts_sign_in_lock(self, client, somsri):
        for _ in range(5):
            sign_in(Client(), "somsri", "wrong")
        assert AccessAttempt.objects.filter(username="somsri").exists()
        client.post(RESET, {"email": "somsri@example.go.th"})
        form_page = client.get(reset_link(mail.outbox[0]), follow=True)
        client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
        assert sign_in(Client(), "somsri", NEW).status_code == 302


class TestOneTimePassword:
    def test_the_command_prints_a_password_that_must_be_replaced_at_sign_in(self, somsri):
        out, err = StringIO(), StringIO()
        call_command("issue_password", "somsri", stdout=out, stderr=err)
        password = out.getvalue().strip()
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
        assert "แสดงครั้งเดียว" in err.getvalue()
        somsri.refresh_from_db()
        assert somsri.must_change_password and somsri.check_password(password)

        client = Client()
        assert sign_in(client, "somsri", password)["Location"] == "/"
        # Every page leads to the change page until the password is changed.
        for path in ("/", "/accounts/organization/", "/admin/"):
            response = client.get(path)
            assert (path, response.status_code, response["Location"]) == (path, 302, CHANGE)
        page = client.get(CHANGE).content.decode()
        assert "บัญชีนี้ใช้รหัสผ่านชั่วคราวที่ผู้ดูแลระบบออกให้" in page
        response = client.post(CHANGE, {"old_password": password, "new_password1": NEW,
                                        "new_password2": NEW})  # fmt: skip
        assert response["Location"] == "/"
        assert client.get("/").status_code == 200  # still signed in, free to work
        somsri.refresh_from_db()
        assert not somsri.must_change_password and somsri.check_password(NEW)

    def test_signing_out_still_works_before_the_change(self, somsri):
        call_command("issue_password", "somsri", stdout=StringIO(), stderr=StringIO())
        somsri.refresh_from_db()
        client = Client()
        client.force_login(somsri)
        assert client.get("/")["Location"] == CHANGE
        assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"

    def test_issuing_ends_the_accounts_sessions_and_lifts_its_lock(self, somsri):
        client = Client()
        client.force_login(somsri)
        for _ in range(5):
            sign_in(Client(), "somsri", "wrong")
        call_command("issue_password", "somsri", stdout=StringIO(), stderr=StringIO())
        assert client.get("/")["Location"].startswith("/accounts/login/")
        assert not AccessAttempt.objects.filter(username="somsri").exists()

    @pytest.mark.parametrize(("username", "message"), [("ghost", "ไม่พบผู้ใช้ชื่อ “ghost”"),
                                                       ("retired", "ถูกปิดใช้งานอยู่")])  # fmt: skip
    def test_the_command_names_a_missing_or_inactive_account(self, username, message):
        UserFactory(username="retired", is_active=False)
        with pytest.raises(CommandError, match=message):
            call_command("issue_password", username, stdout=StringIO(), stderr=StringIO())

    def test_the_admin_action_shows_each_password_once(self, somsri):
        other = UserFactory(username="dang")
        admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
        client = Client()
        client.force_login(admin)
        response = client.post(
            "/admin/accounts/user/",
            {"action": "issue_one_time_passwords", "_selected_action": [somsri.pk, other.pk]},
        )
        page = response.content.decode()
        assert "รหัสผ่านเหล่านี้แสดงครั้งเดียว" in page
        shown = re.findall(r'data-testid="one-time-password">([^<]+)<', page)
        assert len(shown) == 2
        assert "no-store" in response["Cache-Control"]
        for user, password in zip([other, somsri], shown, strict=True):  # by username
            user.refresh_from_db()
            assert user.must_change_password and user.check_password(password)

    def test_generated_passwords_pass_the_rules(self, somsri):
        for _ in range(20):
            password_validation.validate_password(generate_password(), somsri)


class TestChange:
    def test_the_navbar_links_to_it_and_the_current_password_is_asked(self, somsri):
        client = Client()
        client.force_login(somsri)
        assert f'href="{CHANGE}">เปลี่ยนรหัสผ่าน</a>' in client.get("/").content.decode()
        page = client.post(CHANGE, {"old_password": "wrong", "new_password1": NEW,
                                    "new_password2": NEW}).content.decode()  # fmt: skip
        assert "รหัสผ่านปัจจุบันไม่ถูกต้อง" in page
        response = client.post(CHANGE, {"old_password": "pass-word-123", "new_password1": NEW,
                                        "new_password2": NEW}, follow=True)  # fmt: skip
        assert "เปลี่ยนรหัสผ่านแล้ว" in response.content.decode()
        somsri.refresh_from_db()
        assert somsri.check_password(NEW)

    def test_a_password_like_the_accounts_name_is_refused_in_thai(self, somsri):
        with pytest.raises(ValidationError) as caught:
            password_validation.validate_password("somsri123", somsri)
        assert "รหัสผ่านคล้ายชื่อผู้ใช้มากเกินไป" in caught.value.messages
        with pytest.raises(ValidationError) as caught:
            password_validation.validate_password("password1", somsri)
        assert caught.value.messages == ["รหัสผ่านนี้มีคนใช้กันมาก เดาได้ง่าย"]
