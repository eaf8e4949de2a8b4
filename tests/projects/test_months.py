import pytest

from projects import months


@pytest.mark.parametrize(
    ("numbers", "mask", "text"),
    [
        ([1], 0b1, "ต.ค."),
        ([1, 2, 3], 0b111, "ต.ค. – ธ.ค."),
        (range(1, 13), 4095, "ต.ค. – ก.ย."),
        ([3, 7], 0b1000100, "ธ.ค., เม.ย."),
        ([1, 2, 5, 6, 7, 12], 0b100001110011, "ต.ค. – พ.ย., ก.พ. – เม.ย., ก.ย."),
    ],
)
def test_masks_and_descriptions(numbers, mask, text):
    assert months.to_mask(numbers) == mask
    assert months.from_mask(mask) == tuple(numbers)
    assert months.describe(mask) == text


@pytest.mark.parametrize("number", [0, 13, -1])
def test_months_outside_the_fiscal_year_are_refused(number):
    with pytest.raises(ValueError, match="1 to 12"):
        months.to_mask([number])


def test_no_month_describes_as_nothing():
    assert months.describe(0) == ""
