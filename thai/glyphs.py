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


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` that Sarabun cannot draw, in order of appearance."""
    drawable = sarabun_characters()
    missing = {}
    for character in text:
        if ord(character) not in drawable and not _invisible(character):
            missing.setdefault(character, None)
    return list(missing)
