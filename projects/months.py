"""Planned months as a 12-bit set: bit 0 is ต.ค. (fiscal month 1) … bit 11 is ก.ย. (12).

A project's months are stored as one small integer so that "at least one month,
all within the fiscal year" is a database constraint (1 ≤ mask ≤ 4095).
"""

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


def from_mask(mask: int) -> tuple[int, ...]:
    """Mask → fiscal month numbers in fiscal order."""
    return tuple(number for number in range(1, 13) if mask & (1 << (number - 1)))


def describe(mask: int) -> str:
    """Short Thai text: 'ต.ค. – ก.ย.' for runs, 'ต.ค., ม.ค.' for single months."""
    numbers = from_mask(mask)
    if not numbers:
        return ""
    runs, start, previous = [], numbers[0], numbers[0]
    for number in (*numbers[1:], None):
        if number is not None and number == previous + 1:
            previous = number
            continue
        first, last = FISCAL_MONTHS[start - 1].abbr, FISCAL_MONTHS[previous - 1].abbr
        runs.append(first if start == previous else f"{first} – {last}")
        if number is not None:
            start = previous = number
    return ", ".join(runs)
