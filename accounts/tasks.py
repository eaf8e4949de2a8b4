"""Background work of accounts: the password-reset e-mail.

Sent by the worker, so the reset page answers at once and in the same time whether or
not the address belongs to an account. The link's token is made here, when the message
is written, so no usable token waits in the task table. A failure is logged; the person
can ask again.
"""

import logging

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.passwords import reset_hours

logger = logging.getLogger(__name__)

SUBJECT = "accounts/password_reset_subject.txt"
BODY = "accounts/password_reset_email.txt"


@task
def send_password_reset(user_id: int, recipient: str, domain: str, protocol: str) -> bool:
    """E-mail `recipient` a link to set a new password for account `user_id`.

    Returns False (nothing sent) when the account has gone or been switched off since.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "user": user,
        "domain": domain,
        "protocol": protocol,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "reset_hours": reset_hours(),
    }
    subject = "".join(render_to_string(SUBJECT, context).splitlines())
    body = render_to_string(BODY, context)
    try:
        EmailMessage(subject, body, to=[recipient]).send()
    except OSError:  # smtplib's errors are OSErrors
        logger.exception("could not e-mail the password reset link to %s", recipient)
        raise
    return True
