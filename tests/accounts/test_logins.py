"""Sign-in throttling: per account and per address, a Thai refusal that says when, unlocking,
and a log line for every refused sign-in (accounts/logins.py)."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.logins import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "pass-word-123"  # UserFactory's
OFFICE = "203.0.113.7"


@pytest.fixture
def somsri(db):
    return UserFactory(username="somsri")


def sign_in(username, password, address=OFFICE, client=None):
    client = client or Client()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/"


def fail(times, username="somsri", address=OFFICE):
    """`times` wrong passwords; the last may be the one that locks (429)."""
    for _ in range(times):
        response = sign_in(username, "wrong-password", address)
        assert response.status_code in (200, 429)
    return response


def expected_time(filters):
    """HH:MM of the first whole minute after the lock ends (the last failure + 15 min)."""
    last = AccessAttempt.objects.filter(**filters).latest("attempt_time").attempt_time
    end = timezone.localtime(last + timedelta(minutes=15))
    minute = end.replace(second=0, microsecond=0)
    if minute < end:
        minute += timedelta(minutes=1)
    return f"ลองใหม่ได้หลังเวลา {minute:%H:%M} น."


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(somsri):
    response = fail(4)
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert signed_in(sign_in("somsri", PASSWORD))
    assert not AccessAttempt.objects.filter(username="somsri").exists()


def test_the_fifth_failure_locks_the_account_with_a_thai_message_saying_when(somsri):
    fail(4)
    response = sign_in("somsri", "wrong-password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page
    assert expected_time({"username": "somsri"}) in page
    assert "ติดต่อผู้ดูแลระบบให้ปลดล็อก" in page
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60


def test_during_the_lockout_the_right_password_is_refused_too(somsri):
    fail(5)
    response = sign_in("somsri", PASSWORD)
    assert response.status_code == 429
    assert expected_time({"username": "somsri"}) in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session
    # Tries during the lockout do not move the time the message named.
    assert AccessAttempt.objects.get(username="somsri").failures_since_start == 5


def test_the_account_is_locked_from_every_address(somsri):
    for i in range(5):
        fail(1, address=f"198.51.100.{i + 1}")
    response = sign_in("somsri", PASSWORD, address="192.0.2.99")
    assert response.status_code == 429
    # Another account from those addresses is not affected.
    UserFactory(username="somchai")
    assert signed_in(sign_in("somchai", PASSWORD, address="198.51.100.1"))


def test_an_address_is_locked_after_twenty_failures_whatever_the_usernames(somsri):
    for i in range(19):
        fail(1, username=f"guess{i}")
    assert signed_in(sign_in("somsri", PASSWORD))  # 19: still allowed
    fail(1, username="guess19")
    response = sign_in("somsri", PASSWORD)
    assert response.status_code == 429
    assert expected_time({"ip_address": OFFICE}) in response.content.decode()
    # The same account from another address signs in.
    assert signed_in(sign_in("somsri", PASSWORD, address="192.0.2.10"))


def test_the_lock_ends_after_the_lockout_time(somsri):
    fail(5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert signed_in(sign_in("somsri", PASSWORD))


def test_an_admin_unlocks_an_account_from_the_user_admin(somsri):
    fail(5)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "unlock_sign_in", "_selected_action": [somsri.pk]},
        follow=True,
    )
    assert "ปลดล็อกการเข้าสู่ระบบแล้ว 1 บัญชี" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="somsri").exists()
    assert signed_in(sign_in("somsri", PASSWORD))


def test_an_admin_unlocks_from_the_command_line(somsri):
    fail(5)
    call_command("axes_reset_username", "somsri", stdout=StringIO())
    assert signed_in(sign_in("somsri", PASSWORD))
    for i in range(20):
        fail(1, username=f"guess{i}")
    call_command("axes_reset_ip", OFFICE, stdout=StringIO())
    assert signed_in(sign_in("somsri", PASSWORD))


def test_the_admin_sign_in_is_throttled_with_the_same_message(somsri):
    somsri.is_staff = True
    somsri.save()
    fail(5)
    response = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "somsri", "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 429
    assert expected_time({"username": "somsri"}) in response.content.decode()


def test_every_refused_sign_in_is_logged_and_kept(somsri, caplog):
    caplog.set_level(logging.WARNING, logger="accounts.logins")
    fail(5)
    sign_in("somsri", PASSWORD)
    lines = [r.getMessage() for r in caplog.records if r.name == "accounts.logins"]
    assert lines == [
        *["sign-in refused: username='somsri' address=203.0.113.7 "
          "reason=wrong username or password"] * 4,
        "sign-in refused: username='somsri' address=203.0.113.7 reason=locked out",
        "sign-in refused: username='somsri' address=203.0.113.7 reason=locked out",
    ]  # fmt: skip
    assert AccessFailureLog.objects.filter(username="somsri").count() == 5


class TestClientAddress:
    def request(self, forwarded=None):
        extra = {"REMOTE_ADDR": "10.0.0.2"}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.OPPLAN_TRUSTED_PROXIES = 0
        assert client_address(self.request("198.51.100.9")) == "10.0.0.2"

    def test_behind_one_proxy_its_entry_is_the_client(self, settings):
        settings.OPPLAN_TRUSTED_PROXIES = 1
        # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
        assert client_address(self.request("1.2.3.4, 198.51.100.9")) == "198.51.100.9"

    def test_behind_two_proxies_the_second_from_the_end(self, settings):
        settings.OPPLAN_TRUSTED_PROXIES = 2
        assert client_address(self.request("1.2.3.4, 198.51.100.9, 10.0.0.1")) == "198.51.100.9"

    @pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "1.2.3.4, <script>"])
    def test_a_missing_or_bad_header_falls_back_to_the_connection(self, settings, forwarded):
        settings.OPPLAN_TRUSTED_PROXIES = 1
        assert client_address(self.request(forwarded)) == "10.0.0.2"

    def test_the_lockout_follows_the_forwarded_address(self, settings, somsri):
        settings.OPPLAN_TRUSTED_PROXIES = 1
        for _ in range(5):
            Client().post(LOGIN, {"username": "x", "password": "y"}, REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="198.51.100.9")  # fmt: skip
        assert AccessAttempt.objects.get().ip_address == "198.51.100.9"


def test_the_refusal_names_the_date_when_the_lock_ends_another_day():
    from accounts.logins import lockout_message
    from thai.format import format_date_full

    tomorrow = timezone.localtime() + timedelta(days=1)
    message = lockout_message(tomorrow.replace(hour=8, minute=4, second=30))
    assert f"ลองใหม่ได้หลังเวลา 08:05 น. วันที่ {format_date_full(tomorrow)} " in message
