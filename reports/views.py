from django.http import Http404, HttpResponse
from django.shortcuts import render

from projects.views import plan_or_404
from reports.rendering import FORM_LABELS, FORMS, build, form_context, rendered


def form_page(request, pk, form):
    """The form as an in-app page (the same partial the PDF is made from)."""
    if form not in FORMS:
        raise Http404("ไม่มีแบบรายงานนี้")
    plan = plan_or_404(request, pk)
    consolidated = _consolidated(request)
    report = build(plan, form, consolidated=consolidated)
    context = form_context(report, form) | {
        "plan": plan,
        "forms": FORM_LABELS.items(),
        "consolidated": consolidated,
        "scope": "?scope=consolidated" if consolidated else "",
        "has_editions": plan.kind != "original"
        or plan.organization.plans.filter(fiscal_year=plan.fiscal_year).count() > 1,
    }
    return render(request, "reports/page.html", context)


def _consolidated(request) -> bool:
    """?scope=consolidated: the plan in force for the fiscal year, all editions applied."""
    scope = request.GET.get("scope", "")
    if scope not in ("", "edition", "consolidated"):
        raise Http404("ขอบเขตของแบบรายงานไม่ถูกต้อง (edition หรือ consolidated)")
    return scope == "consolidated"


def download(request, pk, form, fmt):
    if form not in FORMS or fmt not in ("pdf", "xlsx"):
        raise Http404("ไม่มีแบบรายงานนี้")
    plan = plan_or_404(request, pk)
    result = rendered(plan, form, fmt, consolidated=_consolidated(request))
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
