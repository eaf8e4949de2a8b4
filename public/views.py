"""The public page of an organisation's announced plans: no login, never a draft."""

import logging
from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.models import Organization
from files.serving import file_response
from projects.models import Plan
from public.models import PublishedFile
from public.publication import FILES, IN_FORCE, LABELS, request_publication

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
def organization(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    plans = list(
        Plan.objects.filter(organization=organization, status__in=IN_FORCE)
        .prefetch_related("published_files", "postings", "snapshots__decision")
        .order_by("-fiscal_year", "-pk")  # the newest edition of a year first
    )
    editions = []
    for plan in plans:
        revisions = sorted(plan.snapshots.all(), key=lambda s: s.revision)
        revision = revisions[-1].revision if revisions else 1
        # Answered from what is stored: nothing is rendered in a visitor's request.
        ready = {
            (f.document, f.fmt): f for f in plan.published_files.all() if f.revision == revision
        }
        files = [(label, ready[(doc, fmt)]) for doc, fmt, label in FILES if (doc, fmt) in ready]
        plan.files_pending = len(ready) < len(FILES)
        if plan.files_pending:
            try:
                request_publication(plan, revision)
            except Exception:  # queueing must not take the public page down
                logger.exception("could not queue the publication of plan %s", plan.pk)
        # A corrected announcement: what was corrected, and the files published before.
        plan.corrections = [s.decision for s in revisions if s.revision > 1 and s.decision]
        plan.earlier_files = [
            (LABELS[(f.document, f.fmt)], f)
            for f in plan.published_files.all()
            if f.revision < revision
        ]
        editions.append((plan, files))
    years = [(year, list(rows)) for year, rows in groupby(editions, key=lambda r: r[0].fiscal_year)]
    return render(
        request, "public/organization.html", {"organization": organization, "years": years}
    )


@login_not_required
@require_GET
def download(request, slug, name):
    published = PublishedFile.objects.filter(
        plan__organization__slug=slug, plan__status__in=IN_FORCE
    ).select_related("plan")
    record = get_object_or_404(published, name=name)
    response = file_response(
        record.file,
        filename=record.name,
        content_type=record.content_type,
        attachment=True,
        public=True,
    )
    response["X-Content-SHA256"] = record.sha256
    return response
