from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from approvals import workflow
from projects.views import _plan


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
    plan = _plan(request, pk)
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
    except PermissionDenied:
        raise
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
    return {
        "transitions": workflow.available_transitions(user, plan),
        "decisions": list(plan.decisions.all()),
        "today": timezone.localdate(),
        "signer": signer,
    }
