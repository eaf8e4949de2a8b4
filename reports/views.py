from django.http import Http404, HttpResponse
from django.shortcuts import render

from projects.views import plan_or_404
from reports.rendering import FORM_LABELS, FORMS, build, form_context, rendered


def form_page(request, pk, form):
    """The form as an in-app page (the same partial the PDF is made from)."""
    if form not in FORMS:
        raise Http404("ไม่มีแบบรายงานนี้")
    plan = plan_or_404(request, pk)
    report = build(plan, form)
    context = form_context(report, form) | {"plan": plan, "forms": FORM_LABELS.items()}
    return render(request, "reports/page.html", context)


def download(request, pk, form, fmt):
    if form not in FORMS or fmt not in ("pdf", "xlsx"):
        raise Http404("ไม่มีแบบรายงานนี้")
    plan = plan_or_404(request, pk)
    result = rendered(plan, form, fmt)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response
