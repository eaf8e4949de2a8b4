"""Background work of the projects app: housekeeping of import previews."""

from django.tasks import task

from projects import previews


# Housekeeping yields to people's work (publishing, e-mail) in the queue.
@task(priority=-50)
def remove_stale_previews() -> int:
    """Delete preview uploads nobody confirmed in time; returns how many."""
    return previews.remove_stale()
