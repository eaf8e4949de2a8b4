"""Area names typed with their word ("จังหวัดพะเยา", "อ.เมือง") stored bare, as the models
now store them (accounts.areas, docs/adr/0049). The rule is copied here so that this
migration keeps doing what it did when accounts.areas changes."""

from django.db import migrations


def _bare(text, prefixes):
    name = " ".join((text or "").split())
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def province_name(text):
    return _bare(text, ("จังหวัด", "จ."))


def amphoe_name(text):
    return _bare(text, ("อำเภอ", "อ."))


def forwards(apps, schema_editor):
    Organization = apps.get_model("accounts", "Organization")
    Supervision = apps.get_model("accounts", "Supervision")
    for organization in Organization.objects.all().only("pk", "province", "amphoe"):
        province, amphoe = province_name(organization.province), amphoe_name(organization.amphoe)
        if (province, amphoe) != (organization.province, organization.amphoe):
            Organization.objects.filter(pk=organization.pk).update(province=province, amphoe=amphoe)
    for supervision in Supervision.objects.order_by("pk"):
        province, amphoe = province_name(supervision.province), amphoe_name(supervision.amphoe)
        if (province, amphoe) == (supervision.province, supervision.amphoe):
            continue
        same = Supervision.objects.filter(
            user_id=supervision.user_id, province=province, amphoe=amphoe
        ).first()
        if same is not None:  # the same area written twice: keep one, with both powers
            if supervision.can_manage_organizations and not same.can_manage_organizations:
                Supervision.objects.filter(pk=same.pk).update(can_manage_organizations=True)
            supervision.delete()
        else:
            Supervision.objects.filter(pk=supervision.pk).update(province=province, amphoe=amphoe)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_supervision")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
