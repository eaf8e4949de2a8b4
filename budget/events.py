"""The write path for budget events and their appropriations per แผนงาน."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.permissions import PLANNERS_ONLY
from budget.models import Appropriation, BudgetEvent
from budget.permissions import can_manage_budget_events


@transaction.atomic
def save_budget_event(event: BudgetEvent, appropriations: dict, *, by) -> BudgetEvent:
    """Save an event and replace its appropriations ({Program: Decimal or None}).

    Raises PermissionDenied for anyone but the organisation's planning officers,
    ValidationError for bad values; saves nothing then.
    """
    if not can_manage_budget_events(by, event.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    if event.pk:
        stored = BudgetEvent.objects.select_for_update().get(pk=event.pk)
        # The plans package is to the right of budget: ask by status code, not by import.
        if stored.plans.exclude(status="draft").exists():
            raise ValidationError("เหตุการณ์นี้ผูกกับแผนที่เสนอหรือประกาศแล้ว จึงแก้ไขไม่ได้ (บันทึกเหตุการณ์ใหม่แทน)")
        if stored.fiscal_year != event.fiscal_year and stored.plans.exists():
            raise ValidationError({"fiscal_year": "เหตุการณ์นี้ผูกกับแผนของปีงบประมาณเดิมแล้ว จึงเปลี่ยนปีไม่ได้"})
    event.title = event.title.strip()
    event.full_clean()
    event.save()
    rows = [
        Appropriation(event=event, program=program, amount=amount)
        for program, amount in appropriations.items()
        if amount is not None
    ]
    for row in rows:
        row.full_clean(exclude=["event"])
    event.appropriations.all().delete()
    Appropriation.objects.bulk_create(rows)
    return event


@transaction.atomic
def save_budget_source(source, *, by):
    """Add or rename an organisation's own budget source (never a reference type)."""
    if source.organization_id is None or not can_manage_budget_events(by, source.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    source.name = source.name.strip()
    source.full_clean()
    source.save()
    return source
