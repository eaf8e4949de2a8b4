"""request.organization: the organisation the signed-in user is working in; and an account
given a one-time password sets its own before anything else."""

from django.shortcuts import redirect

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


class PasswordChangeRequiredMiddleware:
    """While user.must_change_password, every page leads to the password change page
    (signing out still works). Set by accounts.passwords.issue_one_time_password."""

    ALLOWED = {"accounts:password_change", "accounts:logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.resolver_match.view_name not in self.ALLOWED
        ):
            return redirect("accounts:password_change")
        return None
