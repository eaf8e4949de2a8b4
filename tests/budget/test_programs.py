import pytest

from budget.models import Program, Sector
from budget.programs import match_program, normalize_program_name, program_lookup

pytestmark = pytest.mark.django_db


def test_the_twelve_programs_in_their_four_sectors():
    assert {
        sector.name: [p.name for p in sector.programs.order_by("order")]
        for sector in Sector.objects.all()
    } == {
        "ด้านบริหารทั่วไป": ["แผนงานบริหารงานทั่วไป", "แผนงานการรักษาความสงบภายใน"],
        "ด้านบริการชุมชนและสังคม": [
            "แผนงานการศึกษา",
            "แผนงานสาธารณสุข",
            "แผนงานสังคมสงเคราะห์",
            "แผนงานเคหะและชุมชน",
            "แผนงานสร้างความเข้มแข็งของชุมชน",
            "แผนงานการศาสนาวัฒนธรรมและนันทนาการ",
        ],
        "ด้านการเศรษฐกิจ": ["แผนงานอุตสาหกรรมและการโยธา", "แผนงานการเกษตร", "แผนงานการพาณิชย์"],
        "ด้านการดำเนินงานอื่น": ["แผนงานงบกลาง"],
    }
    assert list(Sector.objects.values_list("name", flat=True)) == [
        "ด้านบริหารทั่วไป",
        "ด้านบริการชุมชนและสังคม",
        "ด้านการเศรษฐกิจ",
        "ด้านการดำเนินงานอื่น",
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("แผนงานการศาสนา วัฒนธรรม และนันทนาการ", "religion_culture_recreation"),
        ("แผนงานการศาสนาวัฒนธรรมและนันทนาการ", "religion_culture_recreation"),
        ("แผนงานรักษาความสงบภายใน", "internal_security"),
        ("  แผนงานบริหารงานทั่วไป ", "general_administration"),
        ("บริหารงานทั่วไป", "general_administration"),
        ("แผนงาน งบกลาง", "central_fund"),
        ("แผนงานอุตสาหกรรมและโยธา", "industry_and_public_works"),
        ("แผนงานเคหะ\nและชุมชน", "housing_and_community"),
    ],
)
def test_spelling_variants_are_recognised(written, code):
    assert match_program(written) == Program.objects.get(code=code)


@pytest.mark.parametrize("written", ["", "แผนงานการบิน", "ยุทธศาสตร์ที่ 1"])
def test_unknown_names_match_nothing(written):
    assert match_program(written) is None


def test_the_lookup_is_two_queries_however_many_rows_are_matched(django_assert_num_queries):
    with django_assert_num_queries(2):
        lookup = program_lookup()
    with django_assert_num_queries(0):
        for _ in range(100):
            match_program("แผนงานการศึกษา", lookup)


def test_normalize_removes_spaces_and_the_leading_word():
    assert normalize_program_name(" แผนงาน การ ศึกษา ") == "การศึกษา"
