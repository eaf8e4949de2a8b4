"""Passwords: the one write path for setting one, and the admin-issued one-time password.

Staff who have an e-mail address reset their own password by e-mail (Django's
PasswordResetView family, Thai templates in templates/accounts/). Staff without one ask
an admin, who issues a one-time password (`manage.py issue_password USERNAME` or the user
admin's action): it is shown once, and the account must set its own password at the next
sign-in (accounts.middleware.PasswordChangeRequiredMiddleware). See
docs/adr/0026-logins-csp-and-passwords.md.
"""

import logging
import secrets

from django.conf import settings
from django.db import transaction

from accounts import logins

logger = logging.getLogger(__name__)

# No 0/O, 1/l/I: read aloud over the phone or copied from paper.
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def generate_password(groups: int = 3, size: int = 4) -> str:
    """A random password in groups, e.g. "k7mq-x3ta-9pzd" (about 60 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def issue_one_time_password(user, *, by) -> str:
    """Give `user` a new random password, to be replaced at the next sign-in; return it.

    The account's sessions end (its password changed) and its sign-in lock, if any, is
    lifted. The password is returned to be shown once and is stored only as a hash.
    """
    password = generate_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
    logins.unlock(username=user.username)
    logger.warning(
        "one-time password issued for %r by %s", user.username, getattr(by, "username", by)
    )
    return password


def set_password(user, password) -> None:
    """The account's own new password (changed, or reset by e-mail): no change is owed,
    and a sign-in lock on the account is lifted (its owner has just proved who they are)."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    logins.unlock(username=user.username)
    logger.info("password set by its owner: %r", user.username)


def reset_hours() -> int:
    """How long an e-mailed reset link works, in whole hours (as the pages and e-mail say)."""
    return settings.PASSWORD_RESET_TIMEOUT // 3600
