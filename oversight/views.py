"""The district and province views (read-only) and the province administrator's pages.

Views choose the area, the year and the format; the builders (oversight/overview.py)
read, the renderers (oversight/xlsx.py) return bytes.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import Membership, Role
from accounts.organizations import create_organization
from invitations.forms import InviteForm
from invitations.views import invite_from_form
from oversight import overview, permissions, xlsx
from oversight.forms import OrganizationCreateForm
from thai.format import fiscal_year_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choice(request):
    """(area, fiscal year, the area's organisations) from ?area=&year=; refuses anyone
    who oversees no area."""
    if not permissions.can_read_views(request.user):
        raise PermissionDenied(permissions.SUPERVISORS_ONLY)
    areas = permissions.visible_areas(request.user)
    area = areas[0]
    wanted = request.GET.get("area")
    if wanted:
        area = next((a for a in areas if str(a.pk) == wanted), None)
        if area is None:
            raise Http404("ไม่พบพื้นที่ที่เลือก หรือท่านไม่ได้กำกับดูแลพื้นที่นี้")
    current = fiscal_year_of(timezone.localdate())
    years = [current + 1, current, current - 1, current - 2]
    year = current
    if request.GET.get("year", "").isdigit() and int(request.GET["year"]) in years:
        year = int(request.GET["year"])
    return area, year, years, permissions.area_organizations(request.user, area)


def _context(request, area, year, years, page):
    return {
        "area": area,
        "areas": permissions.visible_areas(request.user),
        "year": year,
        "years": years,
        "page": page,
        "query": f"area={area.pk}&year={year}",
        "can_add_organizations": permissions.can_add_organizations(request.user),
    }


def _xlsx(content, name):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def status(request):
    """Which organisations have announced and posted on time, which are late (days)."""
    area, year, years, organizations = _choice(request)
    report = overview.build_status(organizations, year, timezone.localdate())
    standing = request.GET.get("standing")
    rows = [r for r in report.rows if r.standing == standing] if standing else report.rows
    context = _context(request, area, year, years, "status")
    context |= {
        "report": report,
        "rows": rows,
        "standing": standing if standing in overview.Standing.LABELS else "",
        "standings": [
            (key, overview.Standing.LABELS[key], report.counts[key])
            for key in overview.Standing.ORDER
        ],
    }
    return render(request, "oversight/status.html", context)


def status_xlsx(request):
    area, year, _, organizations = _choice(request)
    report = overview.build_status(organizations, year, timezone.localdate())
    return _xlsx(xlsx.render_status_xlsx(report, area.area_name), f"status-{year}.xlsx")


def totals(request):
    """Projects and budget of the plans in force by ด้าน, แผนงาน and strategy."""
    area, year, years, organizations = _choice(request)
    context = _context(request, area, year, years, "totals")
    context["report"] = overview.build_totals(organizations, year)
    return render(request, "oversight/totals.html", context)


def totals_xlsx(request):
    area, year, _, organizations = _choice(request)
    report = overview.build_totals(organizations, year)
    return _xlsx(xlsx.render_totals_xlsx(report, area.area_name), f"totals-{year}.xlsx")


def results(request):
    """Results progress per organisation in the year's latest round."""
    area, year, years, organizations = _choice(request)
    context = _context(request, area, year, years, "results")
    context["report"] = overview.build_results(organizations, year)
    return render(request, "oversight/results.html", context)


def results_xlsx(request):
    area, year, _, organizations = _choice(request)
    report = overview.build_results(organizations, year)
    return _xlsx(xlsx.render_results_xlsx(report, area.area_name), f"results-{year}.xlsx")


# --- the province administrator ---------------------------------------------------------


def _require_admin(request):
    if not permissions.can_add_organizations(request.user):
        raise PermissionDenied(permissions.PROVINCE_ADMINS_ONLY)


def organizations(request):
    """The organisations of the administrator's provinces and whether their planning
    officer has joined (2 queries at any size)."""
    _require_admin(request)
    planners = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Role.PLANNER).select_related("user"),
        to_attr="planners",
    )
    rows = permissions.managed_organizations(request.user).prefetch_related(planners)
    return render(
        request,
        "oversight/organizations.html",
        {"organizations": rows.order_by("province", "amphoe", "name")},
    )


def organization_create(request):
    """A new organisation with its type's default departments; then invite its planner."""
    _require_admin(request)
    provinces = permissions.managed_provinces(request.user)
    amphoes = sorted(
        set(
            permissions.managed_organizations(request.user)
            .exclude(amphoe="")
            .values_list("amphoe", flat=True)
        )
    )
    form = OrganizationCreateForm(
        request.POST if request.method == "POST" else None, provinces=provinces, amphoes=amphoes
    )
    if request.method == "POST" and form.is_valid():
        try:
            organization = create_organization(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            departments = organization.departments.count()
            messages.success(
                request,
                f"เพิ่ม{organization.name}แล้ว พร้อมหน่วยงานเริ่มต้น {departments} หน่วยงาน "
                "ขั้นต่อไป: เชิญนักวิเคราะห์นโยบายและแผนของ อปท.",
            )
            return redirect("oversight:invite_planner", organization.pk)
    return render(request, "oversight/organization_form.html", {"form": form})


def invite_planner(request, pk):
    """Invite the planning officer of an organisation of the administrator's province."""
    _require_admin(request)
    organization = get_object_or_404(permissions.managed_organizations(request.user), pk=pk)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        organization=organization,
        roles=[Role.PLANNER],
    )
    posted = request.method == "POST" and form.is_valid()
    if posted and invite_from_form(request, form, organization):
        return redirect("oversight:organizations")
    planners = organization.memberships.filter(role=Role.PLANNER).select_related("user")
    return render(
        request,
        "oversight/invite_planner.html",
        {"organization": organization, "form": form, "planners": planners},
    )
