from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Membership, Organization, OrganizationType, Role, User
from accounts.organizations import create_organization
from projects.models import Plan, PlanKind
from thai.format import fiscal_year_of

DEMO_PASSWORD = "demo1234"  # noqa: S105 -- the documented demo login
DEMO_SLUG = "demo"

# username → (first name, last name, role, department name or None)
DEMO_USERS = {
    "planner": ("สมศรี", "วางแผนดี", Role.PLANNER, None),
    "dept": ("สมชาย", "ช่างงาม", Role.DEPARTMENT_STAFF, "กองช่าง"),
    "support": ("สมหมาย", "สนับสนุน", Role.SUPPORT_COMMITTEE, None),
    "committee": ("สมพร", "ใจพัฒนา", Role.DEVELOPMENT_COMMITTEE, None),
    "executive": ("สมศักดิ์", "นำชุมชน", Role.EXECUTIVE, None),
}


class Command(BaseCommand):
    help = (
        "สร้างข้อมูลตัวอย่าง: อบต.ตัวอย่าง (demo) ผู้ใช้ตัวอย่าง และร่างแผนของปีงบประมาณปัจจุบัน (รันซ้ำได้ ไม่สร้างซ้ำ)"
    )

    @transaction.atomic
    def handle(self, *args, **options):
        organization = Organization.objects.filter(slug=DEMO_SLUG).first()
        if organization is None:
            organization = create_organization(
                name="องค์การบริหารส่วนตำบลตัวอย่าง",
                slug=DEMO_SLUG,
                type=OrganizationType.SAO,
                amphoe="เมืองตัวอย่าง",
                province="ตัวอย่าง",
                address="หมู่ที่ 1 ตำบลตัวอย่าง อำเภอเมืองตัวอย่าง จังหวัดตัวอย่าง",
                executive_name="นายสมศักดิ์ นำชุมชน",
            )
        for username, (first, last, role, department_name) in DEMO_USERS.items():
            user, _ = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            department = None
            if department_name:
                department, _ = Department.objects.get_or_create(
                    organization=organization, name=department_name
                )
            Membership.objects.get_or_create(
                user=user, organization=organization, role=role, department=department
            )
        fiscal_year = fiscal_year_of(timezone.localdate())
        Plan.objects.get_or_create(
            organization=organization,
            fiscal_year=fiscal_year,
            kind=PlanKind.ORIGINAL,
            number=0,
        )
        self.stdout.write(
            f"ข้อมูลตัวอย่างพร้อม: {organization.name} (slug {DEMO_SLUG}), ร่างแผนปีงบประมาณ {fiscal_year}"
        )
        self.stdout.write("ผู้ใช้ตัวอย่าง (รหัสผ่านทุกบัญชี: demo1234):")
        for username, (_, _, role, department_name) in DEMO_USERS.items():
            where = f" — {department_name}" if department_name else ""
            self.stdout.write(f"  {username:<10} {role.label}{where}")
