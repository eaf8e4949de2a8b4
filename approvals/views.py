from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from approvals import workflow
from approvals.comments import add_comment, can_answer, can_comment, resolve_comment
from approvals.models import Comment
from projects.permissions import visible_plans
from projects.views import plan_or_404


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_POST
def perform(request, pk, action):
    """Press one of the plan's workflow buttons."""
    if action not in workflow.ACTIONS:
        raise Http404("ไม่มีการดำเนินการนี้")
    plan = plan_or_404(request, pk)
    step = workflow.transition(plan, action)
    try:
        workflow.perform(
            plan,
            action,
            by=request.user,
            note=request.POST.get("note", ""),
            announced_on=_date(request.POST.get("announced_on")),
            announced_by=request.POST.get("announced_by", ""),
            posted_on=_date(request.POST.get("posted_on")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, step.done)
    return redirect("projects:plan", pk=plan.pk)


def workflow_context(user, plan) -> dict:
    """What the plan page shows about the lifecycle: buttons and the decisions so far."""
    organization = plan.organization
    signer = " ".join(
        part for part in (organization.executive_name, organization.executive_title) if part
    )
    comments = list(plan.comments.select_related("author", "project"))
    return {
        "transitions": workflow.available_transitions(user, plan),
        "decisions": list(plan.decisions.all()),
        "plan_comments": [c for c in comments if c.project_id is None],
        "unresolved": sum(1 for c in comments if not c.is_resolved),
        "can_comment": can_comment(user, plan),
        "can_answer": can_answer(user, plan),
        "today": timezone.localdate(),
        "signer": signer,
    }


@require_POST
def comment_add(request, pk):
    """A reviewer comments on the plan, or on one of its projects (`project` in the form)."""
    plan = plan_or_404(request, pk)
    project = None
    project_id = request.POST.get("project", "")
    if project_id:
        if not project_id.isdigit():
            raise Http404("ไม่พบโครงการ")
        project = get_object_or_404(plan.projects.all(), pk=project_id)
    try:
        add_comment(plan, by=request.user, text=request.POST.get("text", ""), project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "บันทึกความเห็นแล้ว")
    anchor = f"#project-{project.pk}" if project else "#workflow-heading"
    return redirect(f"{reverse('projects:plan', args=[plan.pk])}{anchor}")


@require_POST
def comment_resolve(request, pk):
    comment = get_object_or_404(
        Comment.objects.filter(plan__in=visible_plans(request.user)).select_related("plan"),
        pk=pk,
        plan__organization=request.organization,
    )
    resolve_comment(comment, by=request.user, answer=request.POST.get("answer", ""))
    messages.success(request, "ตอบและปิดความเห็นแล้ว")
    anchor = f"#project-{comment.project_id}" if comment.project_id else "#workflow-heading"
    return redirect(f"{reverse('projects:plan', args=[comment.plan_id])}{anchor}")
