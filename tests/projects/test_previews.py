"""Preview uploads nobody confirmed are deleted once their token can no longer be used."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from projects import previews
from projects.tasks import remove_stale_previews


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(age: timedelta) -> str:
    name = default_storage.save(f"{previews.UPLOAD_DIR}/preview.xlsx", ContentFile(b"PK"))
    when = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(name), (when, when))
    return name


def test_only_uploads_older_than_a_token_are_deleted(media):
    stale = upload(previews.LIFETIME + previews.GRACE + timedelta(minutes=1))
    usable = upload(previews.LIFETIME - timedelta(minutes=1))
    just_expired = upload(previews.LIFETIME + timedelta(minutes=1))  # clocks may differ
    kept = default_storage.save("logos/logo.png", ContentFile(b"png"))
    backdate = (timezone.now() - timedelta(days=30)).timestamp()
    os.utime(default_storage.path(kept), (backdate, backdate))
    assert remove_stale_previews.call() == 1
    assert not default_storage.exists(stale)
    assert default_storage.exists(usable)
    assert default_storage.exists(just_expired)
    assert default_storage.exists(kept)  # only previews are ever cleaned


def test_no_preview_folder_is_nothing_to_do(media):
    assert previews.remove_stale() == 0
