"""{% results_waiting %}: "ถึงขั้นของคุณ" for the open reporting rounds, on the dashboard
(projects) and in the inbox (approvals), which cannot import `results`. A few queries per
open round, none per project (results.progress)."""

from django import template
from django.utils import timezone

from results.progress import open_rounds_due

register = template.Library()


@register.inclusion_tag("results/waiting.html", takes_context=True)
def results_waiting(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    if user is None or not user.is_authenticated:
        return {"due": []}
    return {"due": open_rounds_due(user, organization, timezone.localdate())}
