"""Who may read and print a plan's documents: whoever may see the plan
(projects/permissions.py), and a meeting's letters: whoever may see its plan
(approvals.permissions.visible_meetings); the book's texts are the planning officer's
(reports/book_texts.py checks it in the write path)."""

# The rule of each named URL (rules: accounts/permissions.py).
URL_RULES = {
    "reports:form": "member",
    "reports:download": "member",
    "reports:announcement": "member",
    "reports:book": "member",
    "reports:book_text": "planner",
    "reports:book_text_default": "planner",
    "reports:meeting_invitation": "member",
    "reports:meeting_agenda": "member",
    "reports:meeting_minutes": "member",
}
