"""The ITA item codes of the current assessment years (editable in admin: they change
every year, domain.md §5). Checked against the year's ITA manual by the organisation's
officer; these are the codes the 2568 manual used for the same documents."""

from django.db import migrations

ITEMS = [
    ("plan", "O10", "แผนการดำเนินงานและการใช้จ่ายงบประมาณประจำปี"),
    ("six_month", "O11", "รายงานการกำกับติดตามการดำเนินงานและการใช้จ่ายงบประมาณ ประจำปี รอบ 6 เดือน"),
    ("annual", "O12", "รายงานผลการดำเนินงานประจำปี"),
]


def add(apps, schema_editor):
    ItaItem = apps.get_model("results", "ItaItem")
    for year in (2569, 2570):
        for document, code, title in ITEMS:
            ItaItem.objects.get_or_create(
                year=year, document=document, defaults={"code": code, "title": title}
            )


def remove(apps, schema_editor):
    apps.get_model("results", "ItaItem").objects.filter(year__in=(2569, 2570)).delete()


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
