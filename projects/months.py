"""Planned months as a 12-bit set: bit 0 is ต.ค. (fiscal month 1) … bit 11 is ก.ย. (12).

A project's months are stored as one small integer so that "at least one month,
all within the fiscal year" is a database constraint (1 ≤ mask ≤ 4095).
"""

from functools import cache

from thai.format import FISCAL_MONTHS

ALL_MONTHS = (1 << 12) - 1


def to_mask(numbers) -> int:
    """Fiscal month numbers (1–12) → mask. Raises ValueError for numbers outside 1–12."""
    mask = 0
    for number in numbers:
        number = int(number)
        if not 1 <= number <= 12:
            raise ValueError(f"fiscal month numbers run from 1 to 12, not {number}")
        mask |= 1 << (number - 1)
    return mask


@cache
def from_mask(mask: int) -> tuple[int, ...]:
    """Mask → fiscal month numbers in fiscal order."""
    return tuple(number for number in range(1, 13) if mask & (1 << (number - 1)))


@cache
def runs(mask: int) -> tuple[tuple[int, int], ...]:
    """Mask → (first, last) fiscal month numbers of each run of consecutive months."""
    result, start = [], None
    for number in range(1, 14):
        on = number <= 12 and bool(mask & (1 << (number - 1)))
        if on and start is None:
            start = number
        elif not on and start is not None:
            result.append((start, number - 1))
            start = None
    return tuple(result)


def describe(mask: int) -> str:
    """Short Thai text: 'ต.ค. – ก.ย.' for runs, 'ต.ค., ม.ค.' for single months."""
    return ", ".join(
        FISCAL_MONTHS[first - 1].abbr
        if first == last
        else f"{FISCAL_MONTHS[first - 1].abbr} – {FISCAL_MONTHS[last - 1].abbr}"
        for first, last in runs(mask)
    )
