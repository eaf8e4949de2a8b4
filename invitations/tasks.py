"""The invitation e-mail, written by the worker and sent through approvals.tasks.send_email.

The link's token is made here, when the message is written (as for password resets,
docs/adr/0026), so the queued task holds only the invitation's id. send_email retries a
failing mail server with the composed message: only then does a link wait in the task
table, and it still ends when used or after OPPLAN_INVITATION_DAYS.
"""

from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from approvals.tasks import send_email

SUBJECT = "invitations/invitation_subject.txt"
BODY = "invitations/invitation_email.txt"


@task
def send_invitation(invitation_id: int, domain: str, protocol: str) -> int:
    """E-mail the invitation; returns the number of recipients written to (0: nothing
    sent, because the invitation or the account has gone since)."""
    from invitations.models import Invitation
    from invitations.tokens import invitation_token

    invitation = (
        Invitation.objects.select_related("organization", "user", "department", "invited_by")
        .filter(pk=invitation_id, user__is_active=True)
        .first()
    )
    if invitation is None:
        return 0
    user = invitation.user
    site = f"{protocol}://{domain}"
    link = ""
    if not user.has_usable_password():
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = site + reverse("invitations:accept", args=[uid, invitation_token.make_token(user)])
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "role": invitation.organization.role_label(invitation.role),
        "link": link,
        "login": site + reverse("accounts:login"),
        "days": settings.OPPLAN_INVITATION_DAYS,
    }
    subject = "".join(render_to_string(SUBJECT, context).splitlines())
    body = render_to_string(BODY, context)
    return send_email.call(subject, body, [invitation.email])
