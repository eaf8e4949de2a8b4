from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import PLANNERS_ONLY, can_manage_organization
from approvals.permissions import visible_meetings
from projects.editions import in_force
from projects.views import plan_or_404
from reports import background, book_texts
from reports.documents import DOCUMENTS, pages, pipeline
from reports.documents.announcement import build_announcement
from reports.documents.book import build_intro
from reports.models import RenderStatus
from reports.permissions import visible_renders
from reports.texts import INTRO, PLACEHOLDERS, TEXT_KEYS, check_placeholders
from results.permissions import visible_rounds


def _form(key):
    """One of the forms (ผด.01, ผด.02, ผด.02/1), or 404."""
    document = DOCUMENTS.get(key)
    if document is None or document not in pages():
        raise Http404("ไม่มีแบบรายงานนี้")
    return document


def form_page(request, pk, form):
    """The form as an in-app page (the same partial the PDF is made from)."""
    document = _form(form)
    plan = plan_or_404(request, pk)
    consolidated = _consolidated(request)
    built = pipeline.build(document, plan, consolidated=consolidated)
    context = pipeline.template_context(built) | {
        "partial_html": pipeline.render_partial(built),
        "plan": plan,
        "form": document.key,
        "forms": [(d.key, d.label) for d in pages()],
        "consolidated": consolidated,
        "scope": "?scope=consolidated" if consolidated else "",
        "has_editions": plan.kind != "original"
        or plan.organization.plans.filter(fiscal_year=plan.fiscal_year).count() > 1,
        "can_edit_texts": can_manage_organization(request.user, plan.organization),
        "is_announced": book_texts.is_announced(plan),
    }
    return render(request, "reports/page.html", context)


def _consolidated(request) -> bool:
    """?scope=consolidated: the plan in force for the fiscal year, all editions applied."""
    scope = request.GET.get("scope", "")
    if scope not in ("", "edition", "consolidated"):
        raise Http404("ขอบเขตของแบบรายงานไม่ถูกต้อง (edition หรือ consolidated)")
    return scope == "consolidated"


def _file_response(result, disposition="attachment"):
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
    return response


def download(request, pk, form, fmt):
    """A form as PDF or Excel (a large plan's PDF through the worker's waiting page)."""
    document = _form(form)
    if fmt == pipeline.HTML or fmt not in document.formats:
        raise Http404("ไม่มีแบบรายงานนี้")
    plan = plan_or_404(request, pk)
    consolidated = _consolidated(request)
    built = pipeline.build(document, plan, consolidated=consolidated)
    return _deliver(request, built, fmt, plan, consolidated=consolidated)


def document_download(request, pk, key):
    """The announcement or the whole plan book; before the announcement, marked ร่าง."""
    plan = plan_or_404(request, pk)
    return _deliver(request, pipeline.build(DOCUMENTS[key], plan), pipeline.PDF, plan)


def _deliver(request, built, fmt, plan, *, consolidated=False):
    """Small files are rendered now; a heavy one never in the request (background.py)."""
    if not background.is_heavy(built, fmt):
        return _file_response(pipeline.render(built, fmt))
    job = background.request_render(built, fmt, plan, consolidated=consolidated,
                                    by=request.user)  # fmt: skip
    if job.status == RenderStatus.DONE:
        return _stored_file(job)
    return redirect("reports:render", pk=job.pk)


def _render_or_404(request, pk):
    return get_object_or_404(
        visible_renders(request.user, request.organization).select_related("plan"), pk=pk
    )


def render_status(request, pk):
    """The waiting page of a heavy document: what is being made, how far, and the file."""
    job = _render_or_404(request, pk)
    document = DOCUMENTS.get(job.document)
    context = {
        "job": job,
        "plan": job.plan,
        # An edition's document: its rows counted as the plan page counts them (ผด.02 and
        # ผด.02/1, "65 โครงการ (ครุภัณฑ์ 6 รายการ)"); the year's or a round's: what it prints.
        "totals": job.plan.totals() if not job.consolidated and job.round_id is None else None,
        "label": document.label if document else job.document,
        "progress": background.progress(job),
        "done": job.status == RenderStatus.DONE,
        "failed": job.status == RenderStatus.FAILED,
        "refresh": job.status in (RenderStatus.QUEUED, RenderStatus.RUNNING),
    }
    return render(request, "reports/render.html", context)


def render_file(request, pk):
    job = _render_or_404(request, pk)
    if job.status != RenderStatus.DONE:
        return redirect("reports:render", pk=job.pk)
    return _stored_file(job)


@require_POST
def render_retry(request, pk):
    job = _render_or_404(request, pk)
    if job.status == RenderStatus.FAILED:
        background.retry(job)
        messages.success(request, "ส่งให้จัดทำเอกสารอีกครั้งแล้ว")
    return redirect("reports:render", pk=job.pk)


