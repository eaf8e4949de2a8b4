import random
from datetime import date, datetime
from decimal import Decimal

import pytest
from pythainlp.util import bahttext as pythainlp_bahttext

from thai import format as fmt


class TestBahtText:
    @pytest.mark.parametrize(
        ("amount", "words"),
        [
            ("60054970.00", "หกสิบล้านห้าหมื่นสี่พันเก้าร้อยเจ็ดสิบบาทถ้วน"),
            ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
            ("21", "ยี่สิบเอ็ดบาทถ้วน"),
            ("0.25", "ยี่สิบห้าสตางค์"),
            ("0.01", "หนึ่งสตางค์"),
            ("0.11", "สิบเอ็ดสตางค์"),
            ("0", "ศูนย์บาทถ้วน"),
            ("1", "หนึ่งบาทถ้วน"),
            ("10", "สิบบาทถ้วน"),
            ("11", "สิบเอ็ดบาทถ้วน"),
            ("20", "ยี่สิบบาทถ้วน"),
            ("1.50", "หนึ่งบาทห้าสิบสตางค์"),
            ("1000000", "หนึ่งล้านบาทถ้วน"),
            ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
            ("11000000", "สิบเอ็ดล้านบาทถ้วน"),
            ("21000021.21", "ยี่สิบเอ็ดล้านยี่สิบเอ็ดบาทยี่สิบเอ็ดสตางค์"),
            ("1234567.89", "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์"),
            ("100000000000", "หนึ่งแสนล้านบาทถ้วน"),
        ],
    )
    def test_table(self, amount, words):
        assert fmt.baht_text(Decimal(amount)) == words

    def test_accepts_int_and_text_with_commas_and_thai_digits(self):
        assert fmt.baht_text(101) == "หนึ่งร้อยเอ็ดบาทถ้วน"
        assert fmt.baht_text("1,000.50") == "หนึ่งพันบาทห้าสิบสตางค์"
        assert fmt.baht_text("๒๑") == "ยี่สิบเอ็ดบาทถ้วน"

    @pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("-0.01"), "-5"])
    def test_rejects_negative_amounts(self, amount):
        with pytest.raises(ValueError, match="negative"):
            fmt.baht_text(amount)

    @pytest.mark.parametrize(
        "amount", ["abc", "", "1.005", Decimal("NaN"), Decimal("Infinity"), "1e400", None]
    )
    def test_rejects_what_is_not_money(self, amount):
        with pytest.raises(ValueError, match=r"ไม่ใช่จำนวนเงิน|ทศนิยม|เกินวงเงิน"):
            fmt.baht_text(amount)

    @pytest.mark.parametrize("amount", [0.25, 1.0, True])
    def test_rejects_floats_and_bools(self, amount):
        with pytest.raises(TypeError):
            fmt.baht_text(amount)

    def test_agrees_with_pythainlp_for_whole_baht_and_satang(self):
        # PyThaiNLP (float-based) is right from one baht up; it says "ศูนย์บาท…"
        # below one baht, where the table above is the reference.
        rng = random.Random(2569)
        for _ in range(3000):
            satang = rng.randint(100, 10 ** rng.randint(3, 13))
            amount = Decimal(satang) / 100
            assert fmt.baht_text(amount) == pythainlp_bahttext(float(amount)), amount


class TestMoney:
    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            (Decimal("1234567.89"), "1,234,567.89"),
            (Decimal("0"), "0.00"),
            (Decimal("5"), "5.00"),
            (Decimal("999999999999.99"), "999,999,999,999.99"),
            (Decimal("-1500.5"), "-1,500.50"),
            (1000, "1,000.00"),
        ],
    )
    def test_format_money(self, amount, text):
        assert fmt.format_money(amount) == text

    def test_format_money_refuses_float(self):
        with pytest.raises(TypeError):
            fmt.format_money(0.1)

    def test_to_money_reads_user_text(self):
        assert fmt.to_money(" 1,234.5 ") == Decimal("1234.50")
        assert fmt.to_money("๑๒๓") == Decimal("123.00")

    def test_to_money_refuses_more_than_two_places(self):
        with pytest.raises(ValueError, match="ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"):
            fmt.to_money("10.001")

    def test_to_money_refuses_amounts_beyond_numeric_14_2(self):
        with pytest.raises(ValueError, match=r"เกินวงเงินที่ระบบรับได้ \(สูงสุด 999,999,999,999.99 บาท\)"):
            fmt.to_money("1000000000000")

    @pytest.mark.parametrize(
        ("value", "rounded"),
        [("12.345", "12.35"), ("12.344", "12.34"), ("0.005", "0.01"), ("33.3333", "33.33")],
    )
    def test_round_half_up(self, value, rounded):
        assert fmt.round_half_up(Decimal(value)) == Decimal(rounded)


