"""Reference data: the 12 แผนงาน in 4 ด้าน (domain.md §4) and spellings seen in practice."""

from django.db import migrations

SECTORS = [
    ("general_administration", "ด้านบริหารทั่วไป"),
    ("community_and_social", "ด้านบริการชุมชนและสังคม"),
    ("economic", "ด้านการเศรษฐกิจ"),
    ("other", "ด้านการดำเนินงานอื่น"),
]

# (sector code, program code, name, aliases)
PROGRAMS = [
    ("general_administration", "general_administration", "แผนงานบริหารงานทั่วไป", ["แผนงานบริหารทั่วไป"]),
    (
        "general_administration",
        "internal_security",
        "แผนงานการรักษาความสงบภายใน",
        ["แผนงานรักษาความสงบภายใน", "แผนงานการรักษาความสงบเรียบร้อยภายใน"],
    ),
    ("community_and_social", "education", "แผนงานการศึกษา", ["แผนงานศึกษา"]),
    ("community_and_social", "public_health", "แผนงานสาธารณสุข", []),
    ("community_and_social", "social_welfare", "แผนงานสังคมสงเคราะห์", []),
    ("community_and_social", "housing_and_community", "แผนงานเคหะและชุมชน", ["แผนงานเคหะชุมชน"]),
    (
        "community_and_social",
        "community_strengthening",
        "แผนงานสร้างความเข้มแข็งของชุมชน",
        ["แผนงานสร้างความเข้มแข็งชุมชน"],
    ),
    (
        "community_and_social",
        "religion_culture_recreation",
        "แผนงานการศาสนาวัฒนธรรมและนันทนาการ",
        [
            "แผนงานการศาสนา วัฒนธรรม และนันทนาการ",
            "แผนงานศาสนาวัฒนธรรมและนันทนาการ",
            "แผนงานการศาสนา วัฒนธรรมและนันทนาการ",
        ],
    ),
    (
        "economic",
        "industry_and_public_works",
        "แผนงานอุตสาหกรรมและการโยธา",
        ["แผนงานอุตสาหกรรมและโยธา"],
    ),
    ("economic", "agriculture", "แผนงานการเกษตร", ["แผนงานเกษตร"]),
    ("economic", "commerce", "แผนงานการพาณิชย์", ["แผนงานพาณิชย์"]),
    ("other", "central_fund", "แผนงานงบกลาง", []),
]


def add_programs(apps, schema_editor):
    Sector = apps.get_model("budget", "Sector")
    Program = apps.get_model("budget", "Program")
    ProgramAlias = apps.get_model("budget", "ProgramAlias")
    sectors = {}
    for order, (code, name) in enumerate(SECTORS, start=1):
        sectors[code] = Sector.objects.create(code=code, name=name, order=order)
    for order, (sector, code, name, aliases) in enumerate(PROGRAMS, start=1):
        program = Program.objects.create(sector=sectors[sector], code=code, name=name, order=order)
        ProgramAlias.objects.bulk_create(ProgramAlias(program=program, name=a) for a in aliases)


def remove_programs(apps, schema_editor):
    apps.get_model("budget", "Program").objects.all().delete()
    apps.get_model("budget", "Sector").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("budget", "0002_reference_sources")]

    operations = [migrations.RunPython(add_programs, remove_programs)]
