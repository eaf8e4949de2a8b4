"""The announced content of a plan, as canonical JSON with its SHA-256."""

import hashlib
import json
from collections.abc import Callable

from approvals.models import Snapshot
from projects.months import from_mask

# Parts that the apps which print add to the announced content (reports: the names,
# wording, logo and signer its documents print), registered from their AppConfig.ready:
# approvals cannot import them (design.md: dependencies point one way).
PARTS: dict[str, Callable] = {}


# What those apps change in their part when the announcement is corrected (the signer
# they print), registered the same way: revise(plan, content) edits `content` in place.
REVISERS: list[Callable] = []


def add_part(name: str, build: Callable, revise: Callable | None = None) -> None:
    """Store `build(plan)` (JSON-serialisable) under content[name] at every announcement;
    `revise(plan, content)` updates it when the announcement is corrected."""
    PARTS[name] = build
    if revise is not None:
        REVISERS.append(revise)


def project_entry(project) -> dict:
    """One project as announced: every printed value, names rather than ids."""
    p = project
    return {
        "strategy": [p.strategy.number, p.strategy.name],
        "program": p.program.name,
        "name": p.name,
        "details": p.details,
        "budget": str(p.budget),
        "budget_source": p.budget_source.name,
        "location": p.location,
        "department": p.department.name,
        "months": list(from_mask(p.months)),
        "equipment": [p.is_equipment, p.equipment_type, p.equipment_category, p.target],
        "development_plan_ref": p.development_plan_ref,
    }


# What project_entry reads, fetched as values: a 1,000-row draft prints without building
# 5,000 model instances (the forms' pages build from this on every view).
ENTRY_VALUES = (
    "strategy__number",
    "strategy__name",
    "program__name",
    "name",
    "details",
    "budget",
    "budget_source__name",
    "location",
    "department__name",
    "months",
    "is_equipment",
    "equipment_type",
    "equipment_category",
    "target",
    "development_plan_ref",
)


def _entry_of_values(v) -> dict:
    """project_entry of one row of ENTRY_VALUES (the same dict, key for key)."""
    return {
        "strategy": [v["strategy__number"], v["strategy__name"]],
        "program": v["program__name"],
        "name": v["name"],
        "details": v["details"],
        "budget": str(v["budget"]),
        "budget_source": v["budget_source__name"],
        "location": v["location"],
        "department": v["department__name"],
        "months": list(from_mask(v["months"])),
        "equipment": [v["is_equipment"], v["equipment_type"], v["equipment_category"], v["target"]],
        "development_plan_ref": v["development_plan_ref"],
    }


def plan_content(plan) -> dict:
    """Every printed value of the plan and its projects, in plan order (two queries)."""
    projects = plan.projects.order_by("strategy__number", "program__order", "order", "pk").values(
        *ENTRY_VALUES
    )
    return {
        "organization": plan.organization.name,
        "organization_slug": plan.organization.slug,
        "fiscal_year": plan.fiscal_year,
        "edition": {"kind": plan.kind, "number": plan.number, "title": plan.title},
        "announced_on": plan.announced_on.isoformat() if plan.announced_on else None,
        "announced_by": plan.announced_by,
        "projects": [_entry_of_values(v) for v in projects],
    }


def announced_content(plan) -> dict:
    """The plan's content with every registered part: what an announcement stores."""
    content = plan_content(plan)
    for name, build in PARTS.items():
        content[name] = build(plan)
    return content


def canonical_json(content) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def digest(content) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def take_snapshot(plan, decision=None) -> Snapshot:
    """Store the plan's content as announced (called inside the announcing transaction)."""
    content = announced_content(plan)
    return Snapshot.objects.create(
        plan=plan, revision=1, decision=decision, content=content, sha256=digest(content)
    )


def latest_snapshot(plan) -> Snapshot | None:
    """The announced record in force: the last revision (None before the announcement)."""
    return Snapshot.objects.filter(plan=plan).order_by("-revision").first()


def revise_snapshot(plan, decision) -> Snapshot:
    """The next revision after the executive corrected the announcement (`decision`):
    the content as announced, with the corrected date and signer and the correction
    listed; nothing else is read again, so names stay as announced."""
    previous = latest_snapshot(plan)
    if previous is None:  # announced before snapshots were kept: the record starts here
        return take_snapshot(plan, decision)
    content = json.loads(canonical_json(previous.content))  # a deep copy
    content["announced_on"] = plan.announced_on.isoformat()
    content["announced_by"] = plan.announced_by
    content["corrections"] = [
        *previous.content.get("corrections", []),
        {"on": decision.occurred_on.isoformat(), "note": decision.note},
    ]
    for revise in REVISERS:
        revise(plan, content)
    return Snapshot.objects.create(
        plan=plan,
        revision=previous.revision + 1,
        decision=decision,
        content=content,
        sha256=digest(content),
    )
