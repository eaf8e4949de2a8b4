"""The write path for budget events and their appropriations per แผนงาน."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from budget.models import Appropriation, BudgetEvent
from budget.permissions import can_manage_budget_events


@transaction.atomic
def save_budget_event(event: BudgetEvent, appropriations: dict, *, by) -> BudgetEvent:
    """Save an event and replace its appropriations ({Program: Decimal or None}).

    Raises PermissionDenied for anyone but the organisation's planning officers,
    ValidationError for bad values; saves nothing then.
    """
    if not can_manage_budget_events(by, event.organization):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่วิเคราะห์นโยบายและแผนของ อปท. นี้เท่านั้น")
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
