from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization, OrganizationType
from accounts.organizations import create_organization, validation_messages
from accounts.permissions import OPERATOR


def parse_type(value: str) -> OrganizationType:
    """Accept the code (sao), the short label (อบต.) or the full label (องค์การบริหารส่วนตำบล)."""
    wanted = value.strip()
    for kind in OrganizationType:
        if wanted in {kind.value, kind.label, kind.short_label, kind.short_label.rstrip(".")}:
            return kind
    choices = ", ".join(f"{k.value} ({k.short_label} {k.label})" for k in OrganizationType)
    raise CommandError(f"ไม่รู้จักประเภท อปท. “{value}” ใช้ได้: {choices}")


class Command(BaseCommand):
    help = "สร้าง อปท. ใหม่พร้อมหน่วยงานเริ่มต้นตามประเภท แล้วพิมพ์รหัส (id) ของ อปท. ที่สร้าง"

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="ชื่อภาษาอังกฤษในลิงก์ (slug) เช่น nongbua")
        parser.add_argument("--name", required=True, help="ชื่อเต็ม เช่น องค์การบริหารส่วนตำบลหนองบัว")
        parser.add_argument(
            "--type",
            required=True,
            help="sao, subdistrict_municipality, town, city, pao หรือ อบต., ทต., ทม., ทน., อบจ.",
        )
        parser.add_argument("--amphoe", required=True, help="อำเภอ")
        parser.add_argument("--province", required=True, help="จังหวัด")

    def handle(self, *args, slug, name, type, amphoe, province, **options):
        kind = parse_type(type)
        try:
            organization = create_organization(
                name=name, slug=slug, type=kind, amphoe=amphoe, province=province, by=OPERATOR
            )
        except ValidationError as error:
            lines = validation_messages(error, Organization)
            raise CommandError(
                "สร้าง อปท. ไม่สำเร็จ:\n" + "\n".join(f"- {line}" for line in lines)
            ) from None
        self.stdout.write(str(organization.pk))
