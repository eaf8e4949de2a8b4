"""The public page of an organisation's announced plans: no login, never a draft."""

import logging
from decimal import Decimal
from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.models import Organization
from files.serving import file_response
from projects.models import Plan
from public import listing
from public.models import PublishedFile, PublishedRoundFile
from public.publication import (
    FILES,
    IN_FORCE,
    LABELS,
    ROUND_FILES,
    request_publication,
    request_round_publication,
)
from reports import sources
from reports.documents import DOCUMENTS, pipeline
from results.models import ItaItem, Round, RoundStatus
from results.rounds import latest_announced

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
def organization(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    plans = list(
        Plan.objects.filter(organization=organization, status__in=IN_FORCE)
        .select_related("offline_announcement")
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
    ita = {(item.year, item.document): item for item in ItaItem.objects.all()}
    results = _announced_rounds(organization, ita)
    years = []
    for year, rows in groupby(editions, key=lambda r: r[0].fiscal_year):
        years.append((year, list(rows), ita.get((year, "plan")), results.get(year, [])))
    return render(
        request, "public/organization.html", {"organization": organization, "years": years}
    )


def _announced_rounds(organization, ita) -> dict:
    """{fiscal year: [(round, files, ITA item)]} of the announced rounds, answered from
    what is stored (a round whose files are not all there yet is queued)."""
    rounds = (
        Round.objects.filter(organization=organization, status=RoundStatus.ANNOUNCED)
        .prefetch_related("published_files")
        .order_by("-fiscal_year", "-announced_on", "-pk")
    )
    by_year = {}
    for round_ in rounds:
        ready = {(f.document, f.fmt): f for f in round_.published_files.all()}
        files = [(label, ready[(d, fmt)]) for d, fmt, label in ROUND_FILES if (d, fmt) in ready]
        round_.files_pending = len(ready) < len(ROUND_FILES)
        if round_.files_pending:
            try:
                request_round_publication(round_)
            except Exception:  # queueing must not take the public page down
                logger.exception("could not queue the publication of round %s", round_.pk)
        item = ita.get((round_.fiscal_year, round_.kind))
        by_year.setdefault(round_.fiscal_year, []).append((round_, files, item))
    return by_year


@login_not_required
@require_GET
def round_results(request, slug, pk):
    """An announced round's results, project by project, as its record prints them: no
    login, and never a round that is still open, closed or otherwise not announced."""
    round_ = get_object_or_404(
        Round.objects.select_related("organization").prefetch_related("published_files"),
        organization__slug=slug,
        status=RoundStatus.ANNOUNCED,
        pk=pk,
    )
    built = pipeline.build(DOCUMENTS["results"], round_)
    item = ItaItem.objects.filter(year=round_.fiscal_year, document=round_.kind).first()
    ready = {(f.document, f.fmt): f for f in round_.published_files.all()}
    files = [(label, ready[(d, fmt)]) for d, fmt, label in ROUND_FILES if (d, fmt) in ready]
    context = pipeline.template_context(built) | {
        "organization": round_.organization,
        "round": round_,
        "files": files,
        "ita": item,
    }
    return render(request, "public/round.html", context)


@login_not_required
@require_GET
def round_download(request, slug, name):
    published = PublishedRoundFile.objects.filter(
        round__organization__slug=slug, round__status=RoundStatus.ANNOUNCED
    )
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


@login_not_required
@require_GET
def signed_scan(request, slug, pk):
    """The signed announcement of an edition announced on paper (ประกาศนอกระบบ), as scanned:
    the evidence itself, named and checked by its SHA-256 like the published files."""
    plan = _announced_plan_or_404(slug, pk)
    paper = getattr(plan, "offline_announcement", None)
    if paper is None or not paper.scan:
        raise Http404("แผนฉบับนี้ไม่มีสำเนาประกาศที่ลงนาม")
    response = file_response(
        paper.scan,
        filename=f"ประกาศที่ลงนาม-{plan.organization.slug}-{plan.fiscal_year}.pdf",
        content_type="application/pdf",
        attachment=True,
        public=True,
        missing="ไม่พบไฟล์สำเนาประกาศที่ลงนาม",
    )
    response["X-Content-SHA256"] = paper.scan_sha256
    return response


def _announced_plan_or_404(slug, pk) -> Plan:
    """An announced edition of the organisation `slug`; a draft is never found."""
    plans = Plan.objects.filter(status__in=IN_FORCE).select_related(
        "organization", "offline_announcement"
    )
    return get_object_or_404(plans, pk=pk, organization__slug=slug)


PUBLIC_PAGE_SIZE = 100


def _one_of(value, allowed) -> str:
    return value if value in allowed else ""


@login_not_required
@require_GET
def edition(request, slug, pk):
    """An announced edition's projects for citizens: search, and filters by หมู่ที่,
    ยุทธศาสตร์ and หน่วยงาน. The rows are the announced ones (the snapshot), read in one
    query and filtered in memory: the queries do not grow with the rows."""
    plan = _announced_plan_or_404(slug, pk)
    source, rows = listing.read(plan)
    options = listing.choices(rows)
    village = request.GET.get("village", "")
    village = int(village) if village.isascii() and village.isdigit() else None
    wanted = {
        "q": request.GET.get("q", "")[:200].strip(),
        "village": village if village in options.villages else None,
        "strategy": _one_of(request.GET.get("strategy", ""), options.strategies),
        "department": _one_of(request.GET.get("department", ""), options.departments),
    }
    found = listing.matching(rows, **wanted)
    page = Paginator(found, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/edition.html",
        {
            "organization": plan.organization,
            "plan": plan,
            "source": source,
            "page": page,
            "shown": [(item, listing.when(item.row, source.fiscal_year)) for item in page],
            "found_count": len(found),
            "found_total": sum((item.row.budget for item in found), Decimal("0")),
            "options": options,
            "wanted": wanted,
            "filtered": any(value not in ("", None) for value in wanted.values()),
        },
    )


@login_not_required
@require_GET
def project(request, slug, pk, number):
    """One project of an announced edition: what, where, when, how much."""
    plan = _announced_plan_or_404(slug, pk)
    source, rows = listing.read(plan)
    if not 1 <= number <= len(rows):
        raise Http404("ไม่พบโครงการนี้ในแผนฉบับนี้")
    item = rows[number - 1]
    # Its latest published results: the fiscal year's round announced last (frozen since).
    round_ = latest_announced(plan.organization, plan.fiscal_year)
    result = None
    if round_ is not None:
        lineage = sources.announced_rows(plan)[number - 1].lineage
        if lineage is not None:
            result = round_.results.filter(lineage=lineage).first()
    return render(
        request,
        "public/project.html",
        {
            "organization": plan.organization,
            "plan": plan,
            "source": source,
            "item": item,
            "when": listing.when(item.row, source.fiscal_year),
            "round": round_,
            "result": result,
        },
    )
