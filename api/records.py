"""What the API serves, built from the records: organisations, announced editions, and
an edition's rows as announced (api/schemas.py gives the shapes).

An announced edition's rows are read from its snapshot through reports.sources — the
same parser its printed forms use — so a strategy, department or budget source renamed
after the announcement is served as it was announced, like every published file. The
live rows of an announced edition are frozen; they are read only to know each row's
lineage, which keys the results reported against the plan in force.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse

from accounts.models import OrganizationType
from api import schemas
from api.permissions import visible_plans
from approvals.models import PostingPlace, Snapshot
from approvals.posting import in_force as postings_in_force
from approvals.snapshots import project_entry
from budget.models import Program
from projects import editions
from projects.models import PlanKind
from projects.months import describe, to_mask
from public.publication import LABELS
from reports import sources
from reports.sources import AnnouncedRow, announced_rows
from results.models import ResultStatus, RoundKind
from results.rounds import latest_announced

CENT = Decimal("0.01")


def money(value) -> str:
    """A Decimal as the API writes money: plain digits, two places ("1250000.00")."""
    return str(Decimal(value).quantize(CENT))


def absolute(request, name, *args, query="") -> str:
    return request.build_absolute_uri(reverse(name, args=args)) + query


# --- organisations --------------------------------------------------------------------


def organization(request, o) -> schemas.Organization:
    return schemas.Organization(
        slug=o.slug,
        name=o.name,
        type=o.type,
        type_label=OrganizationType(o.type).label,
        district=o.amphoe,
        province=o.province,
        url=absolute(request, "api:organization", o.slug),
        plans_url=absolute(request, "api:organization_plans", o.slug),
        public_page=absolute(request, "public:organization", o.slug),
    )


# --- announced editions -----------------------------------------------------------------


def _file(request, organization_slug, f) -> schemas.PublishedFile:
    return schemas.PublishedFile(
        document=f.document,
        format=f.fmt,
        label=LABELS.get((f.document, f.fmt), f.document),
        name=f.name,
        size=f.size,
        sha256=f.sha256,
        revision=f.revision,
        url=absolute(request, "public:download", organization_slug, f.name),
    )


def _posting(record) -> schemas.Posting:
    return schemas.Posting(
        place=record.place,
        place_label=PostingPlace(record.place).label,
        detail=record.place_detail,
        url=record.url,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
    )


def edition(request, plan) -> schemas.Plan:
    """One announced edition. Reads prefetched snapshots, files and postings."""
    snapshots = sorted(plan.snapshots.all(), key=lambda s: s.revision)
    latest = snapshots[-1] if snapshots else None
    revision = latest.revision if latest else 1
    slug = plan.organization.slug
    files = sorted(plan.published_files.all(), key=lambda f: f.pk)
    return schemas.Plan(
        id=plan.pk,
        title=plan.title,
        organization=slug,
        fiscal_year=plan.fiscal_year,
        kind=plan.kind,
        kind_label=PlanKind(plan.kind).label,
        number=plan.number,
        status=plan.status,
        announced_on=plan.announced_on,
        posting_started_on=plan.posting_started_on,
        postings=[_posting(r) for r in postings_in_force(list(plan.postings.all()))],
        snapshot=schemas.Snapshot(sha256=latest.sha256, revision=latest.revision)
        if latest
        else None,
        files=[_file(request, slug, f) for f in files if f.revision == revision],
        earlier_files=[_file(request, slug, f) for f in files if f.revision < revision],
        projects_url=absolute(request, "api:plan_projects", plan.pk),
        projects_csv_url=absolute(request, "api:plan_projects_csv", plan.pk),
        consolidated_url=absolute(
            request, "api:plan_projects", plan.pk, query="?scope=consolidated"
        ),
    )


def organization_plans(request, o) -> schemas.PlanList:
    """Every announced edition of the organisation, the newest first: 4 queries."""
    plans = (
        visible_plans()
        .filter(organization=o)
        .select_related("organization")
        .prefetch_related(
            "published_files",
            "postings",
            # The digests only: a snapshot's content holds every row of the edition.
            Prefetch("snapshots", Snapshot.objects.only("plan_id", "revision", "sha256")),
        )
        .order_by("-fiscal_year", "-pk")
    )
    return schemas.PlanList(
        organization=organization(request, o), results=[edition(request, p) for p in plans]
    )


# --- an edition's rows ---------------------------------------------------------------


def consolidated_rows(plan) -> list[AnnouncedRow]:
    """The plan in force for the edition's fiscal year (every announced edition applied),
    each row as its own edition announced it."""
    projects = editions.consolidated_projects(plan.organization, plan.fiscal_year)
    by_plan = {}
    for p in projects:
        by_plan.setdefault(p.plan_id, p.plan)
    announced = {}
    for edition_plan in by_plan.values():
        live = list(sources.live_rows(edition_plan))
        for project, row in zip(live, announced_rows(edition_plan, live), strict=True):
            announced[project.pk] = row
    return [
        announced.get(p.pk)
        or AnnouncedRow(p.plan_id, p.lineage, sources.Row.from_entry(project_entry(p)))
        for p in projects
    ]


# --- results --------------------------------------------------------------------------


def _result(round_, result) -> schemas.Result:
    return schemas.Result(
        round=round_.kind,
        status=result.status,
        status_label=ResultStatus(result.status).label,
        progress=result.progress,
        disbursed=money(result.disbursed),
        contract_amount=None if result.contract_amount is None else money(result.contract_amount),
    )


# --- the rows as served ----------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """Every row of a request's scope, with what the page around them says."""

    plan: object
    scope: str
    snapshot_sha256: str | None
    round: schemas.Round | None
    rows: tuple  # schemas.Project

    @property
    def total(self) -> str:
        return money(sum((Decimal(r.budget) for r in self.rows), Decimal("0")))


