"""Shared by the spreadsheet commands: find a plan by id with a Thai error."""

from django.core.management.base import CommandError

from projects.models import Plan


def plan_from_id(value) -> Plan:
    if not str(value).isdecimal():
        raise CommandError(f"รหัสแผน (--plan) ต้องเป็นตัวเลข ไม่ใช่ “{value}”")
    plan = Plan.objects.select_related("organization").filter(pk=int(value)).first()
    if plan is None:
        raise CommandError(f"ไม่พบแผนรหัส {value} (ดูรหัสได้จากคำสั่ง list_plans)")
    return plan
