from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from accounts.permissions import OPERATOR
from projects.editing import create_plan


class Command(BaseCommand):
    help = "สร้างแผนการดำเนินงาน (ฉบับแรก สถานะร่าง) ของ อปท. สำหรับปีงบประมาณ แล้วพิมพ์รหัส (id) ของแผน"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="ชื่อภาษาอังกฤษในลิงก์ (slug)ของ อปท. เช่น demo")
        parser.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. เช่น 2570")

    def handle(self, *args, org, year, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"ไม่พบ อปท. ที่มีชื่อย่อ “{org}”")
        if not year.isdecimal():
            raise CommandError(f"ปีงบประมาณต้องเป็นตัวเลข พ.ศ. เช่น 2570 ไม่ใช่ “{year}”")
        try:
            plan = create_plan(organization, fiscal_year=int(year), by=OPERATOR)
        except ValidationError as error:
            raise CommandError("สร้างแผนไม่สำเร็จ: " + " ".join(error.messages)) from None
        self.stdout.write(str(plan.pk))
