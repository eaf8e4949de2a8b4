"""Who may invite whom (the predicates live in accounts/permissions.py, beside roles).

The planning officer invites the organisation's staff and committee members (any role);
the province administrator invites the planning officer of an organisation of their
province. Accepting needs no sign-in: the e-mailed link is the proof.
"""

from accounts.models import Membership, Role
from accounts.permissions import can_invite_members, can_invite_planner


def can_invite(user, organization, role) -> bool:
    if can_invite_members(user, organization):
        return True
    return role == Role.PLANNER and can_invite_planner(user, organization)


def invitable_roles(user, organization) -> list[Role]:
    return [role for role in Role if can_invite(user, organization, role)]


def visible_members(user, organization):
    """The organisation's memberships, for its planning officers and for the province
    administrator of its province (who sees whether a planner has joined)."""
    if can_invite_members(user, organization) or can_invite_planner(user, organization):
        return Membership.objects.filter(organization=organization)
    return Membership.objects.none()


# Rules: accounts/permissions.py; "invitee": anyone holding the e-mailed link (no sign-in).
URL_RULES = {
    "invitations:people": "planner",
    "invitations:accept": "public",
}
