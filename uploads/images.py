"""Images people upload (an organisation's logo, a posting photo): checked from their
header before any pixel is decoded, then normalised in the write path that stores them.

`check(file, kind)` reads only the header: the format, and whether decoding would
stay within the limits below (a decompression bomb is refused in Thai, naming its size).
`normalise(file, kind)` decodes (a JPEG at the smallest scale that still covers the
target size), applies the EXIF orientation, shrinks it to fit `kind.max_side`, and
re-encodes it without its metadata (EXIF with any GPS position, comments, text
chunks; the colour profile stays). What is stored is never what was uploaded.

Limits (docs/adr/0025, measured in `make bench`):
- MAX_PIXELS: what the file declares (Pillow's own guard is set to it as well);
- MAX_DECODED_BYTES: what decoding and shrinking would hold in memory (a JPEG is
  decoded at 1/2, 1/4 or 1/8 of its size when that is enough, so a 9,000 × 9,000
  JPEG needs 5 MB; a PNG cannot be: a truecolour one may be 7,000 × 7,000, one with
  transparency 5,000 × 5,000, a palette or greyscale one 14,000 × 14,000).
"""

import io
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 200_000_000
MAX_DECODED_BYTES = 192 * 1024 * 1024
# Pillow refuses (DecompressionBombError) past twice this and warns past it; the check
# below refuses past it in Thai first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Kind:
    """What an upload is for: how it is named in messages, which formats it may be,
    its longest side once stored, and how it is stored."""

    label: str  # "ตราสัญลักษณ์", "ภาพถ่าย"
    formats: frozenset  # Pillow's format names: raster formats Pillow decodes itself
    formats_text: str  # the same, for a message
    max_side: int
    keep_png: bool  # a PNG stays a PNG (sharp edges, transparency); all else is a JPEG
    quality: int


# Never EPS or PDF: Pillow hands those to Ghostscript when it decodes them.
LOGO = Kind("ตราสัญลักษณ์", frozenset({"PNG", "JPEG", "MPO"}), "PNG หรือ JPEG", 1024, True, 90)
PHOTO = Kind(
    "ภาพถ่าย",
    frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF"}),
    "JPEG, PNG, WebP, GIF, BMP หรือ TIFF",
    2048,
    False,
    85,
)


def _refuse(message, code):
    return ValidationError(message, code=code)


class NormalisedImage(ContentFile):
    """What `normalise` returns; normalising it again returns it as it is."""


