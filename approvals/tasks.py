"""Background work of the approval process: e-mail to whoever must act next.

The message is composed when the step commits (approvals/workflow.py) and sent by the
worker, so a slow or failing mail server never holds up a click; a failure is retried
with growing pauses, then logged as an error.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Pauses before each retry of a failed send (the last failure is logged as an error).
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
               timedelta(hours=2))  # fmt: skip


@task
def send_email(subject: str, body: str, recipients: list[str], attempt: int = 1) -> int:
    """Send one message; on a mail-server failure, queue the next attempt. Returns the
    number of recipients written to (0 when this attempt failed)."""
    try:
        EmailMessage(subject, body, to=recipients).send()
    except OSError:  # smtplib's errors are OSErrors
        if attempt > len(RETRY_AFTER) or not send_email.get_backend().supports_defer:
            logger.exception("could not e-mail %s (attempt %s): giving up", recipients, attempt)
            raise
        pause = RETRY_AFTER[attempt - 1]
        logger.warning("could not e-mail %s (attempt %s); trying again in %s",
                       recipients, attempt, pause, exc_info=True)  # fmt: skip
        send_email.using(run_after=timezone.now() + pause).enqueue(
            subject, body, recipients, attempt=attempt + 1
        )
        return 0
    return len(recipients)