def _sectors() -> dict[str, str]:
    return {p.name: p.sector.name for p in Program.objects.select_related("sector")}


def project_rows(plan, scope) -> Rows:
    """The rows of `plan` (scope "edition") or of its fiscal year's plan in force
    ("consolidated"), with the latest announced results. Queries do not grow with rows."""
    if scope == "consolidated":
        announced = consolidated_rows(plan)
        snapshot_sha256 = None
    else:
        announced = announced_rows(plan)
        snapshot = sorted(plan.snapshots.only("revision", "sha256"), key=lambda s: s.revision)
        snapshot_sha256 = snapshot[-1].sha256 if snapshot else None
    round_ = latest_announced(plan.organization, plan.fiscal_year)
    results = {r.lineage: r for r in round_.results.all()} if round_ else {}
    sectors = _sectors()
    rows = []
    for number, item in enumerate(announced, start=1):
        row = item.row
        result = results.get(item.lineage) if item.lineage is not None else None
        rows.append(
            schemas.Project(
                number=number,
                plan=item.plan_id,
                strategy_number=row.strategy_number,
                strategy=row.strategy,
                sector=sectors.get(row.program, ""),
                program=row.program,
                name=row.name,
                details=row.details,
                budget=money(row.budget),
                budget_source=row.budget_source,
                location=row.location,
                department=row.department,
                months=list(row.months),
                months_text=describe(to_mask(row.months)),
                is_equipment=row.is_equipment,
                equipment_type=row.equipment_type,
                equipment_category=row.equipment_category,
                target=row.target,
                development_plan_ref=row.development_plan_ref,
                latest_result=_result(round_, result) if result else None,
            )
        )
    round_schema = (
        schemas.Round(
            kind=round_.kind,
            label=RoundKind(round_.kind).label,
            as_of=round_.as_of,
            announced_on=round_.announced_on,
        )
        if round_
        else None
    )
    return Rows(plan, scope, snapshot_sha256, round_schema, tuple(rows))
