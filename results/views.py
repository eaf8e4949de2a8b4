"""Pages of the results: rounds per fiscal year, a round's departments, the grid where
departments report their rows, the announcement and its posting. Thin: every change
goes through results.rounds; every read starts from results.permissions' scopes."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import (
    PLANNERS_ONLY,
    can_manage_organization,
    has_role,
    staff_department_ids,
)
from files.serving import file_response
from projects.models import ANNOUNCED_STATUSES
from projects.permissions import visible_plans
from results import permissions, rounds
from results.forms import (
    STATUS_KEYS,
    AnnounceRoundForm,
    OpenRoundForm,
    ResultPhotoForm,
    ResultRowForm,
    RoundPostingForm,
)
from results.grid import FIELDS as GRID_FIELDS
from results.grid import GridRow, render_row, status_options, values_of
from results.models import ROUND_ORDER, ResultPhoto, ResultStatus, RoundKind

STEP_ACTIONS = {"close": rounds.close_round, "reopen": rounds.reopen_round}


def round_or_404(request, pk):
    """A round of the user's current organisation, or 404 (never another's)."""
    return get_object_or_404(
        permissions.visible_rounds(request.user).select_related("organization"),
        pk=pk,
        organization=request.organization,
    )


def _add_errors(form, error):
    """A write path's ValidationError on `form`: by field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# --- rounds of the fiscal years ----------------------------------------------------------


def round_list(request):
    """The organisation's rounds per fiscal year; the planner opens a round here."""
    organization = request.organization
    if organization is None:
        raise PermissionDenied("ยังไม่ได้เลือก อปท.")
    can_open = permissions.can_open_round(request.user, organization)
    years_in_force = sorted(
        set(
            visible_plans(request.user)
            .filter(organization=organization, status__in=ANNOUNCED_STATUSES)
            .values_list("fiscal_year", flat=True)
        ),
        reverse=True,
    )
    # In the order of the year (quarter 1, six months, quarter 3, the year), not by due date.
    all_rounds = sorted(
        permissions.visible_rounds(request.user).filter(organization=organization),
        key=lambda r: (-r.fiscal_year, ROUND_ORDER.index(r.kind), r.pk),
    )
    opened = {(r.fiscal_year, r.kind) for r in all_rounds}
    # The form offers the round a planner opens next: six months, then the year.
    latest = years_in_force[0] if years_in_force else None
    next_kind = next(
        (k for k in (RoundKind.SIX_MONTH, RoundKind.ANNUAL) if (latest, k) not in opened),
        RoundKind.SIX_MONTH,
    )
    form = OpenRoundForm(years=years_in_force, initial={"kind": next_kind})
    if request.method == "POST":
        if not can_open:
            raise PermissionDenied(PLANNERS_ONLY)
        form = OpenRoundForm(request.POST, years=years_in_force)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = rounds.open_round(
                    organization, data["fiscal_year"], data["kind"], due_on=data["due_on"],
                    share_basis=data["share_basis"], by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"เปิด{round_.label} แล้ว หน่วยงานรายงานผลได้ในตารางบันทึกผล")
                return redirect("results:round", pk=round_.pk)
    years = sorted({r.fiscal_year for r in all_rounds} | set(years_in_force), reverse=True)
    by_year = [(year, [r for r in all_rounds if r.fiscal_year == year]) for year in years]
    return render(
        request,
        "results/round_list.html",
        {
            "by_year": by_year,
            "form": form if can_open and years_in_force else None,
            "can_open": can_open,
            "today": timezone.localdate(),
        },
    )


@dataclass
class DepartmentLine:
    department: object
    rows: int = 0
    reported: int = 0
    submitted: object = None  # the DepartmentReport

    @property
    def missing(self):
        return self.submitted is None

    @property
    def left(self):
        return self.rows - self.reported


def department_lines(round_, all_rows) -> list[DepartmentLine]:
    """Per department with rows in the round: rows, rows reported, and its "ส่งรายงานแล้ว"."""
    reports = {r.department_id: r for r in round_.department_reports.select_related("submitted_by")}
    lines: dict[int, DepartmentLine] = {}
    for row in all_rows:
        department = row.project.department
        line = lines.setdefault(department.pk, DepartmentLine(department))
        line.rows += 1
        line.reported += row.result is not None
    for line in lines.values():
        line.submitted = reports.get(line.department.pk)
    return sorted(lines.values(), key=lambda line: (not line.missing, line.department.name))


