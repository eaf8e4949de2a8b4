"""Background work of the public page: publishing an announced edition's files and an
announced round's results."""

from django.tasks import task

from projects.models import Plan
from public.publication import IN_FORCE, publish, publish_round
from results.models import Round


@task
def publish_edition(plan_id: int) -> int:
    """Render and store every file of the edition's record in force; returns how many
    files it has. Run again after a failure, it renders only what is missing."""
    plan = Plan.objects.select_related("organization").filter(pk=plan_id).first()
    if plan is None or plan.status not in IN_FORCE:
        return 0
    return len(publish(plan))


@task
def publish_results(round_id: int) -> int:
    """Render and store the announced round's report (PDF, Excel) and its announcement;
    returns how many files it has. Run again after a failure, it renders what is missing."""
    round_ = Round.objects.select_related("organization").filter(pk=round_id).first()
    if round_ is None or not round_.is_announced:
        return 0
    return len(publish_round(round_))
