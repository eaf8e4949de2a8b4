"""The admin pages the README sends people to (users, supervisions, ITA codes, report
wording) speak Thai: Django's Thai leaves them partly English, locale/th fills the gaps
and opplan/apps.py names the third-party apps."""

import json
import re

import pytest
from django.test import Client

from tests.factories import UserFactory
from worker import periodic

pytestmark = pytest.mark.django_db

ENGLISH = [
    "After you’ve created a user",
    "Required. 150 characters or fewer",
    "Password-based authentication",
    "Whether the user will be able to authenticate",
    "Enabled",
    "Disabled",
    "Start typing to filter",
    "Axes",
    "Tasks Database Backend",
    "Task Results",
    "Skip to main content",
    "Toggle theme",
    "Model name",
]


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def without_scripts(response):
    """The page as read or heard: its text and its attributes (placeholders, labels)."""
    return re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.DOTALL)


def visible_text(response):
    return re.sub(r"<[^>]+>", " ", without_scripts(response))


@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/add/"])
def test_the_admin_index_and_the_user_add_page_have_no_english(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    page = without_scripts(response)
    assert [words for words in ENGLISH if words in page] == []
    assert "การเข้าสู่ระบบ" in page and "คิวงานเบื้องหลัง" in page


def test_the_user_add_page_explains_itself_in_thai(admin_client):
    page = without_scripts(admin_client.get("/admin/accounts/user/add/"))
    assert "เข้าสู่ระบบด้วยรหัสผ่าน" in page
    assert "ต้องกรอก ยาวไม่เกิน 150 ตัวอักษร" in page
    assert 'placeholder="พิมพ์เพื่อค้นหาเมนู…"' in page


def test_adding_a_user_is_confirmed_in_thai(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"username": "province", "usable_password": "true",
         "password1": "Kx8!mq2-vbn", "password2": "Kx8!mq2-vbn", "_continue": "1",
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
         "supervisions-TOTAL_FORMS": "0", "supervisions-INITIAL_FORMS": "0"},
        follow=True,
    )  # fmt: skip
    messages = [re.sub(r"<[^>]+>", "", str(message)) for message in response.context["messages"]]
    assert messages == ["เพิ่มผู้ใช้ “province” แล้ว แก้ไขต่อได้ด้านล่าง"]


def test_permissions_are_named_in_thai_on_the_user_page(admin_client):
    user = UserFactory(username="somsri")
    text = visible_text(admin_client.get(f"/admin/accounts/user/{user.pk}/change/"))
    assert "การเข้าสู่ระบบ | ดูประวัติการเข้าสู่ระบบ" in text
    assert "Can view" not in text and "Can add" not in text


def test_the_task_queue_page_has_thai_headings(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    periodic.queue_due()  # a queued task, so that the list has rows and headings
    text = visible_text(admin_client.get("/admin/django_tasks_database/dbtaskresult/"))
    assert "remove_stale_previews" in text
    assert "เข้าคิวเมื่อ" in text and "รอทำ" in text
    assert "Task name" not in text and "Enqueued at" not in text and "Ready" not in text


def test_the_admin_scripts_speak_thai(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.DOTALL)[1])
    assert catalogue["Choose all %s"] == "เลือก%sทั้งหมด"
    assert catalogue["abbrev. month January\x04Jan"] == "ม.ค."
