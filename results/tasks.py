"""Background work of the results: reminding departments that have not reported.

A periodic task (worker/periodic.py, registered in results/apps.py) looks at the open
rounds; a round's late departments are e-mailed 7 days and 1 day before its due date,
and every day once it has passed, at most once a day (Round.last_reminded_on, claimed
under a row lock by results.rounds.claim_reminder). The e-mail goes through the same
task as the approval process' (approvals.tasks.send_email: retried, then logged).
"""

import logging

from django.tasks import task
from django.utils import timezone

from accounts.models import Membership, Role
from approvals.tasks import send_email
from results import rounds
from results.models import Round, RoundStatus
from thai.format import format_date_full

logger = logging.getLogger(__name__)


def reminder_text(round_, missing, today) -> tuple[str, str]:
    """The subject and body of a round's reminder (Thai)."""
    days = (round_.due_on - today).days
    when = f"เลยกำหนดส่งมาแล้ว {-days} วัน" if days < 0 else f"ครบกำหนดส่งในอีก {days} วัน"
    organization = round_.organization
    subject = f"[OpPlan] เตือนรายงานผล{round_.label} ปีงบประมาณ พ.ศ. {round_.fiscal_year}: {when}"
    lines = [
        organization.name,
        round_.title,
        "",
        f"กำหนดส่งรายงานของหน่วยงาน: {format_date_full(round_.due_on)} ({when})",
        "หน่วยงานที่ยังไม่ส่งรายงาน:",
        *(
            f"- {department.name}" + (f" (ยังไม่รายงานผล {left} โครงการ)" if left else "")
            for department, left in missing
        ),
        "",
        "กรุณาเข้าสู่ระบบ OpPlan เมนู “ติดตามผล” บันทึกผลของทุกโครงการ แล้วกด “ส่งรายงาน”",
    ]
    return subject, "\n".join(lines)


def remind(round_, today) -> int:
    """E-mail the staff of the round's late departments if it is due today; returns how
    many addresses were written to (0: not due, or nobody to tell)."""
    claimed = rounds.claim_reminder(round_, today)
    if claimed is None:
        return 0
    missing = rounds.missing_departments(claimed)
    if not missing:
        return 0
    recipients = sorted(
        set(
            Membership.objects.filter(
                organization=claimed.organization,
                role=Role.DEPARTMENT_STAFF,
                department__in=[department for department, _ in missing],
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if recipients:
        # The claim has committed: the day's reminder is this one, whoever else looks.
        send_email.enqueue(*reminder_text(claimed, missing, today), recipients)
    return len(recipients)


@task(priority=-50)  # after people's work (publishing, e-mail)
def remind_late_departments() -> int:
    """Remind the late departments of every open round that is due a reminder today."""
    today = timezone.localdate()
    written = 0
    for round_ in Round.objects.filter(status=RoundStatus.OPEN).select_related("organization"):
        if rounds.reminder_due(round_, today):
            written += remind(round_, today)
    logger.info("results reminders: %s addresses", written)
    return written
