"""The carry-over page of a round (/rounds/<id>/carry-over/): the preview with a tick per
unfinished project, and the one step that copies the ticked rows (results.carry_over).

Kept apart from results/views.py (the round pages) so each has one reason to change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import PLANNERS_ONLY
from results import carry_over as carrying
from results.permissions import can_carry_over, visible_rounds


def carry_over(request, pk):
    round_ = get_object_or_404(
        visible_rounds(request.user).select_related("organization"),
        pk=pk,
        organization=request.organization,
    )
    if not can_carry_over(request.user, round_):
        raise PermissionDenied(PLANNERS_ONLY)
    error = None
    ticked = None
    if request.method == "POST":
        ticked = {value for value in request.POST.getlist("project") if value.isdecimal()}
        try:
            done = carrying.carry_over(round_, ticked, by=request.user)
        except ValidationError as refusal:
            error = refusal.messages
        else:
            made = f"สร้าง{done.plan.title} (ร่าง) และ" if done.created_plan else ""
            messages.success(
                request, f"{made}ยกโครงการ {len(done.copies)} โครงการไป{done.plan.title} แล้ว"
            )
            return redirect("projects:plan", pk=done.plan.pk)
    preview = carrying.preview(round_)
    if ticked is None:  # first view: every row not yet carried is ticked
        ticked = {str(c.project.pk) for c in preview.offered}
    return render(
        request,
        "results/carry_over.html",
        {"round": round_, "preview": preview, "ticked": ticked, "errors": error},
    )
