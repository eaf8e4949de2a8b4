from accounts.models import Role
from accounts.permissions import can_manage_organization, memberships, roles_in
from thai.collation import thai_sort_key


def organization(request):
    """The current organisation, the user's others (for the switcher) and roles there."""
    current = getattr(request, "organization", None)
    user = getattr(request, "user", None)
    if user is None or current is None:
        return {
            "current_organization": None,
            "my_organizations": [],
            "my_roles": [],
            "can_manage_current_organization": False,
        }
    organizations = {m.organization_id: m.organization for m in memberships(user)}
    roles = sorted(roles_in(user, current), key=list(Role).index)
    return {
        "current_organization": current,
        "my_organizations": sorted(organizations.values(), key=lambda o: thai_sort_key(o.name)),
        "my_roles": [current.role_label(r) for r in roles],
        "can_manage_current_organization": can_manage_organization(user, current),
    }
