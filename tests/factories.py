"""Test data builders. Organisations go through the real write path."""

import itertools

import factory

from accounts.models import Membership, OrganizationType, Role, User, type_named_by
from accounts.organizations import create_organization
from projects.models import Plan

_slugs = itertools.count(1)


# The demo's published files by content digest, as the first seed_demo of this process
# rendered them (reports.documents.pipeline.digest: the same digest, the same bytes).
_demo_documents: dict[str, bytes] = {}


def seed_demo():
    """The demo organisation and accounts as `make run` makes them (debug on: the
    published demo password), whatever the test settings' DEBUG.

    The seed publishes the demo's announced editions (16 files, most of its time). The
    first seed of a test process renders them; a later one is handed the bytes of the
    document of the same content digest instead of laying it out again, and publishes them
    through the same path (the cache, the storage, the digests), so it leaves what a fresh
    seed leaves. Content the first seed did not render is rendered as usual.
    """
    from io import StringIO
    from unittest import mock

    from django.core.management import call_command
    from django.test import override_settings

    from reports.documents import pipeline

    render_bytes = pipeline.render_bytes

    def rendered_once(built, fmt, **options):
        key = pipeline.digest(built, fmt)
        if key not in _demo_documents:
            _demo_documents[key] = render_bytes(built, fmt, **options)
        return _demo_documents[key]

    with (
        override_settings(DEBUG=True),
        mock.patch.object(pipeline, "render_bytes", rendered_once),
    ):
        call_command("seed_demo", stdout=StringIO())


def make_organization(name="องค์การบริหารส่วนตำบลหนองบัว", slug=None, **fields):
    """An organisation whose type is the one its name says (an อบต. when it says none)."""
    named = type_named_by(name)
    fields.setdefault("type", named[0] if named else OrganizationType.SAO)
    fields.setdefault("amphoe", "เมือง")
    fields.setdefault("province", "พะเยา")
    return create_organization(name=name, slug=slug or f"org-{next(_slugs)}", **fields)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "ทดสอบ"
    last_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


def member(organization, role, department=None, user=None, **user_fields):
    """A user holding `role` in `organization` (department staff get a department)."""
    if role == Role.DEPARTMENT_STAFF and department is None:
        department = organization.departments.get(name="กองช่าง")
    user = user or UserFactory(**user_fields)
    Membership.objects.create(
        user=user, organization=organization, role=role, department=department
    )
    return user


def make_plan(organization, fiscal_year=2570, **fields):
    return Plan.objects.create(organization=organization, fiscal_year=fiscal_year, **fields)


def make_strategy(organization, number=1, name=None):
    from projects.models import Strategy

    return Strategy.objects.create(
        organization=organization, number=number, name=name or f"การพัฒนาด้านที่ {number}"
    )


