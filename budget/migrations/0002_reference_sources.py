"""Reference data: the budget source types seen in real plans (domain.md §4)."""

from django.db import migrations

SOURCES = [
    ("annual", "ข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายประจำปี"),
    ("supplementary", "งบประมาณรายจ่ายเพิ่มเติม"),
    ("accumulated_fund", "จ่ายขาดเงินสะสม"),
    ("reserve_fund", "ทุนสำรองเงินสะสม"),
    ("specific_grant", "เงินอุดหนุนเฉพาะกิจ"),
    ("transfer", "โอนงบประมาณ"),
    ("carried_over", "เงินกัน"),
    ("other_agency", "งบประมาณของหน่วยงานอื่น"),
    ("no_budget", "ไม่ใช้งบประมาณ"),
]


def add_sources(apps, schema_editor):
    BudgetSource = apps.get_model("budget", "BudgetSource")
    BudgetSource.objects.bulk_create(
        BudgetSource(organization=None, kind=kind, name=name, order=order)
        for order, (kind, name) in enumerate(SOURCES, start=1)
    )


def remove_sources(apps, schema_editor):
    apps.get_model("budget", "BudgetSource").objects.filter(organization=None).delete()


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]

    operations = [migrations.RunPython(add_sources, remove_sources)]
