"""A logo is stored normalised, never as uploaded; a decompression bomb is refused in
Thai on the settings page and in the admin (issue #14.2)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import Organization
from tests import hostile_files as hostile
from tests.accounts.test_organization_settings import settings_data

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:organization")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def post_logo(client, organization, data, name="logo.jpg", content_type="image/jpeg"):
    form = settings_data(organization)
    form["logo"] = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(SETTINGS, form)


def test_a_9000_pixel_logo_is_stored_at_1024_pixels(client_for, planner, organization, media):
    data = hostile.big_jpeg(9_000)
    response = post_logo(client_for(planner), organization, data, name="ตรา.jpg")
    assert response.status_code == 302
    organization.refresh_from_db()
    with organization.logo.open("rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert (organization.logo.name, image.format, image.size) == (
        "logos/ตรา.jpg",
        "JPEG",
        (1024, 1024),
    )
    assert len(stored) < len(data) / 10


def test_a_decompression_bomb_is_refused_in_thai_and_nothing_is_stored(
    client_for, planner, organization, media
):
    response = post_logo(client_for(planner), organization, hostile.decompression_bomb(),
                         name="logo.png", content_type="image/png")  # fmt: skip
    assert response.status_code == 200
    assert "ตราสัญลักษณ์มีจำนวนพิกเซลเกิน 200 ล้านพิกเซลที่รับได้" in response.content.decode()
    organization.refresh_from_db()
    assert not organization.logo
    assert list(media.iterdir()) == []


def test_a_truecolour_png_too_big_to_shrink_is_refused_with_the_size_to_use(
    client_for, planner, organization, media
):
    response = post_logo(client_for(planner), organization, hostile.png_header(9_000, 9_000),
                         name="logo.png", content_type="image/png")  # fmt: skip
    assert response.status_code == 200
    assert "กรุณาย่อภาพ (ไม่เกิน 7,000 × 7,000 พิกเซล) หรือบันทึกเป็น JPEG" in response.content.decode()
    assert list(media.iterdir()) == []


def test_the_admin_stores_a_logo_normalised_too(admin_client, organization, media):
    url = reverse("admin:accounts_organization_change", args=[organization.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"departments-TOTAL_FORMS": "0", "departments-INITIAL_FORMS": "0",
             "logo": SimpleUploadedFile("ตรา.jpg", hostile.big_jpeg(3_000), "image/jpeg")}  # fmt: skip
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    logo = Organization.objects.get(pk=organization.pk).logo
    assert Image.open(logo.open("rb")).size == (1024, 1024)
