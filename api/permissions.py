"""The open data API needs no account and shows announced editions only.

Every plan the API reaches comes through `visible_plans()`: a draft (or an edition in
any committee stage) is answered exactly like an id that does not exist, so not even
its id leaks. Organisations are public (their public pages exist), their drafts never.
"""

from django.http import Http404

from accounts.models import Organization
from projects.models import ANNOUNCED_STATUSES, Plan

NO_PLAN = "ไม่พบแผนการดำเนินงานที่ประกาศใช้แล้วรหัส {id}"
NO_ORGANIZATION = "ไม่พบ อปท. รหัส “{slug}”"


def visible_organizations():
    return Organization.objects.all()


def visible_plans():
    """Announced (and posted) editions of every organisation: the only plans served."""
    return Plan.objects.filter(status__in=ANNOUNCED_STATUSES)


def organization_or_404(slug) -> Organization:
    organization = visible_organizations().filter(slug=slug).first()
    if organization is None:
        raise Http404(NO_ORGANIZATION.format(slug=slug))
    return organization


def plan_or_404(plan_id) -> Plan:
    plan = visible_plans().select_related("organization").filter(pk=plan_id).first()
    if plan is None:
        raise Http404(NO_PLAN.format(id=plan_id))
    return plan


# The rule of each named URL (rules: accounts/permissions.py): all public, read-only.
URL_RULES = {
    "api:guide": "public",
    "api:openapi": "public",
    "api:organizations": "public",
    "api:organization": "public",
    "api:organization_plans": "public",
    "api:plan_projects": "public",
    "api:plan_projects_csv": "public",
}
