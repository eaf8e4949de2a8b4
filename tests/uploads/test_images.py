"""uploads.images: a decompression bomb is refused in Thai from its header, before any
pixel is decoded; what is stored is upright, small and without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from tests import hostile_files as hostile
from uploads import images


@pytest.fixture
def decoder_never_called(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise AssertionError("pixels were decoded before the image was refused")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def refusal(data, kind=images.LOGO) -> str:
    with pytest.raises(ValidationError) as caught:
        images.normalise(io.BytesIO(data), kind)
    (message,) = caught.value.messages
    return message


def stored(data, kind=images.LOGO, name="upload"):
    upload = io.BytesIO(data)
    upload.name = name
    result = images.normalise(upload, kind)
    return result, Image.open(io.BytesIO(result.read()))


class TestRefusedBeforeDecoding:
    def test_a_decompression_bomb(self, decoder_never_called):
        data = hostile.decompression_bomb()
        assert len(data) < 200_000
        assert refusal(data) == (
            "ตราสัญลักษณ์มีจำนวนพิกเซลเกิน 200 ล้านพิกเซลที่รับได้ "
            "(อาจเป็นไฟล์ที่ตั้งใจให้ขยายจนเครื่องแม่ข่ายทำงานไม่ไหว) กรุณาย่อภาพแล้วอัปโหลดใหม่"
        )

    # Pillow only warns up to twice its limit; where warnings are not errors (in
    # production) the size check names the size.
    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_more_pixels_than_allowed_but_less_than_pillows_own_refusal(self, decoder_never_called):
        assert refusal(hostile.png_header(15_000, 15_000, color_type=3), images.PHOTO) == (
            "ภาพถ่ายมีขนาด 15,000 × 15,000 พิกเซล เกิน 200 ล้านพิกเซลที่รับได้ กรุณาย่อภาพแล้วอัปโหลดใหม่"
        )

    def test_a_truecolour_png_too_big_to_shrink_in_memory(self, decoder_never_called):
        assert refusal(hostile.png_header(9_000, 9_000)) == (
            "ตราสัญลักษณ์มีขนาด 9,000 × 9,000 พิกเซล ต้องใช้หน่วยความจำ 308 MB ในการย่อ "
            "เกิน 192 MB ที่รับได้ กรุณาย่อภาพ (ไม่เกิน 7,000 × 7,000 พิกเซล) หรือบันทึกเป็น JPEG "
            "แล้วอัปโหลดใหม่"
        )

    def test_a_logo_that_is_neither_png_nor_jpeg(self, decoder_never_called):
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, "GIF")
        assert refusal(buffer.getvalue()) == "ตราสัญลักษณ์ต้องเป็นไฟล์ PNG หรือ JPEG"

    def test_not_an_image(self):
        assert refusal(b"%PDF-1.4", images.PHOTO) == "ภาพถ่ายต้องเป็นไฟล์รูปภาพที่เปิดได้"

    def test_a_header_without_the_pixels_it_promises_is_stored_as_far_as_it_decodes(
        self, monkeypatch
    ):
        # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it is
        # imported: the rest of a truncated image is black, as in any PDF that prints it.
        monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
        _, image = stored(hostile.png_header(100, 100))
        assert (image.size, image.getextrema()) == ((100, 100), ((0, 0), (0, 0), (0, 0)))


class TestNormalised:
    def test_a_9000_pixel_jpeg_logo_is_shrunk_to_1024(self):
        result, image = stored(hostile.big_jpeg(9_000), name="ตรา อบต.jpg")
        assert (result.name, image.format, image.size) == ("ตรา อบต.jpg", "JPEG", (1024, 1024))
        assert len(result) < 100_000

    def test_a_9000_pixel_palette_png_logo_is_shrunk_and_stays_a_png(self):
        result, image = stored(hostile.big_png(9_000, "P"), name="logo.png")
        assert (result.name, image.format, image.size, image.mode) == (
            "logo.png", "PNG", (1024, 1024), "RGB"
        )  # fmt: skip

    def test_a_transparent_png_logo_keeps_its_transparency(self):
        buffer = io.BytesIO()
        Image.new("RGBA", (300, 200), (0, 0, 128, 0)).save(buffer, "PNG")
        _, image = stored(buffer.getvalue())
        assert (image.size, image.mode, image.getpixel((0, 0))[3]) == ((300, 200), "RGBA", 0)

    def test_a_phone_photo_is_turned_upright_and_loses_its_exif_and_position(self):
        result, image = stored(hostile.phone_photo((400, 300), orientation=6), images.PHOTO,
                               name="IMG_0001.HEIC.jpeg")  # fmt: skip
        assert (result.name, image.format, image.size) == ("IMG_0001.HEIC.jpg", "JPEG", (300, 400))
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        # The mark drawn in the top-left corner is now in the top-right (turned 90°).
        assert image.getpixel((290, 10))[2] > 150 and image.getpixel((10, 10))[0] > 150

    def test_a_big_photo_is_shrunk_to_2048_and_becomes_a_jpeg(self):
        result, image = stored(hostile.big_png(3_000, "RGB"), images.PHOTO, name="board.png")
        assert (result.name, image.format, image.size) == ("board.jpg", "JPEG", (2048, 2048))

    def test_normalising_twice_changes_nothing(self):
        once, _ = stored(hostile.phone_photo(), images.PHOTO)
        assert images.normalise(once, images.PHOTO) is once


def test_a_photo_in_a_format_pillow_would_hand_to_ghostscript_is_refused(decoder_never_called):
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EndComments\nshowpage\n"
    assert refusal(eps, images.PHOTO) == "ภาพถ่ายต้องเป็นไฟล์ JPEG, PNG, WebP, GIF, BMP หรือ TIFF"
