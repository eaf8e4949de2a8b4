"""The write path for budget events and their appropriations per แผนงาน."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.permissions import PLANNERS_ONLY
from budget.models import Appropriation, BudgetEvent
from budget.permissions import can_manage_budget_events
from thai.format import format_date_full, format_money


@transaction.atomic
def save_budget_event(event: BudgetEvent, appropriations: dict, *, by) -> BudgetEvent:
    """Save an event and replace its appropriations ({Program: Decimal or None}).

    Raises PermissionDenied for anyone but the organisation's planning officers,
    ValidationError for bad values (by field, in Thai: also a date after today, and
    amounts per แผนงาน adding up to more than the event's total); saves nothing then.
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
    errors = _event_errors(event, appropriations)
    try:
        event.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
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


def _event_errors(event, appropriations) -> dict[str, list[str]]:
    errors = {}
    today = timezone.localdate()
    # An event is recorded once it has happened: its date starts the plan's clock.
    if isinstance(event.announced_on, date) and event.announced_on > today:
        errors["announced_on"] = [
            f"วันที่ประกาศหรือได้รับแจ้งต้องไม่หลังวันนี้ ({format_date_full(today)}) "
            "บันทึกเหตุการณ์เมื่อประกาศหรือได้รับแจ้งแล้ว เพราะวันที่นี้เริ่มนับกำหนดส่งแผน"
        ]
    amounts = [(program, amount) for program, amount in appropriations.items() if amount]
    spread = sum((amount for _, amount in amounts), Decimal("0"))
    if event.total is not None and spread > event.total:
        named = " · ".join(
            f"{program.name} {format_money(amount)} บาท" for program, amount in amounts
        )
        errors["total"] = [
            f"งบประมาณตามแผนงานรวม {format_money(spread)} บาท เกินงบประมาณรวมของเหตุการณ์นี้ "
            f"({format_money(event.total)} บาท): {named} "
            "กรุณาแก้จำนวนเงินของแผนงานหรืองบประมาณรวมให้ถูกต้อง"
        ]
    return errors


@transaction.atomic
def save_budget_source(source, *, by):
    """Add or rename an organisation's own budget source (never a reference type)."""
    if source.organization_id is None or not can_manage_budget_events(by, source.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    source.name = source.name.strip()
    source.full_clean()
    source.save()
    return source
