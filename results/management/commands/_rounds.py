"""Shared by the results spreadsheet commands: the round named by --plan and --round."""

from django.core.management.base import CommandError

from projects.management.commands._plans import plan_from_id
from results.models import Round, RoundKind

KINDS = "|".join(RoundKind.values)


def add_round_arguments(parser):
    parser.add_argument(
        "--plan",
        required=True,
        help="รหัสแผนใดก็ได้ของปีงบประมาณนั้น (ดูจาก list_plans): บอก อปท. และปีงบประมาณ",
    )
    parser.add_argument(
        "--round",
        required=True,
        metavar=KINDS,
        help="รอบรายงาน: six_month รอบ 6 เดือน, annual รอบ 12 เดือน (quarter_1, quarter_3 รายไตรมาส)",
    )


def kind_from_option(kind) -> str:
    """The --round argument as a RoundKind value, or CommandError in Thai."""
    if kind not in RoundKind.values:
        raise CommandError(f"ไม่รู้จักรอบรายงาน (--round) “{kind}” ใช้ได้: {KINDS.replace('|', ', ')}")
    return kind


def round_from_options(plan, kind) -> Round:
    """The round of the plan's organisation and fiscal year, or CommandError in Thai."""
    plan = plan_from_id(plan)
    return round_of_plan(plan, kind_from_option(kind))


def round_of_plan(plan, kind) -> Round:
    """The round of `kind` of the plan's organisation and fiscal year, or CommandError in
    Thai saying how it is opened."""
    found = (
        Round.objects.select_related("organization")
        .filter(organization=plan.organization, fiscal_year=plan.fiscal_year, kind=kind)
        .first()
    )
    if found is None:
        raise CommandError(
            f"{plan.organization.name} ยังไม่ได้เปิด{RoundKind(kind).label} "
            f"ของปีงบประมาณ พ.ศ. {plan.fiscal_year} (นักวิเคราะห์นโยบายและแผนเปิดรอบได้ที่หน้า "
            "“ติดตามผล” /rounds/ หรือใช้คำสั่ง open_round)"
        )
    return found
