from accounts.models import Role
from accounts.permissions import (
    can_create_organization,
    can_manage_organization,
    can_supervise,
    memberships,
    roles_in,
)
from thai.collation import thai_sort_key


def organization(request):
    """The current organisation, the user's others (for the switcher) and roles there."""
    current = getattr(request, "organization", None)
    user = getattr(request, "user", None)
    if user is None or current is None:
        # Someone with no organisation may oversee districts or provinces (one query, only
        # for them: the pages of organisations' staff cost nothing more).
        return {
            "current_organization": None,
            "my_organizations": [],
            "my_roles": [],
            "can_manage_current_organization": False,
            "can_supervise": user is not None and can_supervise(user),
            "can_add_organizations": user is not None and can_create_organization(user),
        }
    organizations = {m.organization_id: m.organization for m in memberships(user)}
    roles = sorted(roles_in(user, current), key=list(Role).index)
    return {
        "current_organization": current,
        "my_organizations": sorted(organizations.values(), key=lambda o: thai_sort_key(o.name)),
        "my_roles": [current.role_label(r) for r in roles],
        "can_manage_current_organization": can_manage_organization(user, current),
        # A member may oversee a district or province too (no query for one who does
        # not: the memberships say so, accounts.permissions.supervisions).
        "can_supervise": can_supervise(user),
        "can_add_organizations": can_create_organization(user),
    }
