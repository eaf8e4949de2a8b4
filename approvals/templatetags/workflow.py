"""{% plan_workflow plan %}: the lifecycle panel on the plan page (buttons and decisions)."""

from django import template

from approvals.views import workflow_context

register = template.Library()


@register.inclusion_tag("approvals/panel.html", takes_context=True)
def plan_workflow(context, plan):
    request = context["request"]
    return {"plan": plan, "request": request, **workflow_context(request.user, plan)}
