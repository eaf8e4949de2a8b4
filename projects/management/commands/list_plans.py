from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from projects.models import Plan


def edition_code(plan) -> str:
    """original, supplementary-1, amendment-2 …"""
    return plan.kind if plan.number == 0 else f"{plan.kind}-{plan.number}"


class Command(BaseCommand):
    help = (
        "แสดงแผนทั้งหมด บรรทัดละแผน คั่นด้วย tab: id, ชื่อย่อ อปท., ปีงบประมาณ, ฉบับ, สถานะ "
        "(เป็นรหัส เช่น original, draft สำหรับสคริปต์)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="เฉพาะ อปท. ที่มีชื่อย่อนี้")

    def handle(self, *args, org=None, **options):
        plans = Plan.objects.select_related("organization").order_by(
            "organization__slug", "fiscal_year", "kind", "number"
        )
        if org is not None:
            if not Organization.objects.filter(slug=org).exists():
                raise CommandError(f"ไม่พบ อปท. ที่มีชื่อย่อ “{org}”")
            plans = plans.filter(organization__slug=org)
        for plan in plans:
            fields = [
                plan.pk,
                plan.organization.slug,
                plan.fiscal_year,
                edition_code(plan),
                plan.status,
            ]
            self.stdout.write("\t".join(str(f) for f in fields))