def _bytes_per_pixel(mode) -> int:
    """What shrinking holds per pixel of `mode`: Pillow stores RGB in four bytes, and
    resizes an image with transparency through a premultiplied copy of it."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    if mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        return 8
    return 4


def _open(file, kind) -> Image.Image:
    """The image of `file`, header read, nothing decoded; refused in Thai when it is not
    one, is not of `kind`'s formats, or would decode past the limits."""
    file.seek(0)
    try:
        image = Image.open(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses past twice MAX_PIXELS; it warns past MAX_PIXELS, which is an
        # exception only where warnings are errors (the tests): the size check below
        # refuses those in production.
        raise _refuse(
            f"{kind.label}มีจำนวนพิกเซลเกิน {MAX_PIXELS // 1_000_000:,} ล้านพิกเซลที่รับได้ "
            "(อาจเป็นไฟล์ที่ตั้งใจให้ขยายจนเครื่องแม่ข่ายทำงานไม่ไหว) กรุณาย่อภาพแล้วอัปโหลดใหม่",
            "too_large",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _refuse(f"{kind.label}ต้องเป็นไฟล์รูปภาพที่เปิดได้", "not_image") from None
    if image.format not in kind.formats:
        raise _refuse(f"{kind.label}ต้องเป็นไฟล์ {kind.formats_text}", "format")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _refuse(
            f"{kind.label}มีขนาด {width:,} × {height:,} พิกเซล เกิน {MAX_PIXELS // 1_000_000:,} "
            "ล้านพิกเซลที่รับได้ กรุณาย่อภาพแล้วอัปโหลดใหม่",
            "too_large",
        )
    if image.format in ("JPEG", "MPO"):
        # Decode at the smallest of 1/1, 1/2, 1/4, 1/8 that still covers the box.
        image.draft(image.mode, (kind.max_side, kind.max_side))
    per_pixel = _bytes_per_pixel(image.mode)
    decoded = image.size[0] * image.size[1] * per_pixel
    if decoded > MAX_DECODED_BYTES:
        side = int((MAX_DECODED_BYTES / per_pixel) ** 0.5) // 100 * 100
        raise _refuse(
            f"{kind.label}มีขนาด {width:,} × {height:,} พิกเซล ต้องใช้หน่วยความจำ "
            f"{decoded // (1024 * 1024):,} MB ในการย่อ เกิน {MAX_DECODED_BYTES // (1024 * 1024)} MB "
            f"ที่รับได้ กรุณาย่อภาพ (ไม่เกิน {side:,} × {side:,} พิกเซล) หรือบันทึกเป็น JPEG "
            "แล้วอัปโหลดใหม่",
            "too_large",
        )
    return image


def check(file, kind) -> None:
    """Raise ValidationError (Thai) unless `file` is an image of `kind` within the limits.

    Reads the header only; the file's position is left at its start."""
    _open(file, kind)
    file.seek(0)


def normalise(file, kind) -> ContentFile:
    """`file` decoded, turned upright, shrunk to fit `kind.max_side` and re-encoded
    without metadata, as a ContentFile named after the upload (.png or .jpg).

    Raises ValidationError (Thai) for what `check` refuses, or a file that fails to decode.
    """
    if isinstance(file, NormalisedImage):
        return file
    image = _open(file, kind)
    icc_profile, source_mode = image.info.get("icc_profile"), image.mode
    keep_png = kind.keep_png and image.format == "PNG"
    try:
        image = _shrunk(image, kind.max_side)
        image = ImageOps.exif_transpose(image)
        image = _for_output(image, keep_png)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        message = f"{kind.label}เสียหาย เปิดภาพไม่ได้ทั้งภาพ กรุณาบันทึกใหม่แล้วอัปโหลดอีกครั้ง"
        raise _refuse(message, "damaged") from None
    file.seek(0)
    output = io.BytesIO()
    # Nothing of the upload's own data goes along (EXIF, GPS, comments, text chunks) but
    # its colour profile, while the colours are still of the kind it describes.
    image.info = {}
    same_colours = _COLOURS.get(source_mode, source_mode) == _COLOURS.get(image.mode, image.mode)
    options = {"icc_profile": icc_profile} if icc_profile and same_colours else {}
    if keep_png:
        image.save(output, "PNG", optimize=True, **options)
    else:
        image.save(output, "JPEG", quality=kind.quality, optimize=True, progressive=True, **options)
    stem = PurePath(getattr(file, "name", "") or "").stem[:60] or "image"
    return NormalisedImage(output.getvalue(), name=f"{stem}.{'png' if keep_png else 'jpg'}")


_COLOURS = {"1": "grey", "L": "grey", "LA": "grey", "I;16": "grey",
            "P": "rgb", "PA": "rgb", "RGB": "rgb", "RGBA": "rgb", "RGBX": "rgb"}  # fmt: skip


def _shrunk(image, max_side) -> Image.Image:
    """Decode and fit within max_side × max_side. Palette and 1-bit images (which Pillow
    only shrinks pixel by pixel) are first brought near the size by nearest neighbour,
    then converted, then smoothed down like the others."""
    box = (max_side, max_side)
    if image.mode in ("1", "P", "PA") or image.mode.startswith("I;16"):
        if max(image.size) > 4 * max_side:
            image.thumbnail((4 * max_side, 4 * max_side), Image.Resampling.NEAREST)
        transparent = image.mode in ("PA",) or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    image.thumbnail(box, Image.Resampling.LANCZOS)
    return image


def _for_output(image, keep_png) -> Image.Image:
    """A mode the output format holds; a JPEG has no transparency (flattened on white)."""
    if keep_png:
        return (
            image if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else image.convert("RGBA")
        )
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode in ("L", "RGB") else image.convert("RGB")


class UploadField(forms.ImageField):
    """A form's image upload, refused in Thai from its header before Django's own check
    (to which a decompression bomb is only "not an image"). Set `kind` in a subclass."""

    kind: Kind

    def to_python(self, data):
        if data and hasattr(data, "seek"):
            try:
                check(data, self.kind)
            except ValidationError as error:
                if error.code != "not_image":  # Django's own message says it well
                    raise
        return super().to_python(data)


class LogoField(UploadField):
    kind = LOGO


class PhotoField(UploadField):
    kind = PHOTO
