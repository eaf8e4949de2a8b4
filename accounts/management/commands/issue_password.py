from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.passwords import issue_one_time_password
from accounts.permissions import OPERATOR


class Command(BaseCommand):
    help = (
        "ออกรหัสผ่านชั่วคราวให้ผู้ใช้ (เช่น เจ้าหน้าที่ที่ไม่มีอีเมล): พิมพ์รหัสผ่านครั้งเดียว "
        "ผู้ใช้ต้องตั้งรหัสผ่านของตนเองทันทีที่เข้าสู่ระบบ และการล็อกการเข้าสู่ระบบของบัญชีถูกปลดด้วย"
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="ชื่อผู้ใช้ที่จะออกรหัสผ่านชั่วคราวให้")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ชื่อ “{username}”")
        if not user.is_active:
            raise CommandError(f"บัญชี “{username}” ถูกปิดใช้งานอยู่ เปิดใช้งานในหน้าผู้ดูแลระบบก่อน")
        password = issue_one_time_password(user, by=OPERATOR)
        self.stderr.write(f"รหัสผ่านชั่วคราวของ {username} (แสดงครั้งเดียว; ต้องตั้งรหัสผ่านใหม่เมื่อเข้าสู่ระบบ):")
        self.stdout.write(password)
