"""The spreadsheet pages: export, and import as upload → preview → confirm.

Between preview and confirm the uploaded file waits in the storage (not in a
process's memory or the session); the confirm form carries a signed token that
names it, the plan, the user and the options, and the ticks: one checkbox
"create" per new name (its key) and, for a new department, a select "kind:<key>".
"""

import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.models import DepartmentKind
from projects import imports, permissions
from projects.editing import PLANNERS_ONLY, not_editable
from projects.exports import export_filename, render_projects_xlsx
from projects.previews import LIFETIME, UPLOAD_DIR
from projects.views import plan_or_404

TOKEN_SALT = "opplan.projects.import"  # noqa: S105 -- a signing salt, not a secret
TOKEN_MAX_AGE = LIFETIME
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ Excel (.xlsx)",
        help_text="แผ่นงานแรกต้องมีแถวหัวตารางที่มีช่อง “โครงการ” ดาวน์โหลดไฟล์ตัวอย่างได้จากปุ่มส่งออก Excel",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    replace = forms.BooleanField(
        label="แทนที่โครงการเดิมทั้งหมดของแผนนี้",
        required=False,
        help_text="ถ้าไม่เลือก โครงการจากไฟล์จะต่อท้ายโครงการที่มีอยู่",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน 10 MB")
        return upload


def plan_export(request, pk):
    plan = plan_or_404(request, pk)
    response = HttpResponse(render_projects_xlsx(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(plan)}"'
    return response


def _require_manager(request, plan):
    if not permissions.can_manage_plan(request.user, plan):
        raise PermissionDenied(not_editable(plan) if not plan.is_editable else PLANNERS_ONLY)


def _ticks(post) -> imports.CreateNew:
    """What the preview's checkboxes and selects say to create (unknown values do nothing)."""
    keys = frozenset(post.getlist("create"))
    kinds = {key: post.get(f"kind:{key}", "") for key in keys}
    return imports.CreateNew(keys=keys, department_kinds=kinds)


def _page(request, plan, preview, *, form=None, options=None, token=None, attempted=False):
    context = {
        "plan": plan,
        "form": form or ImportForm(),
        "preview": preview,
        "options": options or {},
        "existing": plan.projects.count(),
        "token": token,
        "attempted": attempted,
        "department_kinds": DepartmentKind.choices,
    }
    return render(request, "projects/plan_import.html", context)


def plan_import(request, pk):
    plan = plan_or_404(request, pk)
    _require_manager(request, plan)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, plan)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    context = {"plan": plan, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        options = {"replace": form.cleaned_data["replace"]}
        preview = imports.read_projects(data, plan.organization)
        token = None
        if preview.can_confirm:
            name = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
            token = signing.dumps(
                {"plan": plan.pk, "user": request.user.pk, "file": name, **options},
                salt=TOKEN_SALT,
            )
        return _page(request, plan, preview, form=form, options=options, token=token)
    return render(request, "projects/plan_import.html", context)


def _confirm(request, plan):
    try:
        ticket = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "หน้าตัวอย่างหมดอายุแล้ว กรุณาอัปโหลดไฟล์อีกครั้ง")
        return redirect("projects:plan_import", pk=plan.pk)
    if ticket.get("plan") != plan.pk or ticket.get("user") != request.user.pk:
        raise PermissionDenied("ไฟล์นี้อัปโหลดไว้สำหรับแผนหรือผู้ใช้อื่น")
    name = ticket["file"]
    if not name.startswith(f"{UPLOAD_DIR}/") or not default_storage.exists(name):
        messages.error(request, "ไม่พบไฟล์ที่อัปโหลดไว้ กรุณาอัปโหลดอีกครั้ง")
        return redirect("projects:plan_import", pk=plan.pk)
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    options = {"replace": ticket["replace"]}
    try:
        preview = imports.import_projects(
            plan, data, by=request.user, create=_ticks(request.POST), replace=ticket["replace"]
        )
    except imports.ImportFailed as failure:
        # A new name left unticked: ask again with the same file. Anything else means the
        # organisation's data changed since the preview (e.g. a strategy was removed).
        preview = failure.preview
        token = request.POST["token"] if preview.can_confirm else None
        return _page(request, plan, preview, options=options, token=token, attempted=True)
    default_storage.delete(name)
    messages.success(
        request,
        f"นำเข้า {len(preview.rows)} โครงการแล้ว"
        + (" (แทนที่โครงการเดิม)" if ticket["replace"] else ""),
    )
    return redirect("projects:plan", pk=plan.pk)