class TestDigitsAndYears:
    def test_thai_digits(self):
        assert fmt.thai_digits("1,234.50 บาท ปี 2569") == "๑,๒๓๔.๕๐ บาท ปี ๒๕๖๙"

    def test_arabic_digits(self):
        assert fmt.arabic_digits("๑,๒๓๔.๕๐") == "1,234.50"

    def test_be_year(self):
        assert fmt.be_year(2025) == 2568
        assert fmt.be_year(date(2025, 9, 30)) == 2568
        assert fmt.be_year(datetime(2026, 1, 1, 0, 5)) == 2569

    def test_be_year_rejects_text(self):
        with pytest.raises(TypeError):
            fmt.be_year("2025")


class TestDates:
    @pytest.mark.parametrize(
        ("d", "full", "short"),
        [
            (date(2025, 9, 30), "30 กันยายน 2568", "30 ก.ย. 68"),
            (date(2025, 10, 1), "1 ตุลาคม 2568", "1 ต.ค. 68"),
            (date(2026, 1, 5), "5 มกราคม 2569", "5 ม.ค. 69"),
            (date(2000, 2, 29), "29 กุมภาพันธ์ 2543", "29 ก.พ. 43"),
            (date(2057, 12, 31), "31 ธันวาคม 2600", "31 ธ.ค. 00"),
        ],
    )
    def test_full_and_short(self, d, full, short):
        assert fmt.format_date_full(d) == full
        assert fmt.format_date_short(d) == short

    def test_datetimes_print_their_date(self):
        assert fmt.format_date_full(datetime(2025, 9, 30, 23, 59)) == "30 กันยายน 2568"

    def test_an_aware_moment_is_dated_in_thailand(self):
        from datetime import UTC

        evening_utc = datetime(2025, 9, 30, 20, 0, tzinfo=UTC)  # 1 ต.ค. 03:00 in Bangkok
        assert fmt.format_date_full(evening_utc) == "1 ตุลาคม 2568"
        assert fmt.fiscal_year_of(evening_utc) == 2569
        assert fmt.be_year(datetime(2025, 12, 31, 18, 0, tzinfo=UTC)) == 2569


class TestFiscalYears:
    @pytest.mark.parametrize(
        ("d", "fiscal_year"),
        [
            (date(2025, 9, 30), 2568),
            (date(2025, 10, 1), 2569),
            (date(2026, 9, 30), 2569),
            (date(2026, 11, 23), 2570),
        ],
    )
    def test_fiscal_year_of(self, d, fiscal_year):
        assert fmt.fiscal_year_of(d) == fiscal_year

    def test_bounds_of_2569(self):
        assert fmt.fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))

    def test_range_text(self):
        assert fmt.format_fiscal_year_range(2569) == "1 ต.ค. 2568 – 30 ก.ย. 2569"

    def test_the_two_years_of_the_month_header(self):
        assert fmt.fiscal_month_years(2569) == (2568, 2569)

    def test_twelve_months_in_fiscal_order(self):
        assert [m.abbr for m in fmt.FISCAL_MONTHS] == [
            "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.",
            "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
        ]  # fmt: skip
        assert [m.number for m in fmt.FISCAL_MONTHS] == list(range(1, 13))
        assert fmt.FISCAL_MONTHS[0].full == "ตุลาคม"

    @pytest.mark.parametrize("year", [2025, 3000, "2569"])
    def test_rejects_common_era_and_junk_years(self, year):
        with pytest.raises((ValueError, TypeError)):
            fmt.fiscal_year_bounds(year)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-10-22", date(2026, 10, 22)),
        ("2569-10-22", date(2026, 10, 22)),
        ("๒๕๖๙-๑๐-๒๒", date(2026, 10, 22)),
        ("2567-02-29", date(2024, 2, 29)),  # a leap day that only exists read as พ.ศ.
        ("22/10/2026", date(2026, 10, 22)),
        ("26/11/2569", date(2026, 11, 26)),
        ("๒๖/๑๑/๒๕๖๙", date(2026, 11, 26)),
        ("26-11-69", date(2026, 11, 26)),
        ("26 พ.ย. 2569", date(2026, 11, 26)),
        ("26 พย 69", date(2026, 11, 26)),
        ("๒๖ พฤศจิกายน พ.ศ. ๒๕๖๙", date(2026, 11, 26)),
        ("26 ธันวา 2569", None),
        ("พรุ่งนี้", None),
        ("", None),
    ],
)
def test_parse_date_input_reads_common_and_buddhist_years(typed, expected):
    from thai.format import parse_date_input

    assert parse_date_input(typed) == expected


def test_format_date_input_is_day_first_with_the_buddhist_year():
    from thai.format import format_date_input

    assert format_date_input(date(2025, 11, 6)) == "06/11/2568"


def test_parse_date_input_refuses_impossible_years():
    from thai.format import parse_date_input

    with pytest.raises(ValueError, match="ปี 3112"):
        parse_date_input("3112-11-24")
    with pytest.raises(ValueError, match="ไม่มีวันที่ 31 กุมภาพันธ์ 2569"):
        parse_date_input("31/02/2569")
