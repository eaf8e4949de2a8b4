"""Template tags for the plan page: the lifecycle panel and reviewers' comments.

The plan page belongs to `projects`, which cannot import `approvals`; these tags let
its template show what `approvals` knows, with a fixed number of queries.
"""

from django import template

from accounts.permissions import roles_in
from approvals.comments import can_answer, can_comment
from approvals.progress import next_step
from approvals.views import workflow_context
from approvals.workflow import action_label

register = template.Library()


@register.inclusion_tag("approvals/panel.html", takes_context=True)
def plan_workflow(context, plan, project_count=None):
    """{% plan_workflow plan totals.count %}: the page's count spares a query."""
    request = context["request"]
    return {
        "plan": plan,
        "request": request,
        **workflow_context(request.user, plan, project_count),
    }


@register.simple_tag(takes_context=True)
def project_comment_map(context, plan, projects):
    """{% project_comment_map plan rows as comments %}: the comments on `projects` (one
    query) and whether the user may comment and answer. A row's comments and their
    count come from here: `comments|comments_of:project`."""
    comments = {}
    rows = plan.comments.filter(project__in=[project.pk for project in projects])
    for comment in rows.select_related("author"):
        comments.setdefault(comment.project_id, []).append(comment)
    user = context["request"].user
    return {"by_project": comments, "can_comment": can_comment(user, plan),
            "can_answer": can_answer(user, plan)}  # fmt: skip


@register.filter
def comments_of(comment_map, project):
    """{{ comment_map|comments_of:project }}: that row's comments, oldest first."""
    return comment_map["by_project"].get(project.pk, ())


@register.inclusion_tag("approvals/next_step.html", takes_context=True)
def plan_next_step(context, plan, today):
    """The plan's next step, who acts, the days left, and whether it is the viewer's turn."""
    step = next_step(plan, today)
    request = context.get("request")
    mine = bool(request and roles_in(request.user, plan.organization) & step.roles)
    return {"plan": plan, "step": step, "mine": mine}


@register.simple_tag
def decision_label(decision):
    """{% decision_label d %}: the Thai name of a recorded step (never its key)."""
    return action_label(decision.action, decision.from_status)
