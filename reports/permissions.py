"""Who may read and print a plan's documents: whoever may see the plan
(projects/permissions.py), and a meeting's letters: whoever may see its plan
(approvals.permissions.visible_meetings), a round's results report: whoever may see the
round (results.permissions.visible_rounds); the book's texts are the planning officer's
(reports/book_texts.py checks it in the write path)."""

from projects.permissions import visible_plans
from reports.models import Render


def visible_renders(user, organization):
    """Background renders of the plans `user` may see, in the current organisation."""
    return Render.objects.filter(plan__in=visible_plans(user), plan__organization=organization)


# The rule of each named URL (rules: accounts/permissions.py).
URL_RULES = {
    "reports:form": "member",
    "reports:download": "member",
    "reports:announcement": "member",
    "reports:book": "member",
    "reports:book_text": "planner",
    "reports:book_text_default": "planner",
    "reports:render": "member",
    "reports:render_file": "member",
    "reports:render_retry": "member",
    "reports:meeting_invitation": "member",
    "reports:meeting_agenda": "member",
    "reports:meeting_minutes": "member",
    # A round's results report: every member of the round's organisation (a round of
    # another organisation is 404: results.permissions.visible_rounds).
    "reports:results": "member",
    "reports:results_download": "member",
    "reports:results_announcement": "member",
}
