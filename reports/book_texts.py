"""The one write path for the plan book's texts (introduction, announcement wording).

The organisation's default may always be edited by its planning officer; an edition's
own text only until the edition is announced, because the book is part of what the
executive announces (design.md: frozen editions).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from accounts.permissions import PLANNERS_ONLY, can_manage_organization
from projects.models import PlanStatus
from reports.models import BookText
from reports.texts import DEFAULT_TEXTS, TEXT_KEYS, check_placeholders

PLAN, ORGANIZATION = "plan", "organization"
SCOPES = {PLAN: "เฉพาะแผนฉบับนี้", ORGANIZATION: "ค่าเริ่มต้นของ อปท. (ทุกฉบับ)"}
FROZEN = "แผนฉบับนี้ประกาศใช้แล้ว ข้อความในรูปเล่มของฉบับนี้จึงแก้ไขไม่ได้ (แก้ค่าเริ่มต้นของ อปท. ได้)"
ANNOUNCED = frozenset({PlanStatus.ANNOUNCED, PlanStatus.POSTED})


def is_announced(plan) -> bool:
    return plan.status in ANNOUNCED


def edition_text_editable(plan) -> bool:
    return not is_announced(plan)


def text_for(plan, key, scope=PLAN) -> tuple[str, str]:
    """(text, source) in force for `plan`: source is "plan", "organization" or "default".

    With scope="organization" the edition's own text is ignored (the default being edited).
    """
    saved = BookText.objects.filter(
        Q(organization_id=plan.organization_id, plan__isnull=True) | Q(plan=plan), key=key
    )
    rows = {(row.plan_id is not None): row.text for row in saved}
    if scope == PLAN and True in rows:
        return rows[True], PLAN
    if False in rows:
        return rows[False], ORGANIZATION
    return DEFAULT_TEXTS[key], "default"


def _check(plan, key, scope, by):
    if key not in TEXT_KEYS or scope not in SCOPES:
        raise ValueError(f"unknown text {key!r} or scope {scope!r}")
    if not can_manage_organization(by, plan.organization):
        raise PermissionDenied(PLANNERS_ONLY)
    if scope == PLAN and not edition_text_editable(plan):
        raise PermissionDenied(FROZEN)


def _pin_announced_editions(organization, key):
    """Before the organisation's default changes, give every announced edition that used it
    its own copy: what was announced stays what prints."""
    saved = BookText.objects.filter(organization=organization, key=key, plan__isnull=True).first()
    text = saved.text if saved else DEFAULT_TEXTS[key]
    pinned = BookText.objects.filter(key=key, plan__isnull=False).values("plan_id")
    editions = organization.plans.filter(status__in=ANNOUNCED).exclude(pk__in=pinned)
    BookText.objects.bulk_create(
        BookText(organization=organization, plan=edition, key=key, text=text)
        for edition in editions
    )


@transaction.atomic
def save_text(plan, key, text, *, scope, by) -> BookText:
    """Save the organisation's default (scope="organization") or the edition's own text.

    Raises PermissionDenied (not the planner; an announced edition) or ValidationError
    (empty text, unknown placeholder), and then writes nothing.
    """
    _check(plan, key, scope, by)
    text = (text or "").strip()
    if not text:
        raise ValidationError("กรุณาพิมพ์ข้อความ (หรือกด “กลับไปใช้ค่าเริ่มต้น”)")
    check_placeholders(text)
    if scope == ORGANIZATION:
        _pin_announced_editions(plan.organization, key)
    row, _ = BookText.objects.update_or_create(
        organization=plan.organization,
        plan=plan if scope == PLAN else None,
        key=key,
        defaults={"text": text, "updated_by": by if getattr(by, "pk", None) else None},
    )
    return row


@transaction.atomic
def reset_text(plan, key, *, scope, by) -> int:
    """Drop the saved text so the one below applies again; returns rows deleted (0 or 1)."""
    _check(plan, key, scope, by)
    if scope == ORGANIZATION:
        _pin_announced_editions(plan.organization, key)
    rows = BookText.objects.filter(organization=plan.organization, key=key)
    rows = rows.filter(plan=plan) if scope == PLAN else rows.filter(plan__isnull=True)
    deleted, _ = rows.delete()
    return deleted
