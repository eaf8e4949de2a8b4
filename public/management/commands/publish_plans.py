"""Render and store the public files of announced editions ahead of the first visitor."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from projects.models import Plan
from public.publication import IN_FORCE, publish


class Command(BaseCommand):
    help = "เผยแพร่ไฟล์ของแผนที่ประกาศใช้แล้ว (รูปเล่ม ประกาศ ผด.01/02/02-1) ล่วงหน้า"

    def add_arguments(self, parser):
        parser.add_argument("--org", help="slug ของ อปท. (ไม่ระบุ = ทุก อปท.)")

    def handle(self, *args, **options):
        plans = Plan.objects.filter(status__in=IN_FORCE).select_related("organization")
        if options["org"]:
            if not Organization.objects.filter(slug=options["org"]).exists():
                raise CommandError(f"ไม่พบ อปท. ที่มี slug “{options['org']}”")
            plans = plans.filter(organization__slug=options["org"])
        for plan in plans.order_by("organization__slug", "fiscal_year", "pk"):
            files = publish(plan)
            self.stdout.write(
                f"{plan.organization.slug}\t{plan.pk}\t{plan.title}\t{len(files)} ไฟล์"
            )
