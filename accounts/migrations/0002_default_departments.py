"""Reference data: the departments each type of organisation starts with (domain.md §4).

create_organization copies these into a new organisation; planners adjust them
afterwards. Superusers can change the defaults in the admin.
"""

from django.db import migrations

SAO = [
    "สำนักปลัด",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา ศาสนาและวัฒนธรรม",
    "กองสวัสดิการสังคม",
    "กองสาธารณสุขและสิ่งแวดล้อม",
]
MUNICIPALITY = [
    "สำนักปลัดเทศบาล",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา",
    "กองสวัสดิการสังคม",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองยุทธศาสตร์และงบประมาณ",
    "กองการเจ้าหน้าที่",
    "หน่วยตรวจสอบภายใน",
]
PAO = [
    "สำนักปลัดองค์การบริหารส่วนจังหวัด",
    "กองแผนและงบประมาณ",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา ศาสนาและวัฒนธรรม",
    "กองสาธารณสุข",
    "กองพัสดุและทรัพย์สิน",
    "กองการเจ้าหน้าที่",
    "หน่วยตรวจสอบภายใน",
]
DEFAULTS = {
    "sao": SAO,
    "subdistrict_municipality": MUNICIPALITY,
    "town": MUNICIPALITY,
    "city": MUNICIPALITY,
    "pao": PAO,
}


def add_defaults(apps, schema_editor):
    DefaultDepartment = apps.get_model("accounts", "DefaultDepartment")
    DefaultDepartment.objects.bulk_create(
        DefaultDepartment(organization_type=kind, name=name, order=order)
        for kind, names in DEFAULTS.items()
        for order, name in enumerate(names, start=1)
    )


def remove_defaults(apps, schema_editor):
    apps.get_model("accounts", "DefaultDepartment").objects.filter(
        organization_type__in=DEFAULTS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