def round_detail(request, pk):
    """A round: per department its rows, how many are reported, and whether it has sent."""
    round_ = round_or_404(request, pk)
    all_rows = rounds.rows(round_)
    lines = department_lines(round_, all_rows)
    today = timezone.localdate()
    return render(
        request,
        "results/round_detail.html",
        {
            "round": round_,
            "lines": lines,
            "missing": [line for line in lines if line.missing],
            "row_count": len(all_rows),
            "reported_count": sum(line.reported for line in lines),
            "transitions": [
                t
                for t in rounds.available_transitions(request.user, round_)
                if t.action in STEP_ACTIONS
            ],
            "can_announce": permissions.can_announce_round(request.user, round_)
            and rounds.transition(round_, "announce") is not None,
            "is_planner": can_manage_organization(request.user, round_.organization),
            "can_report": permissions.can_report(request.user, round_),
            "days_left": (round_.due_on - today).days,
            "posting_within_days": settings.OPPLAN_POSTING_WITHIN_DAYS,
        },
    )


@require_POST
def round_step(request, pk, action):
    """Close or reopen a round (the transition table's buttons)."""
    if action not in STEP_ACTIONS:
        raise Http404("ไม่มีการดำเนินการนี้")
    round_ = round_or_404(request, pk)
    step = rounds.transition(round_, action)
    if step is not None and not has_role(request.user, round_.organization, *step.roles):
        raise PermissionDenied(PLANNERS_ONLY)
    try:
        STEP_ACTIONS[action](round_, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{step.label}แล้ว")
    return redirect("results:round", pk=round_.pk)


def announce(request, pk):
    """The executive announces the round's results (once it is closed)."""
    round_ = round_or_404(request, pk)
    if not permissions.can_announce_round(request.user, round_):
        raise PermissionDenied("ประกาศผลการดำเนินงานได้เฉพาะผู้บริหารท้องถิ่น")
    step = rounds.transition(round_, "announce")
    organization = round_.organization
    form = AnnounceRoundForm(
        request.POST if request.method == "POST" and step else None,
        initial={
            "announced_on": timezone.localdate(),
            "signer": organization.executive_name,
            "position": organization.executive_position,
        },
    )
    if request.method == "POST" and step and form.is_valid():
        data = form.cleaned_data
        try:
            rounds.announce_round(
                round_, by=request.user, announced_on=data["announced_on"],
                signer=data["signer"], position=data["position"],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "ประกาศผลการดำเนินงานแล้ว บันทึกการปิดประกาศได้ต่อไป")
            return redirect("results:round", pk=round_.pk)
    return render(
        request, "results/announce.html", {"round": round_, "form": form if step else None}
    )


def posting(request, pk):
    """Where and when the planner posted the announced results."""
    round_ = round_or_404(request, pk)
    if not has_role(request.user, round_.organization, Role.PLANNER):
        raise PermissionDenied(PLANNERS_ONLY)
    initial = {"posted_from": round_.posted_from or round_.announced_on,
               "posted_until": round_.posted_until, "where": round_.posted_where}  # fmt: skip
    form = RoundPostingForm(
        request.POST if request.method == "POST" and round_.is_announced else None,
        initial=initial,
    )
    if request.method == "POST" and round_.is_announced and form.is_valid():
        data = form.cleaned_data
        try:
            rounds.record_posting(round_, by=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "บันทึกการปิดประกาศผลการดำเนินงานแล้ว")
            return redirect("results:round", pk=round_.pk)
    return render(
        request,
        "results/posting.html",
        {"round": round_, "form": form if round_.is_announced else None},
    )


# --- the grid ------------------------------------------------------------------------------


def _department_filter(request, round_):
    """(the departments whose rows the grid shows, None for all; the one chosen)."""
    organization = round_.organization
    if not can_manage_organization(request.user, organization):
        own = staff_department_ids(request.user, organization)
        if own:
            return set(own), None
    chosen = request.GET.get("department", "")
    if chosen.isascii() and chosen.isdigit():
        return {int(chosen)}, int(chosen)
    return None, None


def grid(request, pk, bound=None):
    """The round's rows as a keyboard-first table (results.grid, static/js/results-grid.js).

    `bound` ({lineage: (values, errors, confirm)}) re-shows a row that a plain form post
    could not save, with what was typed."""
    round_ = round_or_404(request, pk)
    all_rows = rounds.rows(round_)
    shown_ids, chosen = _department_filter(request, round_)
    departments = {}
    for row in all_rows:
        departments.setdefault(row.project.department_id, row.project.department)
    shown = [r for r in all_rows if shown_ids is None or r.project.department_id in shown_ids]
    allowed = permissions.reporting_department_ids(request.user, round_)
    photos = Counter(
        dict(
            ResultPhoto.objects.filter(result__round=round_)
            .values_list("result__lineage")
            .annotate(n=Count("pk"))
            .values_list("result__lineage", "n")
        )
    )
    bound = bound or {}
    # Every row's endpoint is this prefix and its lineage (one reverse() for the page).
    prefix = reverse("results:row_save", args=[round_.pk, 0]).removesuffix("0/")
    grid_rows = []
    for number, row in enumerate(shown, start=1):
        editable = round_.is_open and (allowed is None or row.project.department_id in allowed)
        values, errors, confirm = bound.get(row.lineage, (values_of(row.result), {}, ""))
        grid_rows.append(GridRow(
            number, row.project, row.result, editable, f"{prefix}{row.lineage}/",
            photos[row.lineage], values, errors, confirm,
        ))  # fmt: skip
    department_input = (
        format_html('<input type="hidden" name="department" value="{}">', chosen) if chosen else ""
    )
    options, csrf = status_options(), get_token(request)
    rows_html = SafeString(
        "".join(
            render_row(row, csrf=csrf, options=options, department_input=department_input)
            for row in grid_rows
        )
    )
    submitted = set(round_.department_reports.values_list("department_id", flat=True))
    own = [] if allowed is None else [departments[d] for d in sorted(allowed) if d in departments]
    if allowed is None and chosen in departments and round_.is_open:
        own = [departments[chosen]]
    return render(
        request,
        "results/grid.html",
        {
            "round": round_,
            "rows": grid_rows,
            "rows_html": rows_html,
            "departments": sorted(departments.values(), key=lambda d: d.name),
            "chosen": chosen,
            "status_keys": [(ResultStatus(s).label, *keys) for s, keys in STATUS_KEYS.items()],
            # Department staff see their own rows only; everyone else may choose.
            "can_filter": can_manage_organization(request.user, round_.organization)
            or not staff_department_ids(request.user, round_.organization),
            "submit_departments": [(d, d.pk in submitted) for d in own],
            "any_editable": any(r.editable for r in grid_rows),
        },
        status=400 if bound else 200,
    )


def _row_or_404(round_, lineage):
    project = rounds.row_in_force(round_, lineage)
    if project is None:
        raise Http404("ไม่พบโครงการนี้ในแผนของรอบรายงาน")
    return project


def _field_errors(error) -> dict:
    """A write path's ValidationError as {grid field or "row": Thai text}."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {"row": error.messages}
    errors = {}
    for name, texts in by_field.items():
        key = name if name in GRID_FIELDS else "row"
        errors[key] = " ".join([errors[key], *texts]) if key in errors else " ".join(texts)
    return errors


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def row_save(request, pk, lineage):
    """Save one row of the grid: JSON for the grid's script, or back to the grid."""
    round_ = round_or_404(request, pk)
    project = _row_or_404(round_, lineage)
    if not permissions.can_report(request.user, round_, project.department_id):
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "errors": {"row": "รายงานผลได้เฉพาะโครงการของหน่วยงานของท่าน"
                                         " ขณะเปิดรับรายงาน"}},
                status=403,
            )  # fmt: skip
        raise PermissionDenied("รายงานผลได้เฉพาะโครงการของหน่วยงานของท่าน ขณะเปิดรับรายงาน")
    form = ResultRowForm(request.POST, lineage=lineage)
    errors, confirm = {}, ""
    if form.is_valid():
        entry = form.entry()
        try:
            result = rounds.save_result(round_, project, entry, by=request.user)
        except ValidationError as error:
            errors = _field_errors(error)
            if rounds.needs_confirmation(project, entry) and "disbursed" in errors:
                confirm = errors["disbursed"]
        except PermissionDenied as error:
            errors = {"row": str(error)}
    else:
        errors = {name: " ".join(e) for name, e in form.errors.items()}
    if not errors:
        values = values_of(result)
        if _wants_json(request):
            return JsonResponse({"ok": True, "values": values, "message": "บันทึกแล้ว"})
        messages.success(request, f"บันทึกผลของ {project.name} แล้ว")
        url = reverse("results:grid", args=[round_.pk])
        query = request.POST.get("department", "")
        if query.isascii() and query.isdigit():
            url += f"?department={query}"
        return redirect(f"{url}#row-{lineage}")
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": errors, "confirm": confirm}, status=400)
    typed = {name: request.POST.get(f"r{lineage}-{name}", "") for name in GRID_FIELDS}
    messages.error(request, f"บันทึกผลของ {project.name} ไม่ได้ ตรวจสอบช่องที่ระบุ")
    return grid(request, pk, bound={lineage: (typed, errors, confirm)})


