"""The invitation link's token: Django's password-reset token made with its own salt and
lifetime (OPPLAN_INVITATION_DAYS), so a reset link is no invitation and vice versa.

The token hashes the account's password field: setting a password through the link
ends it (one use). `status` says why a link does not work, for the page to explain.
"""

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class LinkStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    INVALID = "invalid"


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "opplan.invitations.InvitationTokenGenerator"

    def timeout_seconds(self) -> int:
        return settings.OPPLAN_INVITATION_DAYS * 24 * 60 * 60

    def status(self, user, token) -> LinkStatus:
        if user is None or not token:
            return LinkStatus.INVALID
        if user.has_usable_password():
            return LinkStatus.USED
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return LinkStatus.INVALID
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return LinkStatus.INVALID
        if self._num_seconds(self._now()) - timestamp > self.timeout_seconds():
            return LinkStatus.EXPIRED
        return LinkStatus.VALID

    def check_token(self, user, token) -> bool:
        return self.status(user, token) == LinkStatus.VALID


invitation_token = InvitationTokenGenerator()
