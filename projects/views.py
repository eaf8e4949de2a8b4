from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import can_supervise
from budget.models import Program
from projects import checks, editing, editions, permissions
from projects.forms import (
    EditionCreateForm,
    PlanCreateForm,
    PlanEventsForm,
    ProjectFilterForm,
    ProjectForm,
    StrategyForm,
)
from projects.models import Plan, PlanKind, PlanStatus, Project, Strategy
from projects.reminders import event_reminders
from thai.format import FISCAL_MONTHS, fiscal_month_years, fiscal_year_bounds, fiscal_year_of


def plan_or_404(request, pk) -> Plan:
    """A plan of the user's current organisation, or 404."""
    plans = permissions.visible_plans(request.user).select_related("organization")
    return get_object_or_404(plans, pk=pk, organization=request.organization)


def project_or_404(request, pk) -> Project:
    projects = permissions.visible_projects(request.user).select_related(
        "plan__organization", "strategy", "program", "department", "budget_source"
    )
    return get_object_or_404(projects, pk=pk, plan__organization=request.organization)


def _deadline_status(plan, today):
    deadline = plan.deadline()
    if deadline is None or plan.status in (PlanStatus.ANNOUNCED, PlanStatus.POSTED):
        return None
    days = (deadline - today).days
    return {"deadline": deadline, "days": days, "overdue": days < 0, "overdue_days": -days}


def dashboard(request):
    """The current organisation's fiscal years, newest first, with their plan editions."""
    organization = request.organization
    if organization is None and can_supervise(request.user):
        return redirect("oversight:status")  # a ท้องถิ่นอำเภอ/จังหวัด starts at their area
    plans, reminders = [], []
    today = timezone.localdate()
    if organization is not None:
        plans = list(
            permissions.visible_plans(request.user)
            .filter(organization=organization)
            # the next step (approvals.progress) reads these
            .select_related("organization", "offline_announcement")
            .prefetch_related("budget_events", "postings")
            .annotate(project_count=Count("projects"), budget_total=Sum("projects__budget"))
            .order_by("-fiscal_year", "pk")  # editions in the order they were made
        )
        reminders = event_reminders(request.user, organization, plans, today)
    years = [
        (year, list(editions)) for year, editions in groupby(plans, key=lambda p: p.fiscal_year)
    ]
    can_create = organization is not None and permissions.can_create_plan(
        request.user, organization
    )
    return render(
        request,
        "projects/dashboard.html",
        {"years": years, "can_create_plan": can_create, "today": today,
         "event_reminders": reminders},
    )  # fmt: skip


def _event_asked(request, events):
    """The budget event among `events` that ?event=<pk> names, or None (junk is ignored)."""
    wanted = request.GET.get("event", "")
    if request.method != "GET" or not (wanted.isascii() and wanted.isdigit()):
        return None
    return events.filter(pk=wanted).first()


