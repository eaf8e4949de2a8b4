from itertools import groupby

from django.shortcuts import render

from projects.permissions import visible_plans


def dashboard(request):
    """The current organisation's fiscal years, newest first, with their plan editions."""
    organization = request.organization
    plans = []
    if organization is not None:
        plans = (
            visible_plans(request.user)
            .filter(organization=organization)
            .order_by("-fiscal_year", "kind", "number")
        )
    years = [
        (year, list(editions)) for year, editions in groupby(plans, key=lambda p: p.fiscal_year)
    ]
    return render(request, "projects/dashboard.html", {"years": years})
