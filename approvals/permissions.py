"""Who may see and do what in the approval process (style.md §4).

Predicates (`can_*`) for one object, scopes (`visible_*`) for what a user may read,
and the URL → rule map of this app's pages (checked for every persona by
tests/test_permission_map.py). Who may take a step of the lifecycle is the
transition table's knowledge: the predicates here ask it (approvals/workflow.py).
"""

from accounts.models import Role
from accounts.permissions import roles_in
from approvals import workflow
from approvals.comments import can_answer, can_comment, can_delete_comment
from approvals.meetings import can_manage_meetings
from approvals.models import Comment, Meeting, OfflineAnnouncement, PostingRecord
from projects.models import ANNOUNCED_STATUSES
from projects.permissions import visible_plans

__all__ = [
    "URL_RULES",
    "can_answer",
    "can_comment",
    "can_correct_posting",
    "can_delete_comment",
    "can_manage_committees",
    "can_manage_meetings",
    "can_perform",
    "can_record_posting",
    "visible_comments",
    "visible_meetings",
    "visible_offline_announcements",
    "visible_postings",
]

can_perform = workflow.can_perform


def can_manage_committees(user, organization) -> bool:
    return Role.PLANNER in roles_in(user, organization)


def can_record_posting(user, plan) -> bool:
    """The planning officer, once the edition is announced."""
    return plan.status in ANNOUNCED_STATUSES and Role.PLANNER in roles_in(user, plan.organization)


can_correct_posting = can_record_posting


# --- scopes --------------------------------------------------------------------------


def visible_meetings(user, organization):
    """Meetings about the plans `user` may see, in the current organisation."""
    return Meeting.objects.filter(plan__in=visible_plans(user), plan__organization=organization)


def visible_comments(user, organization):
    return Comment.objects.filter(plan__in=visible_plans(user), plan__organization=organization)


def visible_offline_announcements(user, organization):
    return OfflineAnnouncement.objects.filter(
        plan__in=visible_plans(user), plan__organization=organization
    )


def visible_postings(user, organization):
    return PostingRecord.objects.filter(
        plan__in=visible_plans(user), plan__organization=organization
    )


# --- pages -----------------------------------------------------------------------------
# Rules (and those of accounts/permissions.py): "executive" (the organisation's
# executive, while the step is open), "meeting_manager" (the planner or the considering
# committee's secretary, while a committee considers the plan), "posting_planner" (the
# planner, once the edition is announced). Another organisation's objects are 404.
URL_RULES = {
    "approvals:perform": "member",
    "approvals:decide": "executive",
    "approvals:comment_add": "member",
    "approvals:comment_resolve": "planner",
    "approvals:comment_delete": "member",  # its author (approvals.comments)
    "approvals:committees": "member",
    "approvals:member_add": "planner",
    "approvals:meeting_schedule": "meeting_manager",
    "approvals:meeting_edit": "meeting_manager",
    "approvals:meeting_cancel": "meeting_manager",
    "approvals:meeting_resolution": "meeting_manager",
    "approvals:posting": "member",
    "approvals:posting_correct": "posting_planner",
    "approvals:posting_withdraw": "posting_planner",
    "approvals:posting_photo": "member",
    "approvals:announce_offline": "planner",
    "approvals:offline_scan": "member",
    "approvals:inbox": "signed_in",
}
