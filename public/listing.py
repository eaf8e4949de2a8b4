"""What a citizen reads of an announced edition: its rows as announced (the snapshot,
read as the printed documents read it: reports.sources.edition), searched and filtered
in memory (the rows are already loaded: no query per filter)."""

import re
from dataclasses import dataclass

from reports.sources import Edition, Row, edition
from thai.format import FISCAL_MONTHS, arabic_digits

# "หมู่ที่ 3", "หมู่ 6", "ม.3", "หมู่ที่ 1, 5 และ 7", "หมู่ที่ 2-4": the numbers after it.
_VILLAGES = re.compile(r"(?:หมู่(?:บ้าน)?\s*ที่|หมู่|ม\.)\s*(\d+(?:\s*(?:,|และ|-|–|ถึง)\s*\d+)*)")
_NUMBER = re.compile(r"\d+")
_RANGE = re.compile(r"(\d+)\s*(?:-|–|ถึง)\s*(\d+)")
LARGEST_VILLAGE = 60  # no ตำบล has more หมู่บ้าน; a larger number is not one


def villages(text: str) -> frozenset[int]:
    """The หมู่ที่ numbers a location or a project name mentions (Thai or Arabic digits)."""
    found = set()
    for match in _VILLAGES.finditer(arabic_digits(text or "")):
        numbers = match.group(1)
        for low, high in _RANGE.findall(numbers):
            if int(low) < int(high) <= LARGEST_VILLAGE:
                found.update(range(int(low), int(high) + 1))
        found.update(int(n) for n in _NUMBER.findall(numbers))
    return frozenset(n for n in found if 1 <= n <= LARGEST_VILLAGE)


@dataclass(frozen=True)
class PublicRow:
    number: int  # its place in the edition (1-based): its address on the public page
    row: Row
    villages: frozenset[int]

    @property
    def strategy(self) -> str:
        return f"{self.row.strategy_number}. {self.row.strategy}"


def read(plan) -> tuple[Edition, list["PublicRow"]]:
    """An announced edition as announced, and its rows (one query: the snapshot)."""
    source = edition(plan)
    return source, public_rows(source)


def public_rows(source: Edition) -> list[PublicRow]:
    return [
        PublicRow(number, row, villages(f"{row.location} {row.name}"))
        for number, row in enumerate(source.rows, 1)
    ]


def when(row: Row, fiscal_year: int) -> str:
    """ต.ค.–ธ.ค. 2568, ก.พ. 2569: the planned months as runs, with their พ.ศ. years."""
    parts, run = [], []
    for number in sorted(row.months):
        if run and number == run[-1] + 1:
            run.append(number)
        else:
            if run:
                parts.append(run)
            run = [number]
    if run:
        parts.append(run)

    def label(number):
        month = FISCAL_MONTHS[number - 1]
        return month.abbr, fiscal_year - 1 if number <= 3 else fiscal_year

    texts = []
    for run in parts:
        (first, first_year), (last, last_year) = label(run[0]), label(run[-1])
        if run[0] == run[-1]:
            texts.append(f"{first} {first_year}")
        elif first_year == last_year:
            texts.append(f"{first}–{last} {last_year}")
        else:
            texts.append(f"{first} {first_year} – {last} {last_year}")
    return ", ".join(texts)


@dataclass(frozen=True)
class Choices:
    villages: tuple[int, ...]
    strategies: tuple[str, ...]
    departments: tuple[str, ...]


def choices(rows: list[PublicRow]) -> Choices:
    return Choices(
        villages=tuple(sorted({v for r in rows for v in r.villages})),
        strategies=tuple(dict.fromkeys(r.strategy for r in rows)),
        departments=tuple(sorted({r.row.department for r in rows})),
    )


def matching(rows, *, q="", village=None, strategy="", department="") -> list[PublicRow]:
    """The rows that mention `q` (name, details, location) and match every filter given."""
    words = arabic_digits(q).split()
    result = []
    for r in rows:
        text = arabic_digits(f"{r.row.name} {r.row.details} {r.row.location}")
        if words and not all(word in text for word in words):
            continue
        if village is not None and village not in r.villages:
            continue
        if strategy and r.strategy != strategy:
            continue
        if department and r.row.department != department:
            continue
        result.append(r)
    return result