@require_POST
def submit(request, pk):
    """A department says its rows are reported ("ส่งรายงานแล้ว")."""
    round_ = round_or_404(request, pk)
    department_id = request.POST.get("department", "")
    if not (department_id.isascii() and department_id.isdigit()):
        raise Http404("ไม่พบหน่วยงาน")
    department = get_object_or_404(round_.organization.departments.all(), pk=department_id)
    try:
        rounds.submit_department(round_, department, by=request.user)
    except ValidationError as error:
        messages.error(request, f"{department.name} ส่งรายงานไม่ได้: " + " ".join(error.messages))
    else:
        messages.success(request, f"{department.name} ส่งรายงาน{round_.label} แล้ว")
    return redirect(f"{reverse('results:grid', args=[round_.pk])}?department={department.pk}")


# --- photo evidence -----------------------------------------------------------------------


def row_photos(request, pk, lineage):
    """A row's photo evidence; its reporter adds one (from a phone's camera)."""
    round_ = round_or_404(request, pk)
    project = _row_or_404(round_, lineage)
    may_add = permissions.can_report(request.user, round_, project.department_id)
    form = ResultPhotoForm()
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied("แนบภาพได้เฉพาะโครงการของหน่วยงานของท่าน ขณะเปิดรับรายงาน")
        form = ResultPhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rounds.add_photo(
                    round_, project, form.cleaned_data["image"], by=request.user,
                    caption=form.cleaned_data["caption"],
                )  # fmt: skip
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "แนบภาพถ่ายแล้ว")
                return redirect("results:row_photos", pk=round_.pk, lineage=lineage)
    photos = ResultPhoto.objects.filter(result__round=round_, result__lineage=lineage)
    return render(
        request,
        "results/row_photos.html",
        {
            "round": round_,
            "project": project,
            "photos": list(photos),
            "form": form if may_add else None,
            "may_remove": may_add,
            # Back to the row in the grid (templates/bootstrap5/inputs.html shows it).
            "cancel_url": reverse("results:grid", args=[round_.pk]) + f"#row-{lineage}",
        },
    )


def _photo_or_404(request, pk):
    photos = ResultPhoto.objects.filter(
        result__round__in=permissions.visible_rounds(request.user),
        result__round__organization=request.organization,
    ).select_related("result__round__organization", "result__project")
    return get_object_or_404(photos, pk=pk)


def photo(request, pk):
    """A photo's bytes, for members of its organisation only (files.serving)."""
    return file_response(_photo_or_404(request, pk).image, missing="ไม่พบไฟล์ภาพถ่าย")


@require_POST
def photo_delete(request, pk):
    evidence = _photo_or_404(request, pk)
    result = evidence.result
    try:
        rounds.remove_photo(evidence, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "ลบภาพถ่ายแล้ว")
    return redirect("results:row_photos", pk=result.round_id, lineage=result.lineage)
