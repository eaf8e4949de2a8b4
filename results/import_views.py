"""A round's spreadsheet pages: export, and import as upload → preview of the changes → confirm.

As for the projects import (projects/import_views.py, ADR 0009): between preview and
confirm the upload waits in the storage under projects.previews.UPLOAD_DIR (removed
when stale by the same periodic task); the confirm form carries a signed token naming
the round, the user, the file and the preview's digest. The confirm re-reads the file
against the results as they are then and writes only if the digest is the same: a
result someone changed meanwhile is shown again in a new preview, never overwritten.
"""

import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import can_manage_organization, staff_department_ids
from projects.previews import LIFETIME, UPLOAD_DIR
from results import imports, permissions
from results import spreadsheet as sheet
from results.exports import export_filename, render_results_xlsx
from results.models import ResultStatus

TOKEN_SALT = "opplan.results.import"  # noqa: S105 -- a signing salt, not a secret
TOKEN_MAX_AGE = LIFETIME
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "results/import.html"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ Excel (.xlsx)",
        help_text=(
            "แผ่นงานแรกต้องมีแถวหัวตารางที่มีช่อง “โครงการ” “สถานะ” และ “เบิกจ่าย (บาท)” "
            "ดาวน์โหลดไฟล์ของรอบนี้ได้จากปุ่มส่งออก Excel แล้วกรอกในไฟล์นั้น"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน 10 MB")
        return upload


def round_or_404(request, pk):
    """A round of the user's current organisation, or 404."""
    rounds = permissions.visible_rounds(request.user).select_related("organization")
    return get_object_or_404(rounds, pk=pk, organization=request.organization)


def export_department_ids(user, round_):
    """The rows a user's export holds: department staff get their departments' rows
    (the file they fill in), the planner and everyone else every row."""
    if can_manage_organization(user, round_.organization):
        return None
    return staff_department_ids(user, round_.organization) or None


def round_export(request, pk):
    round_ = round_or_404(request, pk)
    data = render_results_xlsx(round_, department_ids=export_department_ids(request.user, round_))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(round_)}"'
    return response


def _require_reporter(request, round_):
    try:
        imports.check_can_import(round_, request.user)
    except ValidationError as error:
        raise PermissionDenied(error.messages[0]) from None


def _page(request, round_, *, form=None, preview=None, token=None, outdated=False):
    context = {
        "round": round_,
        "form": form or ImportForm(),
        "preview": preview,
        "token": token,
        "outdated": outdated,
        "columns": sheet.EXPORT_COLUMNS[sheet.EXPORT_COLUMNS.index(sheet.STATUS) :],
        "statuses": ResultStatus.labels,
    }
    return render(request, TEMPLATE, context)


def _token(request, round_, data, preview) -> str | None:
    if not preview.can_confirm:
        return None
    name = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    return signing.dumps(
        {"round": round_.pk, "user": request.user.pk, "file": name, "digest": preview.digest},
        salt=TOKEN_SALT,
    )


def round_import(request, pk):
    round_ = round_or_404(request, pk)
    _require_reporter(request, round_)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, round_)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        preview = imports.read_results(data, round_, by=request.user)
        token = _token(request, round_, data, preview)
        return _page(request, round_, form=form, preview=preview, token=token)
    return _page(request, round_, form=form)


def _confirm(request, round_):
    try:
        ticket = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "หน้าตัวอย่างหมดอายุแล้ว กรุณาอัปโหลดไฟล์อีกครั้ง")
        return redirect("results:round_import", pk=round_.pk)
    if ticket.get("round") != round_.pk or ticket.get("user") != request.user.pk:
        raise PermissionDenied("ไฟล์นี้อัปโหลดไว้สำหรับรอบรายงานหรือผู้ใช้อื่น")
    name = ticket["file"]
    if not name.startswith(f"{UPLOAD_DIR}/") or not default_storage.exists(name):
        messages.error(request, "ไม่พบไฟล์ที่อัปโหลดไว้ กรุณาอัปโหลดอีกครั้ง")
        return redirect("results:round_import", pk=round_.pk)
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    try:
        preview = imports.import_results(round_, data, by=request.user, expected=ticket["digest"])
    except imports.PreviewOutdated as outdated:
        # Someone reported meanwhile: show what the file would change now, ask again.
        default_storage.delete(name)
        preview = outdated.preview
        token = _token(request, round_, data, preview)
        return _page(request, round_, preview=preview, token=token, outdated=True)
    except imports.ImportFailed as failure:
        default_storage.delete(name)
        return _page(request, round_, preview=failure.preview)
    except ValidationError as error:  # the round was closed meanwhile
        default_storage.delete(name)
        messages.error(request, error.messages[0])
        return redirect("results:round", pk=round_.pk)
    default_storage.delete(name)
    messages.success(request, f"บันทึกผลการดำเนินงานจากไฟล์แล้ว {len(preview.changed)} โครงการ")
    return redirect("results:round", pk=round_.pk)
