"""The write paths for reviewers' comments and the officer's answers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import roles_in
from approvals.models import Comment
from projects.models import ANNOUNCED_STATUSES, PlanStatus

# Comments are taken and answered while the plan can still change: before the
# announcement. Afterwards they are part of the record, read-only.
OPEN_STATUSES = frozenset(PlanStatus.values) - ANNOUNCED_STATUSES
CLOSED = "แผนนี้ประกาศใช้แล้ว ความเห็นและคำตอบจึงเป็นส่วนหนึ่งของบันทึก แก้ไขไม่ได้"
COMMENTERS = {
    Role.PLANNER,
    Role.DEPARTMENT_STAFF,
    Role.SUPPORT_COMMITTEE,
    Role.DEVELOPMENT_COMMITTEE,
    Role.EXECUTIVE,
}


def can_comment(user, plan) -> bool:
    return plan.status in OPEN_STATUSES and bool(roles_in(user, plan.organization) & COMMENTERS)


def can_answer(user, plan) -> bool:
    return plan.status in OPEN_STATUSES and Role.PLANNER in roles_in(user, plan.organization)


@transaction.atomic
def add_comment(plan, *, by, text, project=None) -> Comment:
    if plan.status not in OPEN_STATUSES:
        raise ValidationError(CLOSED, code="invalid_state")
    if not can_comment(by, plan):
        raise PermissionDenied("แสดงความเห็นต่อแผนนี้ไม่ได้ในขณะนี้")
    if project is not None and project.plan_id != plan.pk:
        raise PermissionDenied("โครงการนี้ไม่ได้อยู่ในแผนนี้")
    comment = Comment(plan=plan, project=project, author=by, text=(text or "").strip())
    if not comment.text:
        raise ValidationError({"text": "ต้องพิมพ์ความเห็น"})
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def resolve_comment(comment, *, by, answer="") -> Comment:
    """The planning officer answers a comment and marks it resolved (before the
    announcement only). Raises ValidationError or PermissionDenied; writes nothing then."""
    comment = Comment.objects.select_for_update().select_related("plan").get(pk=comment.pk)
    if comment.plan.status not in OPEN_STATUSES:
        raise ValidationError(CLOSED, code="invalid_state")
    if not can_answer(by, comment.plan):
        raise PermissionDenied("เฉพาะนักวิเคราะห์นโยบายและแผนตอบและปิดความเห็นได้")
    if comment.is_resolved:
        raise ValidationError("ความเห็นนี้ตอบและปิดไปแล้ว", code="invalid_state")
    comment.answer = (answer or "").strip()
    comment.resolved_at = timezone.now()
    comment.resolved_by = by
    comment.save(update_fields=["answer", "resolved_at", "resolved_by"])
    return comment


def can_delete_comment(user, comment) -> bool:
    """Its author, while it is unanswered and the plan is not yet announced."""
    return (
        comment.author_id == user.pk
        and not comment.is_resolved
        and comment.plan.status in OPEN_STATUSES
    )


@transaction.atomic
def delete_comment(comment, *, by) -> None:
    """The author takes back a comment nobody has answered (before the announcement).
    Raises ValidationError or PermissionDenied; deletes nothing then."""
    comment = Comment.objects.select_for_update().select_related("plan").get(pk=comment.pk)
    if comment.plan.status not in OPEN_STATUSES:
        raise ValidationError(CLOSED, code="invalid_state")
    if comment.author_id != by.pk:
        raise PermissionDenied("ลบได้เฉพาะความเห็นของคุณเอง")
    if comment.is_resolved:
        raise ValidationError("ความเห็นนี้มีคำตอบแล้ว จึงลบไม่ได้", code="invalid_state")
    comment.delete()