def _stored_file(job):
    try:
        handle = job.file.open("rb")
    except (OSError, ValueError):
        raise Http404("ไม่พบไฟล์") from None
    response = FileResponse(handle, content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


def meeting_document(request, pk, key):
    """A meeting's invitation, agenda or minutes as PDF, for whoever may see its plan."""
    document = DOCUMENTS[key]
    meeting = get_object_or_404(
        visible_meetings(request.user, request.organization).select_related(
            "committee", "plan__organization"
        ),
        pk=pk,
    )
    reason = document.unavailable(meeting) if document.unavailable else ""
    if reason:
        raise Http404(reason)
    rendered = pipeline.render(pipeline.build(document, meeting), pipeline.PDF)
    return _file_response(rendered, disposition="inline")


class BookTextForm(forms.Form):
    text = forms.CharField(
        label="ข้อความ",
        widget=forms.Textarea(attrs={"rows": 22}),
        error_messages={"required": "กรุณาพิมพ์ข้อความ (หรือกด “กลับไปใช้ค่าเริ่มต้น”)"},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        check_placeholders(text)
        return text


def book_text(request, pk, key, scope):
    """Edit a text of the plan book, with a preview: the edition's own or the organisation's.

    Planners only. The edition's own text is read-only once the edition is announced.
    """
    if key not in TEXT_KEYS:
        raise Http404("ไม่มีข้อความนี้ในรูปเล่มแผน")
    plan = plan_or_404(request, pk)
    if not can_manage_organization(request.user, plan.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    frozen = scope == book_texts.PLAN and not book_texts.edition_text_editable(plan)
    current, source = book_texts.text_for(plan, key, scope)
    preview_text = current
    if request.method == "POST":
        if frozen:
            raise PermissionDenied(book_texts.FROZEN)
        action = request.POST.get("action", "save")
        if action == "reset":
            book_texts.reset_text(plan, key, scope=scope, by=request.user)
            messages.success(request, "กลับไปใช้ข้อความค่าเริ่มต้นแล้ว")
            return redirect(request.path)
        form = BookTextForm(request.POST)
        if form.is_valid():
            preview_text = form.cleaned_data["text"]
            if action == "save":
                try:
                    book_texts.save_text(plan, key, preview_text, scope=scope, by=request.user)
                except ValidationError as error:
                    form.add_error("text", error)
                else:
                    messages.success(request, f"บันทึก{TEXT_KEYS[key]}แล้ว")
                    return redirect(request.path)
    else:
        form = BookTextForm(initial={"text": current})
    context = {
        "plan": plan,
        "key": key,
        "title": TEXT_KEYS[key],
        "scope": scope,
        "scopes": book_texts.SCOPES,
        "source": source,
        "frozen": frozen,
        "form": form,
        "placeholders": PLACEHOLDERS.items(),
    }
    if form.is_bound and not form.is_valid():
        context["preview_error"] = True
    elif key == INTRO:
        context["doc"] = build_announcement(plan)
        context["intro"] = build_intro(plan, text=preview_text)
    else:
        context["doc"] = build_announcement(plan, body=preview_text)
    if frozen:
        form.fields["text"].disabled = True
    return render(request, "reports/book_text.html", context)


# --- a round's results report (reports/documents/results.py) -------------------------------


def _round_or_404(request, pk):
    """A round of the current organisation the user is a member of (404 for others)."""
    rounds = visible_rounds(request.user).filter(organization=request.organization)
    return get_object_or_404(rounds.select_related("organization"), pk=pk)


def results_page(request, pk):
    """The round's results report as an in-app page (the partial the PDF is made from)."""
    round_ = _round_or_404(request, pk)
    built = pipeline.build(DOCUMENTS["results"], round_)
    context = pipeline.template_context(built) | {
        "round": round_,
        "heavy_pdf": background.is_heavy(built, pipeline.PDF),
    }
    return render(request, "reports/results_page.html", context)


def results_download(request, pk, fmt):
    """The report as PDF or Excel; a large round's PDF through the worker's waiting page."""
    document = DOCUMENTS["results"]
    if fmt == pipeline.HTML or fmt not in document.formats:
        raise Http404("ไม่มีรายงานในรูปแบบนี้")
    round_ = _round_or_404(request, pk)
    return _deliver_round(request, pipeline.build(document, round_), fmt, round_)


def results_announcement(request, pk):
    """The announcement of the round's results; before it is announced, marked ร่าง."""
    round_ = _round_or_404(request, pk)
    built = pipeline.build(DOCUMENTS["results_announcement"], round_)
    return _deliver_round(request, built, pipeline.PDF, round_)


def _deliver_round(request, built, fmt, round_):
    if not background.is_heavy(built, fmt):
        return _file_response(pipeline.render(built, fmt))
    plans = in_force(round_.organization, round_.fiscal_year)
    if not plans:  # (a heavy report has rows, so its plan is in force)
        return _file_response(pipeline.render(built, fmt))
    job = background.request_render(built, fmt, plans[0], by=request.user, round_=round_)
    if job.status == RenderStatus.DONE:
        return _stored_file(job)
    return redirect("reports:render", pk=job.pk)
