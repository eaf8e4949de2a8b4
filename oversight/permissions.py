"""Who reads the district and province views, and who adds organisations.

A ท้องถิ่นอำเภอ/ท้องถิ่นจังหวัด (accounts.models.Supervision) reads the organisations of
their areas (accounts.permissions.visible_supervised_organizations): plan status,
totals of the plans in force and results progress; never a draft's rows, never an edit.
The province administrator (a province-level supervision with can_manage_organizations)
adds organisations in the province and invites their planning officers. docs/adr/0041.
"""

from accounts import permissions as accounts
from accounts.models import Organization

SUPERVISORS_ONLY = "หน้านี้สำหรับท้องถิ่นอำเภอและท้องถิ่นจังหวัดเท่านั้น"
PROVINCE_ADMINS_ONLY = "หน้านี้สำหรับผู้ดูแล อปท. ของจังหวัดเท่านั้น"


def can_read_views(user) -> bool:
    return accounts.can_supervise(user)


def visible_areas(user):
    """The supervisions (areas) whose views the user reads."""
    return accounts.supervisions(user)


def area_organizations(user, area):
    """The organisations of one of the user's areas (a Supervision of theirs)."""
    return accounts.visible_supervised_organizations(user, area)


def can_add_organizations(user, province=None) -> bool:
    return accounts.can_create_organization(user, province)


def managed_provinces(user) -> list[str]:
    return accounts.managed_provinces(user)


def managed_organizations(user):
    """Organisations of the provinces the user administers."""
    return Organization.objects.filter(province__in=accounts.managed_provinces(user))


# Rules (accounts/permissions.py, and): "supervisor" (a ท้องถิ่นอำเภอ/จังหวัด, for their
# own areas), "province_admin" (a province administrator; an organisation outside their
# provinces is 404).
URL_RULES = {
    "oversight:status": "supervisor",
    "oversight:status_xlsx": "supervisor",
    "oversight:totals": "supervisor",
    "oversight:totals_xlsx": "supervisor",
    "oversight:results": "supervisor",
    "oversight:results_xlsx": "supervisor",
    "oversight:organizations": "province_admin",
    "oversight:organization_create": "province_admin",
    "oversight:invite_planner": "province_admin",
}
