"""Sorting Thai the way Thai readers expect (dictionary order).

On PostgreSQL the migration thai/0001 creates the collation "thai" from ICU's
th-TH locale. SQLite has no ICU, so OpPlan registers a collation of the same
name on every SQLite connection (thai/apps.py). Fields declare
`db_collation=THAI_COLLATION` and both databases order names alike:
กา ก้าว เกม ไก่ ขาว โต๊ะ.
"""

THAI_COLLATION = "thai"

_LEADING_VOWELS = frozenset("เแโใไ")
_CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
# Tone marks, thanthakhat and mai taikhu decide order only between otherwise equal words.
_MARKS = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def thai_sort_key(text: str) -> tuple[str, str]:
    """A key that sorts Thai words in dictionary order: consonant first, marks last."""
    primary = []
    chars = list(text or "")
    i = 0
    while i < len(chars):
        ch = chars[i]
        if ch in _LEADING_VOWELS and i + 1 < len(chars) and chars[i + 1] in _CONSONANTS:
            primary.extend((chars[i + 1], ch))
            i += 2
            continue
        if ch not in _MARKS:
            primary.append(ch.casefold())
        i += 1
    return "".join(primary), text or ""


def sqlite_thai_collation(left: str, right: str) -> int:
    a, b = thai_sort_key(left), thai_sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    """connection_created receiver: give SQLite the Thai collation PostgreSQL has."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(THAI_COLLATION, sqlite_thai_collation)