def plan_create(request):
    organization = request.organization
    if organization is None or not permissions.can_create_plan(request.user, organization):
        raise PermissionDenied(editing.PLANNERS_ONLY)
    current = fiscal_year_of(timezone.localdate())
    years = [current + 1, current, current - 1]
    initial = {"fiscal_year": current}
    # From the dashboard's reminder of an event: its year, the event ticked.
    event = _event_asked(request, organization.budget_events.filter(fiscal_year__in=years))
    if event is not None:
        initial = {"fiscal_year": event.fiscal_year, "budget_events": [event.pk]}
    form = PlanCreateForm(
        request.POST if request.method == "POST" else None,
        organization=organization,
        years=years,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = editing.create_plan(
                organization,
                fiscal_year=form.cleaned_data["fiscal_year"],
                budget_events=form.cleaned_data["budget_events"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"สร้าง{plan.title} แล้ว")
            return redirect("projects:plan", pk=plan.pk)
    return render(request, "projects/plan_create.html", {"form": form})


@dataclass
class ProgramBlock:
    number: str
    program: Program
    projects: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.projects)

    @property
    def total(self):
        return sum((p.budget for p in self.projects), Decimal("0"))


@dataclass
class StrategyBlock:
    strategy: Strategy
    programs: list = field(default_factory=list)

    @property
    def count(self):
        return sum(block.count for block in self.programs)

    @property
    def total(self):
        return sum((block.total for block in self.programs), Decimal("0"))


def group_projects(projects) -> list[StrategyBlock]:
    """Projects (already ordered by strategy, then แผนงาน) → strategy blocks of แผนงาน blocks."""
    blocks = []
    for strategy, rows in groupby(projects, key=lambda p: p.strategy):
        block = StrategyBlock(strategy)
        for index, (program, items) in enumerate(groupby(rows, key=lambda p: p.program), 1):
            block.programs.append(ProgramBlock(f"{strategy.number}.{index}", program, list(items)))
        blocks.append(block)
    return blocks


# Rows per plan page: most plans fit on one page; a 5,000-row plan stays light (ADR 0021).
PAGE_SIZE = 200


@dataclass
class ProgramGroup:
    """One แผนงาน under one ยุทธศาสตร์ of the rows shown, counted and summed in the database."""

    program_id: int
    name: str
    number: str  # "1.2": the ยุทธศาสตร์'s number, then the แผนงาน's place under it
    count: int
    total: Decimal
    start: int  # index of its first row among all the rows shown (0-based)
    page: int  # the page its first row is on
    projects: list = field(default_factory=list)  # its rows on the current page
    offset: int = 0  # how many of its rows are on earlier pages

    @property
    def continued(self):
        return self.offset > 0


@dataclass
class StrategyGroup:
    """One ยุทธศาสตร์ of the rows shown: the count and total of all its แผนงาน, and the
    แผนงาน groups (all of them in the outline, those with rows on the page in a block)."""

    strategy_id: int
    number: int
    name: str
    count: int = 0
    total: Decimal = Decimal("0")
    programs: list = field(default_factory=list)


def outline(projects) -> list[StrategyGroup]:
    """Every ยุทธศาสตร์ → แผนงาน group of `projects` with its count and total (one query,
    grouped by ids: grouping by a Thai-collated name is slow), then their names (two).

    The groups come in the order of the rows (strategy number, then แผนงาน order),
    so each group's `start` says where its rows begin in the ordered list."""
    rows = list(
        projects.order_by("strategy__number", "program__order")
        .values("strategy", "program")
        .annotate(count=Count("pk"), total=Sum("budget"))
    )
    strategy_of = Strategy.objects.in_bulk({row["strategy"] for row in rows})
    program_of = Program.objects.in_bulk({row["program"] for row in rows})
    strategies, start = [], 0
    for row in rows:
        if not strategies or strategies[-1].strategy_id != row["strategy"]:
            strategy = strategy_of[row["strategy"]]
            strategies.append(StrategyGroup(strategy.pk, strategy.number, strategy.name))
        strategy = strategies[-1]
        strategy.programs.append(
            ProgramGroup(
                program_id=row["program"],
                name=program_of[row["program"]].name,
                number=f"{strategy.number}.{len(strategy.programs) + 1}",
                count=row["count"],
                total=row["total"] or Decimal("0"),
                start=start,
                page=start // PAGE_SIZE + 1,
            )
        )
        strategy.count += row["count"]
        strategy.total += row["total"] or Decimal("0")
        start += row["count"]
    return strategies


def place_rows(strategies, rows, first_index) -> list[StrategyGroup]:
    """The groups that have rows on this page, each holding its rows (ordered as `rows`)."""
    groups = {
        (strategy.strategy_id, group.program_id): (strategy, group)
        for strategy in strategies
        for group in strategy.programs
    }
    blocks = []
    for index, project in enumerate(rows, first_index):
        strategy, group = groups[(project.strategy_id, project.program_id)]
        if not blocks or blocks[-1].strategy_id != strategy.strategy_id:
            blocks.append(replace(strategy, programs=[]))
        if not blocks[-1].programs or blocks[-1].programs[-1] is not group:
            group.offset = index - group.start
            blocks[-1].programs.append(group)
        group.projects.append(project)
    return blocks


def row_url(name):
    """A URL of one row, reversed once: `row_url(name) % pk` builds it for each row."""
    placeholder = 2_147_483_647
    url = reverse(name, args=[placeholder]).replace("%", "%%")
    return url.replace(str(placeholder), "%d")


def plan_row_url(plan_id, project_id) -> str:
    """The plan page that holds row `project_id`, scrolled to that row."""
    return f"{reverse('projects:plan', args=[plan_id])}?project={project_id}#project-{project_id}"


def _requested_page(request, projects):
    """The page asked for: `?page=N`, or `?project=<id>`: the page that holds that row."""
    wanted = request.GET.get("project", "")
    if "page" not in request.GET and wanted.isascii() and wanted.isdigit():
        ids = list(projects.values_list("pk", flat=True))
        if int(wanted) in ids:
            return ids.index(int(wanted)) // PAGE_SIZE + 1
    return request.GET.get("page")


PLAN_VIEWS = ("cards", "table")  # today's rows as cards; the ผด.02 table officers know
PLAN_VIEW_KEY = "plan_view"


def _chosen_view(request) -> str:
    """`?view=table|cards`, kept in the user's session for the next visit; else the last one."""
    wanted = request.GET.get("view")
    if wanted in PLAN_VIEWS:
        if request.session.get(PLAN_VIEW_KEY) != wanted:
            request.session[PLAN_VIEW_KEY] = wanted
        return wanted
    return request.session.get(PLAN_VIEW_KEY, PLAN_VIEWS[0])


def flat_rows(strategies, rows, first_index) -> list[StrategyGroup]:
    """Rows sorted across the whole plan: one block of one group, each row told the
    number and name of its แผนงาน (from the outline: no query)."""
    groups = {
        (strategy.strategy_id, group.program_id): group
        for strategy in strategies
        for group in strategy.programs
    }
    for project in rows:
        project.group = groups[(project.strategy_id, project.program_id)]
    everything = ProgramGroup(0, "", "", len(rows), Decimal("0"), first_index, 1, rows)
    everything.offset = first_index
    return [StrategyGroup(0, 0, "", programs=[everything])]


def plan_detail(request, pk):
    """The plan's projects grouped ยุทธศาสตร์ → แผนงาน, with filters, counts and totals.

    A page shows at most PAGE_SIZE rows; counts and totals (the plan's, the filter's and
    each group's) cover every row and are computed in the database. The number of
    queries does not depend on the number of rows."""
    plan = plan_or_404(request, pk)
    filters = ProjectFilterForm(request.GET or None, plan=plan)
    projects = filters.apply(plan.projects.all())
    strategies = outline(projects)
    shown_count = sum(strategy.count for strategy in strategies)
    paginator = Paginator(range(shown_count), PAGE_SIZE)
    page = paginator.get_page(_requested_page(request, projects))
    first = page.start_index() - 1 if shown_count else 0
    rows = list(
        projects.select_related("department", "budget_source", "carried_from__plan")[
            first : page.end_index()
        ]
    )
    totals = plan.totals()
    editable_ids = permissions.editable_department_ids(request.user, plan)
    edit_url, duplicate_url, delete_url = (
        row_url(f"projects:project_{action}") for action in ("edit", "duplicate", "delete")
    )
    flat = filters.sorts_whole_plan
    blocks = flat_rows(strategies, rows, first) if flat else place_rows(strategies, rows, first)
    for project in rows:
        project.can_edit = editable_ids is None or project.department_id in editable_ids
        if project.can_edit:
            project.edit_url = edit_url % project.pk
            project.duplicate_url = duplicate_url % project.pk
            project.delete_url = delete_url % project.pk
    return render(
        request,
        "projects/plan_detail.html",
        {
            "plan": plan,
            "blocks": blocks,
            "flat": flat,
            "view": _chosen_view(request),
            "fiscal_months": FISCAL_MONTHS,
            "month_years": fiscal_month_years(plan.fiscal_year),
            "outline": strategies,
            "rows": rows,
            "page": page,
            "pages": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
            "shown_count": shown_count,
            "shown_total": sum((strategy.total for strategy in strategies), Decimal("0")),
            "totals": totals,
            "filters": filters,
            "filtered": filters.is_bound
            and filters.is_valid()
            and any(value for name, value in filters.cleaned_data.items() if name != "sort"),
            "any_editable": any(project.can_edit for project in rows),
            "deadline": _deadline_status(plan, timezone.localdate()),
            "can_add": permissions.can_add_project(request.user, plan),
            "can_manage": permissions.can_manage_plan(request.user, plan),
            "can_start_edition": plan.status in editions.IN_FORCE
            and permissions.can_create_plan(request.user, plan.organization),
        },
    )


def _project_form_page(request, plan, project):
    if project.pk is None and not permissions.can_add_project(request.user, plan):
        raise PermissionDenied(
            editing.not_editable(plan) if not plan.is_editable else "คุณไม่มีสิทธิ์เพิ่มโครงการในแผนนี้"
        )
    if project.pk is not None and not permissions.can_edit_project(request.user, project):
        raise PermissionDenied(
            editing.not_editable(plan)
            if not plan.is_editable
            else "คุณแก้ไขได้เฉพาะโครงการของหน่วยงานของคุณ"
        )
    department_ids = permissions.editable_department_ids(request.user, plan)
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        instance=project,
        plan=plan,
        department_ids=department_ids,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = editing.save_project(form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"บันทึกโครงการ “{saved.name}” แล้ว")
            if "save_and_add" in request.POST:
                return redirect("projects:project_create", plan_pk=plan.pk)
            return redirect(plan_row_url(plan.pk, saved.pk))
    return render(
        request, "projects/project_form.html", {"form": form, "plan": plan, "project": project}
    )


def project_create(request, plan_pk):
    plan = plan_or_404(request, plan_pk)
    return _project_form_page(request, plan, Project(plan=plan))


def project_edit(request, pk):
    project = project_or_404(request, pk)
    return _project_form_page(request, project.plan, project)


@require_POST
def project_duplicate(request, pk):
    project = project_or_404(request, pk)
    copy = editing.duplicate_project(project, by=request.user)
    messages.success(request, f"ทำสำเนาเป็น “{copy.name}” แล้ว")
    return redirect("projects:project_edit", pk=copy.pk)


def project_delete(request, pk):
    project = project_or_404(request, pk)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied("คุณไม่มีสิทธิ์ลบโครงการนี้")
    if request.method == "POST":
        editing.delete_project(project, by=request.user)
        messages.success(request, f"ลบโครงการ “{project.name}” แล้ว")
        return redirect("projects:plan", pk=project.plan_id)
    return render(request, "projects/project_delete.html", {"project": project})


def plan_events(request, pk):
    plan = plan_or_404(request, pk)
    if not permissions.can_manage_plan(request.user, plan):
        raise PermissionDenied(editing.PLANNERS_ONLY)
    linked = list(plan.budget_events.all())
    # From the dashboard's reminder of an event: that event ticked too.
    event = _event_asked(
        request, plan.organization.budget_events.filter(fiscal_year=plan.fiscal_year)
    )
    form = PlanEventsForm(
        request.POST if request.method == "POST" else None,
        plan=plan,
        initial={"budget_events": [*linked, event] if event else linked},
    )
    if request.method == "POST" and form.is_valid():
        editing.set_budget_events(plan, form.cleaned_data["budget_events"], by=request.user)
        messages.success(request, "บันทึกเหตุการณ์งบประมาณของแผนแล้ว")
        return redirect("projects:plan", pk=plan.pk)
    return render(request, "projects/plan_events.html", {"form": form, "plan": plan})


def plan_copy(request, pk):
    """Copy rows from another plan of the organisation: pick a plan, preview, tick rows, copy."""
    plan = plan_or_404(request, pk)
    if not permissions.can_manage_plan(request.user, plan):
        raise PermissionDenied(editing.PLANNERS_ONLY)
    sources = (
        permissions.visible_plans(request.user)
        .filter(organization=plan.organization)
        .exclude(pk=plan.pk)
        .annotate(project_count=Count("projects"))
    )
    source = None
    source_id = request.POST.get("source") or request.GET.get("source")
    if source_id:
        if not (str(source_id).isascii() and str(source_id).isdigit()):
            raise Http404("ไม่พบแผนที่เลือก")
        source = get_object_or_404(sources, pk=source_id)
    if request.method == "POST" and source is not None:
        ids = [i for i in request.POST.getlist("projects") if i.isascii() and i.isdigit()]
        try:
            copies = editing.copy_projects(source, plan, ids, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"คัดลอก {len(copies)} โครงการจาก{source.title} แล้ว")
            return redirect("projects:plan", pk=plan.pk)
    rows = []
    if source is not None:
        rows = group_projects(
            source.projects.select_related("strategy", "program", "department").order_by(
                "strategy__number", "program__order", "order", "pk"
            )
        )
    return render(
        request,
        "projects/plan_copy.html",
        {"plan": plan, "sources": sources, "source": source, "blocks": rows},
    )


def budget_check(request, pk):
    """Per แผนงาน: the plan's total against the linked budget events' appropriations."""
    plan = plan_or_404(request, pk)
    check = checks.budget_check(plan)
    return render(
        request,
        "projects/budget_check.html",
        {
            "plan": plan,
            "rows": check.rows,
            "planned_total": check.planned_total,
            "appropriated_total": check.appropriated_total,
            "has_appropriations": check.has_appropriations,
            "can_manage": permissions.can_manage_plan(request.user, plan),
            "source_kinds": check.source_kinds,
        },
    )


def strategies(request):
    organization = request.organization
    if organization is None:
        raise PermissionDenied("ยังไม่ได้เลือก อปท.")
    can_manage = permissions.can_manage_strategies(request.user, organization)
    rows = permissions.visible_strategies(request.user).filter(organization=organization)
    rows = rows.annotate(project_count=Count("projects"))
    form = StrategyForm(initial={"number": (max((s.number for s in rows), default=0) + 1)})
    return render(
        request,
        "projects/strategies.html",
        {"strategies": rows, "form": form, "can_manage": can_manage},
    )


def strategy_edit(request, pk=None):
    organization = request.organization
    if organization is None or not permissions.can_manage_strategies(request.user, organization):
        raise PermissionDenied(editing.PLANNERS_ONLY)
    if pk is None:
        strategy = Strategy(organization=organization)
    else:
        strategy = get_object_or_404(
            permissions.visible_strategies(request.user).filter(organization=organization), pk=pk
        )
    form = StrategyForm(request.POST if request.method == "POST" else None, instance=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_strategy(form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"บันทึกยุทธศาสตร์ “{strategy}” แล้ว")
            return redirect("projects:strategies")
    return render(request, "projects/strategy_form.html", {"form": form, "strategy": strategy})


@require_POST
def strategy_delete(request, pk):
    organization = request.organization
    strategy = get_object_or_404(
        permissions.visible_strategies(request.user).filter(organization=organization), pk=pk
    )
    try:
        editing.delete_strategy(strategy, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"ลบยุทธศาสตร์ “{strategy}” แล้ว")
    return redirect("projects:strategies")


def edition_create(request, pk):
    """Start เพิ่มเติม/แก้ไข ครั้งที่ N of the fiscal year of plan `pk`."""
    plan = plan_or_404(request, pk)
    if not permissions.can_create_plan(request.user, plan.organization):
        raise PermissionDenied(editing.PLANNERS_ONLY)
    # From the dashboard's reminder of an event: a supplementary edition, the event ticked.
    event = _event_asked(
        request, plan.organization.budget_events.filter(fiscal_year=plan.fiscal_year)
    )
    initial = {"kind": PlanKind.SUPPLEMENTARY, "budget_events": [event.pk]} if event else {}
    form = EditionCreateForm(
        request.POST if request.method == "POST" else None, plan=plan, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            edition = editions.create_edition(
                plan.organization,
                plan.fiscal_year,
                form.cleaned_data["kind"],
                by=request.user,
                budget_events=form.cleaned_data["budget_events"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"เริ่มจัดทำ{edition.title} แล้ว")
            return redirect("projects:plan", pk=edition.pk)
    year = editions.editions(plan.organization, plan.fiscal_year).order_by("pk")
    blocked = editions.cannot_start(plan.organization, plan.fiscal_year)
    year_over = timezone.localdate() > fiscal_year_bounds(plan.fiscal_year)[1]
    return render(
        request,
        "projects/edition_create.html",
        {"plan": plan, "form": form, "year": year, "blocked": blocked, "year_over": year_over},
    )


def plan_changes(request, pk):
    """What an edition changes against the plan in force before it (the diff page)."""
    plan = plan_or_404(request, pk)
    return render(
        request,
        "projects/plan_changes.html",
        {"plan": plan, "diff": editions.diff(plan), "money_fields": {"budget"}},
    )