def make_project(plan, **fields):
    """A valid project of `plan` (กองช่าง, แผนงานเคหะและชุมชน, ต.ค.–ธ.ค.) unless told otherwise."""
    from decimal import Decimal

    from budget.models import BudgetSource, Program
    from projects.models import Project

    organization = plan.organization
    if "strategy" not in fields:
        fields["strategy"] = organization.strategies.order_by("number").first() or make_strategy(
            organization
        )
    fields.setdefault("program", Program.objects.get(code="housing_and_community"))
    fields.setdefault("name", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1")
    fields.setdefault("budget", Decimal("100000.00"))
    fields.setdefault("budget_source", BudgetSource.objects.get(organization=None, kind="annual"))
    fields.setdefault("department", organization.departments.get(name="กองช่าง"))
    fields.setdefault("months", 0b111)
    return Project.objects.create(plan=plan, **fields)


def make_budget_event(organization, fiscal_year=2570, announced_on=None, **fields):
    from datetime import date

    from budget.models import BudgetEvent

    fields.setdefault("kind", "annual")
    fields.setdefault("title", f"ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. {fiscal_year}")
    return BudgetEvent.objects.create(
        organization=organization,
        fiscal_year=fiscal_year,
        announced_on=announced_on or date(2026, 9, 15),
        **fields,
    )


def png_bytes(size=(8, 6), color=(200, 30, 30)) -> bytes:
    """A small real PNG (Pillow), e.g. a posting photo."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_posting_record(plan, **fields):
    """A posting record written straight to the table (tests of pages, not of the rules)."""
    from datetime import date, timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile

    from approvals.models import PostingRecord

    fields.setdefault("place", "notice_board")
    fields.setdefault("starts_on", date(2026, 10, 21))
    fields.setdefault("ends_on", fields["starts_on"] + timedelta(days=30))
    fields.setdefault("photo", SimpleUploadedFile("board.png", png_bytes(), "image/png"))
    return PostingRecord.objects.create(plan=plan, **fields)


def committee_of(organization, kind, members=3):
    """The organisation's committee of `kind` (made with `members` members if missing)."""
    from approvals.models import Committee, CommitteeKind, CommitteeMember, MemberRole

    committee = Committee.objects.filter(organization=organization, kind=kind).first()
    if committee is None:
        committee = Committee.objects.create(
            organization=organization, kind=kind, name=CommitteeKind(kind).label
        )
        roles = [MemberRole.CHAIR] + [MemberRole.MEMBER] * (members - 2) + [MemberRole.SECRETARY]
        for order, role in enumerate(roles[:members], start=1):
            CommitteeMember.objects.create(
                committee=committee, name=f"กรรมการคนที่ {order}", role=role, order=order
            )
    return committee


def resolve(plan, outcome="approved", *, by, held_on=None, changes="", number="1/2570"):
    """The committee considering `plan` meets (scheduled, then held) and resolves
    `outcome`, through the real write paths; returns the meeting."""
    from datetime import date

    from approvals import meetings

    kind = meetings.considering_committee(plan)
    assert kind, f"no committee considers a plan in {plan.status}"
    committee = committee_of(plan.organization, kind)
    meeting = meetings.schedule_meeting(
        plan, by=by, committee=committee, number=number, held_on=held_on or date(2026, 10, 1)
    )
    if outcome == "approved_with_changes" and not changes:
        changes = "แก้ไขชื่อโครงการให้ตรงกับแผนพัฒนาท้องถิ่น"
    meeting = meetings.record_resolution(
        meeting,
        by=by,
        outcome=outcome,
        resolution=f"ที่ประชุมมีมติ ({outcome})",
        changes=changes,
        attendees=list(committee.members.all()),
    )
    plan.refresh_from_db()
    return meeting


def submit(plan, *, by, **kwargs):
    """The planner sends the draft to the support committee. A plan with no project
    cannot be sent (workflow.not_ready): one is added first when it has none."""
    from approvals import workflow

    if not plan.projects.exists():
        make_project(plan)
    return workflow.perform(plan, "submit", by=by, **kwargs)


def endorse(plan, *, by, held_on=None):
    """From draft through both committees' resolutions to the executive."""
    from approvals import meetings

    if plan.status == "draft":
        submit(plan, by=by)
    while meetings.considering_committee(plan):
        resolve(plan, by=by, held_on=held_on)
    plan.refresh_from_db()
    return plan


def announce(plan, *, planner, executive, announced_on=None, held_on=None):
    """Through the committees and the executive's announcement (dates in the past)."""
    from datetime import date

    from approvals import workflow

    endorse(plan, by=planner, held_on=held_on)
    workflow.perform(
        plan,
        "announce",
        by=executive,
        announced_on=announced_on or date(2026, 10, 20),
        announced_by="นายสมศักดิ์ ใจดี นายกองค์การบริหารส่วนตำบลหนองบัว",
    )
    plan.refresh_from_db()
    return plan


def results_setup(fiscal_year=2569):
    """An organisation with its planner, executive and กองช่าง staff, and an announced
    plan of `fiscal_year` (past by default, so its rounds can be announced today) with
    three projects of two departments. Returns a namespace."""
    from datetime import date
    from decimal import Decimal
    from types import SimpleNamespace

    from accounts.models import Role

    organization = make_organization()
    planner = member(organization, Role.PLANNER)
    executive = member(organization, Role.EXECUTIVE)
    staff = member(organization, Role.DEPARTMENT_STAFF)  # กองช่าง
    office = organization.departments.get(name="สำนักปลัด")
    plan = make_plan(organization, fiscal_year=fiscal_year)
    road = make_project(plan, name="ถนนคอนกรีต หมู่ที่ 1", budget=Decimal("250000.00"))
    drain = make_project(plan, name="รางระบายน้ำ หมู่ที่ 2", budget=Decimal("120000.00"))
    sport = make_project(plan, name="แข่งขันกีฬาตำบล", budget=Decimal("50000.00"), department=office)
    announce(
        plan,
        planner=planner,
        executive=executive,
        held_on=date(2025, 10, 1),
        announced_on=date(2025, 10, 10),
    )
    return SimpleNamespace(
        organization=organization,
        planner=planner,
        executive=executive,
        staff=staff,
        office=office,
        works=staff.memberships.get().department,
        plan=plan,
        road=road,
        drain=drain,
        sport=sport,
    )
