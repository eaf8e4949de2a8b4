from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import PLANNERS_ONLY
from budget.events import save_budget_event, save_budget_source
from budget.forms import BudgetEventForm, BudgetSourceForm
from budget.models import BudgetEvent, BudgetSource
from budget.permissions import can_manage_budget_events, visible_budget_events


def event_list(request):
    organization = request.organization
    if organization is None:
        raise PermissionDenied("ยังไม่ได้เลือก อปท.")
    events = (
        visible_budget_events(request.user)
        .filter(organization=organization)
        .prefetch_related("appropriations")
    )
    return render(
        request,
        "budget/event_list.html",
        {
            "events": events,
            "can_manage": can_manage_budget_events(request.user, organization),
            "sources": BudgetSource.objects.filter(
                Q(organization=None) | Q(organization=organization)
            ).order_by("organization", "order", "name"),
            "source_form": BudgetSourceForm(),
        },
    )


def event_edit(request, pk=None):
    organization = request.organization
    if organization is None or not can_manage_budget_events(request.user, organization):
        raise PermissionDenied(PLANNERS_ONLY)
    if pk is None:
        event = BudgetEvent(organization=organization)
    else:
        event = get_object_or_404(
            visible_budget_events(request.user).filter(organization=organization), pk=pk
        )
    form = BudgetEventForm(request.POST if request.method == "POST" else None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            save_budget_event(form.instance, form.appropriations(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"บันทึก “{event.title}” แล้ว")
            return redirect("budget:events")
    return render(request, "budget/event_form.html", {"form": form, "event": event})


@require_POST
def source_create(request):
    """An organisation's own budget source, e.g. another agency's budget."""
    organization = request.organization
    if organization is None or not can_manage_budget_events(request.user, organization):
        raise PermissionDenied(PLANNERS_ONLY)
    form = BudgetSourceForm(request.POST, instance=BudgetSource(organization=organization))
    if form.is_valid():
        try:
            save_budget_source(form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        for messages_ in form.errors.values():
            for message in messages_:
                messages.error(request, f"เพิ่มแหล่งงบประมาณไม่สำเร็จ: {message}")
    else:
        messages.success(request, f"เพิ่มแหล่งงบประมาณ “{form.instance.name}” แล้ว")
    return redirect("budget:events")
