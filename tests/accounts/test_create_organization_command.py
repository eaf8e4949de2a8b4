import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Department, Organization

pytestmark = pytest.mark.django_db

ARGS = ["--name", "เทศบาลตำบลแม่ใจ", "--amphoe", "แม่ใจ", "--province", "พะเยา"]


def create(*args):
    out = StringIO()
    call_command("create_organization", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("type_", ["subdistrict_municipality", "ทต.", "ทต", "เทศบาลตำบล"])
def test_creates_the_organization_and_prints_its_id(type_):
    output = create("--slug", "maechai", "--type", type_, *ARGS)
    organization = Organization.objects.get(slug="maechai")
    assert output.strip() == str(organization.pk)
    assert organization.type == "subdistrict_municipality"
    assert organization.executive_title == "นายกเทศมนตรี"
    assert organization.departments.count() == 9


def test_a_duplicate_slug_exits_with_a_thai_message_and_creates_nothing():
    create("--slug", "maechai", "--type", "ทต.", *ARGS)
    counts = (Organization.objects.count(), Department.objects.count())
    with pytest.raises(
        CommandError, match=re.escape("ชื่อภาษาอังกฤษในลิงก์ (slug): มีองค์กรปกครองส่วนท้องถิ่น")
    ):
        create("--slug", "maechai", "--type", "ทต.", *ARGS)
    assert (Organization.objects.count(), Department.objects.count()) == counts


def test_an_unknown_type_exits_with_the_allowed_types_and_creates_nothing():
    with pytest.raises(CommandError, match=re.escape("ไม่รู้จักประเภท อปท. “village”")) as caught:
        create("--slug", "maechai", "--type", "village", *ARGS)
    assert "อบต." in str(caught.value)
    assert not Organization.objects.exists()


def test_a_bad_slug_and_an_empty_name_are_both_reported():
    with pytest.raises(CommandError) as caught:
        call_command(
            "create_organization",
            "--slug", "แม่ใจ", "--type", "sao", "--name", " ",
            "--amphoe", "แม่ใจ", "--province", "พะเยา",
        )  # fmt: skip
    message = str(caught.value)
    assert "ชื่อภาษาอังกฤษในลิงก์ (slug): ใช้ได้เฉพาะตัวอักษรอังกฤษ" in message
    assert "ชื่อ อปท.: ต้องกรอกช่องนี้" in message
    assert not Organization.objects.exists()


def test_the_command_exits_non_zero_from_the_shell():
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "create_organization", "--slug", "x", "--type", "nope",
         "--name", "x", "--amphoe", "x", "--province", "x"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )  # fmt: skip
    assert result.returncode == 1
    assert "ไม่รู้จักประเภท อปท." in result.stderr
