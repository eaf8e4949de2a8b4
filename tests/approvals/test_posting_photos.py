"""A posting photo is stored normalised (upright, at most 2,048 pixels, a JPEG without
EXIF or GPS position); a decompression bomb is refused in Thai (issue #14.2)."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from approvals.models import PostingRecord
from approvals.posting import record_posting
from projects.models import Plan
from tests import hostile_files as hostile
from tests.factories import announce

pytestmark = pytest.mark.django_db
ANNOUNCED_ON = date(2026, 10, 20)


@pytest.fixture
def announced(plan, planner, executive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    announce(plan, planner=planner, executive=executive, announced_on=ANNOUNCED_ON)
    return Plan.objects.select_related("organization").get(pk=plan.pk)


def test_a_phone_photo_is_stored_upright_small_and_without_its_position(announced, planner):
    photo = SimpleUploadedFile("IMG_0001.jpg", hostile.phone_photo((4000, 3000)), "image/jpeg")
    record = record_posting(announced, by=planner, place="notice_board", starts_on=ANNOUNCED_ON,
                            ends_on=ANNOUNCED_ON + timedelta(days=30), photo=photo)  # fmt: skip
    with record.photo.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert record.photo.name.endswith("/IMG_0001.jpg")
    assert (image.format, image.size) == ("JPEG", (1536, 2048))
    assert dict(image.getexif()) == {}


def test_the_page_refuses_a_decompression_bomb_in_thai(client_for, announced, planner):
    bomb = SimpleUploadedFile("board.png", hostile.decompression_bomb(), "image/png")
    response = client_for(planner).post(
        reverse("approvals:posting", args=[announced.pk]),
        {
            "place": "notice_board",
            "starts_on": "2026-10-22",
            "ends_on": "2026-12-01",
            "photo": bomb,
        },
    )
    assert response.status_code == 200
    assert "ภาพถ่ายมีจำนวนพิกเซลเกิน 200 ล้านพิกเซลที่รับได้" in response.content.decode()
    assert PostingRecord.objects.count() == 0
