import pytest

from projects import months


@pytest.mark.parametrize(
    ("numbers", "mask", "text", "runs"),
    [
        ([1], 0b1, "ต.ค.", ((1, 1),)),
        ([1, 2, 3], 0b111, "ต.ค. – ธ.ค.", ((1, 3),)),
        (range(1, 13), 4095, "ต.ค. – ก.ย.", ((1, 12),)),
        ([3, 7], 0b1000100, "ธ.ค., เม.ย.", ((3, 3), (7, 7))),
        (
            [1, 2, 5, 6, 7, 12],
            0b100001110011,
            "ต.ค. – พ.ย., ก.พ. – เม.ย., ก.ย.",
            ((1, 2), (5, 7), (12, 12)),
        ),
    ],
)
def test_masks_descriptions_and_runs(numbers, mask, text, runs):
    assert months.to_mask(numbers) == mask
    assert months.from_mask(mask) == tuple(numbers)
    assert months.describe(mask) == text
    assert months.runs(mask) == runs


def test_the_month_bar_draws_one_element_per_run():
    """ต.ค.–พ.ย., ก.พ.–เม.ย., ก.ย.: three runs on the twelve-column grid (opplan.css)."""
    from projects.templatetags.months import month_bar

    assert month_bar(0b100001110011) == (
        '<div class="month-bar"><i class="m1 t2"></i><i class="m5 t7"></i><i class="m12"></i></div>'
    )
    assert month_bar(None) == ""


@pytest.mark.parametrize("number", [0, 13, -1])
def test_months_outside_the_fiscal_year_are_refused(number):
    with pytest.raises(ValueError, match="1 to 12"):
        months.to_mask([number])


def test_no_month_describes_as_nothing():
    assert months.describe(0) == ""
    assert months.runs(0) == ()
