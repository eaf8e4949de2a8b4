"""Who may see and do what, for organisations and their people.

Two kinds of answer (style.md §4): `can_*` predicates for one object, and
`visible_*` scopes that return the QuerySet a user may read. Every view that
reads organisation data starts from a scope, so one organisation never sees
another's records. Other apps' permissions.py build on these.
"""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef

from accounts.areas import province_name
from accounts.models import Department, Membership, Organization, Role, Supervision

_CACHE_ATTR = "_opplan_memberships"
_SUPERVISIONS_ATTR = "_opplan_supervisions"
# The refusal every planner-only action gives.
PLANNERS_ONLY = "เฉพาะนักวิเคราะห์นโยบายและแผนของ อปท. นี้เท่านั้น"


class Operator:
    """Whoever runs a management command on the server: acts as planner everywhere.

    Commands have no signed-in user; passing OPERATOR as `by` to a write path
    says so explicitly, instead of skipping the permission checks.
    """

    is_authenticated = True
    is_active = True
    is_operator = True
    pk = None

    def __str__(self):
        return "ผู้ดูแลเซิร์ฟเวอร์ (คำสั่งจัดการ)"


OPERATOR = Operator()


def memberships(user) -> list[Membership]:
    """The user's memberships, fetched once per user object (one query). Each says too
    whether the user oversees any area (`user_supervises`), so that supervisions() asks
    no more of a member who oversees none: every page's navbar wants to know."""
    if not user.is_authenticated or not user.is_active or getattr(user, "is_operator", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        oversees = Supervision.objects.filter(user=OuterRef("user_id"))
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("organization", "department")
            .annotate(user_supervises=Exists(oversees))
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def roles_in(user, organization) -> frozenset[Role]:
    """The roles the user holds in `organization` (empty for outsiders)."""
    if organization is None:
        return frozenset()
    if getattr(user, "is_operator", False):
        return frozenset({Role.PLANNER})
    return frozenset(
        Role(m.role) for m in memberships(user) if m.organization_id == organization.pk
    )


def has_role(user, organization, *roles: Role) -> bool:
    return bool(roles_in(user, organization) & set(roles))


def staff_department_ids(user, organization) -> frozenset[int]:
    """Departments whose rows the user supplies as department staff in `organization`."""
    return frozenset(
        m.department_id
        for m in memberships(user)
        if m.organization_id == organization.pk and m.role == Role.DEPARTMENT_STAFF
    )


# --- scopes ------------------------------------------------------------------


def visible_organizations(user):
    """Organisations in which the user holds any role."""
    if getattr(user, "is_operator", False):
        return Organization.objects.all()
    ids = {m.organization_id for m in memberships(user)}
    return Organization.objects.filter(pk__in=ids)


def supervisions(user) -> list[Supervision]:
    """The districts and provinces the user oversees, fetched once per user object."""
    if not user.is_authenticated or not user.is_active or getattr(user, "is_operator", False):
        return []
    cached = getattr(user, _SUPERVISIONS_ATTR, None)
    if cached is None:
        known = getattr(user, _CACHE_ATTR, None)  # memberships already read say whether any
        if known and not known[0].user_supervises:
            cached = []
        else:
            cached = list(
                Supervision.objects.filter(user=user).order_by("province", "amphoe", "pk")
            )
        setattr(user, _SUPERVISIONS_ATTR, cached)
    return cached


def visible_supervised_organizations(user, supervision=None):
    """Organisations of the districts and provinces the user oversees (read-only), or of
    one of them (`supervision`, which must be the user's). Roles inside an organisation
    give nothing here: a planner sees their own through visible_organizations."""
    if getattr(user, "is_operator", False):
        return Organization.objects.all()
    areas = supervisions(user)
    if supervision is not None:
        areas = [s for s in areas if s.pk == supervision.pk]
    if not areas:
        return Organization.objects.none()
    return Organization.objects.filter(reduce(or_, (s.organizations_filter for s in areas)))


def visible_departments(user):
    """Departments of the organisations the user belongs to."""
    return Department.objects.filter(organization__in=visible_organizations(user))


# --- predicates ----------------------------------------------------------------


def can_view_organization(user, organization) -> bool:
    return bool(roles_in(user, organization))


def can_manage_organization(user, organization) -> bool:
    """Settings, departments, strategies and plans are the planning officer's."""
    return has_role(user, organization, Role.PLANNER)


def can_supervise(user) -> bool:
    """ท้องถิ่นอำเภอ/ท้องถิ่นจังหวัด: reads the district and province views."""
    return bool(supervisions(user))


def managed_provinces(user) -> list[str]:
    """Provinces in which the user adds organisations (province administrator)."""
    return sorted({s.province for s in supervisions(user) if s.can_manage_organizations})


def can_create_organization(user, province=None) -> bool:
    """A province administrator adds organisations in their province (any province when
    `province` is None: may they add one at all); commands act as OPERATOR."""
    if getattr(user, "is_operator", False):
        return True
    provinces = managed_provinces(user)
    return bool(provinces) if province is None else province_name(province) in provinces


def can_invite_planner(user, organization) -> bool:
    """The province administrator invites the planning officer of an organisation of
    their province (the organisation's own planner invites everyone else)."""
    return can_create_organization(user, organization.province)


def can_invite_members(user, organization) -> bool:
    """The planning officer invites the organisation's staff and committee members."""
    return has_role(user, organization, Role.PLANNER)


# --- pages -----------------------------------------------------------------------
# The rule of each of this app's named URLs (tests/test_permission_map.py checks every
# URL has one and that it holds for every persona). Rules: "public" (anyone, no
# login), "signed_in" (any account), "member" (any role in the object's organisation),
# "planner" (its planning officer). Another organisation's objects are 404, never 403.
URL_RULES = {
    "accounts:login": "public",
    "accounts:logout": "signed_in",
    "accounts:password_reset": "public",
    "accounts:password_reset_done": "public",
    "accounts:password_reset_confirm": "public",
    "accounts:password_change": "signed_in",
    "accounts:switch_organization": "signed_in",
    "accounts:organization": "planner",
    "accounts:organization_logo": "member",
    "accounts:department_create": "planner",
    "accounts:department_edit": "planner",
}
