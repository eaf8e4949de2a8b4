"""Background work of printing: heavy documents rendered by the worker."""

import logging

from django.tasks import task

from reports import background

logger = logging.getLogger(__name__)


@task
def render_document(render_id: int) -> str:
    """Render one queued document (reports/background.py); its status says how it went."""
    try:
        render = background.run(render_id)
    except Exception:
        logger.exception("could not render document %s", render_id)
        raise
    return render.status if render else "gone"
