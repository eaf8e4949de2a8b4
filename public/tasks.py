"""Background work of the public page: publishing an announced edition's files."""

from django.tasks import task

from projects.models import Plan
from public.publication import IN_FORCE, publish


@task
def publish_edition(plan_id: int) -> int:
    """Render and store every file of the edition's record in force; returns how many
    files it has. Run again after a failure, it renders only what is missing."""
    plan = Plan.objects.select_related("organization").filter(pk=plan_id).first()
    if plan is None or plan.status not in IN_FORCE:
        return 0
    return len(publish(plan))
