"""request.organization: the organisation the signed-in user is working in."""

from accounts.permissions import memberships
from thai.collation import thai_sort_key

SESSION_KEY = "opplan_organization_id"


def current_organization(request):
    """The organisation chosen in the switcher, or the user's first (by name); None if none."""
    organizations = {m.organization_id: m.organization for m in memberships(request.user)}
    if not organizations:
        return None
    chosen = request.session.get(SESSION_KEY)
    if chosen in organizations:
        return organizations[chosen]
    return min(organizations.values(), key=lambda o: (thai_sort_key(o.name), o.pk))


def choose_organization(request, organization) -> None:
    request.session[SESSION_KEY] = organization.pk
    request.organization = organization


class CurrentOrganizationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = current_organization(request)
        return self.get_response(request)
