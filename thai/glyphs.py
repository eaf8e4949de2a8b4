"""Which characters the print font can draw: what is typed ends up in PDFs set in Sarabun,
and a character Sarabun has no glyph for (an emoji, a rare symbol) prints as an empty box.
"""

import unicodedata
from functools import cache

from django.conf import settings


@cache
def sarabun_characters() -> frozenset[int]:
    """Code points with a glyph in Sarabun Regular and Bold (the faces PDFs embed)."""
    from fontTools.ttLib import TTFont

    faces = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")
    maps = [set(TTFont(settings.SARABUN_DIR / face, lazy=True).getBestCmap()) for face in faces]
    return frozenset(set.intersection(*maps))


def _invisible(character: str) -> bool:
    # Line breaks, tabs, zero-width marks and variation selectors draw nothing anyway.
    return (
        character.isspace()
        or unicodedata.category(character) == "Cf"
        or "\ufe00" <= character <= "\ufe0f"
    )


@cache
def _drawable_text() -> frozenset[str]:
    return frozenset(map(chr, sarabun_characters()))


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` that Sarabun cannot draw, in order of appearance."""
    if _drawable_text().issuperset(text):  # the usual case, at set speed (imports read a lot)
        return []
    drawable = sarabun_characters()
    missing = {}
    for character in text:
        if ord(character) not in drawable and not _invisible(character):
            missing.setdefault(character, None)
    return list(missing)


def undrawable_message(text: str) -> str:
    """How the forms and the imports refuse `text` in Thai, naming the characters Sarabun
    cannot draw (at most five); "" when it can draw all of `text`."""
    missing = undrawable(text)
    if not missing:
        return ""
    shown = " ".join(f"“{character}”" for character in missing[:5])
    return (
        f"มีอักขระที่พิมพ์ในเอกสารไม่ได้ (ฟอนต์ Sarabun ไม่มี): {shown} "
        "เช่น อีโมจิหรือสัญลักษณ์พิเศษ กรุณาลบออกหรือเขียนเป็นคำแทน"
    )
