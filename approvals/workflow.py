"""The plan's lifecycle (ระเบียบฯ ข้อ 26–27) as one transition table.

draft → support_review → development_review → endorsed → announced → posted.

The table is the only place that knows the transitions, their labels, who may take
them and how: by a button (`BUTTON`), on a page of its own with details (`FORM`: the
announcement, a deadline extension, a correction of the announcement), only by a
committee's recorded resolution (`RESOLUTION`: approvals/meetings.py), only by a
posting record (`POSTING`: approvals/posting.py), or only with the record of an
announcement already made on paper (`OFFLINE`: approvals/offline.py, ประกาศนอกระบบ, for
an organisation that starts with OpPlan after it announced its plan). No button and no
single person moves a plan past a committee: its rows are `RESOLUTION` rows, and
`perform` refuses them without the meeting whose recorded outcome they carry out.

A committee that approves "with changes" sends the plan to a `*_changes` state, where
the planner makes the listed changes and confirms them (a button); the plan then
moves on without a new meeting.

`perform` is the only code that writes Plan.status: it locks the row, checks the
state, the actor and the details, writes one Decision dated by the event (the
meeting, the announcement, the posting), and queues e-mail to whoever must act next
once the transaction commits.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import AmendmentPath, Role
from accounts.permissions import roles_in
from approvals.models import (
    CommitteeKind,
    CommitteeMember,
    Decision,
    MemberRole,
    Notification,
    Outcome,
)
from approvals.snapshots import revise_snapshot, take_snapshot
from approvals.tasks import send_email
from projects.models import ANNOUNCED_STATUSES, Plan, PlanKind, PlanStatus
from thai.format import format_date_full

S = PlanStatus

# How a transition is taken.
BUTTON = "button"  # a button on the plan page (with a note, or a required reason)
FORM = "form"  # a page of its own with the details it needs
RESOLUTION = "resolution"  # only by a committee's recorded resolution (meetings.py)
POSTING = "posting"  # only by a posting record (posting.py)
OFFLINE = "offline"  # only with the record of a paper announcement (offline.py)


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    roles: frozenset  # roles (in the plan's organisation) allowed to act
    label: str  # the button, and the action's name in the record and the book
    done: str  # the message after it
    via: str = BUTTON
    needs_reason: bool = False
    style: str = "primary"
    applies: str = "always"  # a key of CONDITIONS: which plans this row is for
    committee: str = ""  # RESOLUTION rows: the committee whose resolution it is
    outcome: str = ""  # RESOLUTION rows: the resolution that takes it
    # Sends the plan on (for review, to the executive, or announced on paper): refused
    # while it has no row, also after the rows were deleted during the changes asked for.
    needs_projects: bool = False

    def applies_to(self, plan) -> bool:
        return CONDITIONS[self.applies](plan)

    @property
    def is_button(self) -> bool:
        return self.via == BUTTON

    @property
    def moves(self) -> bool:
        return self.source != self.target


def executive_amendment(plan) -> bool:
    """An amendment the executive approves directly (the regulation's default path)."""
    return plan.kind == PlanKind.AMENDMENT and (
        plan.organization.amendment_path == AmendmentPath.EXECUTIVE
    )


CONDITIONS = {
    "always": lambda plan: True,
    "via_committees": lambda plan: not executive_amendment(plan),
    "executive_amendment": executive_amendment,
}


def _t(action, source, target, roles, label, done, **kwargs):
    return Transition(action, source, target, frozenset(roles), label, done, **kwargs)


def _resolution(action, source, target, committee, outcome, label, done, **kwargs):
    # The planner or the committee's secretary records it (may_take); roles name the planner.
    return _t(action, source, target, {Role.PLANNER}, label, done, via=RESOLUTION,
              committee=committee, outcome=outcome, **kwargs)  # fmt: skip


SUPPORT, DEVELOPMENT = CommitteeKind.SUPPORT, CommitteeKind.DEVELOPMENT
RETURN_LABEL = "ส่งกลับไปแก้ไข"
RETURN_DONE = "ส่งแผนกลับไปแก้ไขแล้ว"
WITHDRAW = dict(needs_reason=True, style="outline-secondary")
BACK = dict(needs_reason=True, style="outline-danger")
BEFORE_ANNOUNCEMENT = (S.DRAFT, S.SUPPORT_REVIEW, S.SUPPORT_CHANGES, S.DEVELOPMENT_REVIEW,
                       S.DEVELOPMENT_CHANGES, S.ENDORSED)  # fmt: skip

TRANSITIONS = (
    _t("submit", S.DRAFT, S.SUPPORT_REVIEW, {Role.PLANNER},
       "ส่งคณะกรรมการสนับสนุนฯ", "ส่งร่างแผนให้คณะกรรมการสนับสนุนฯ แล้ว",
       applies="via_committees", needs_projects=True),
    _t("propose_to_executive", S.DRAFT, S.ENDORSED, {Role.PLANNER},
       "เสนอผู้บริหารอนุมัติการแก้ไข", "เสนอร่างฉบับแก้ไขต่อผู้บริหารแล้ว",
       applies="executive_amendment", needs_projects=True),
    _resolution("send_to_development", S.SUPPORT_REVIEW, S.DEVELOPMENT_REVIEW, SUPPORT,
                Outcome.APPROVED, "คณะกรรมการสนับสนุนฯ เห็นชอบ เสนอคณะกรรมการพัฒนาท้องถิ่น",
                "บันทึกมติและเสนอร่างแผนต่อคณะกรรมการพัฒนาท้องถิ่นแล้ว"),
    _resolution("request_changes", S.SUPPORT_REVIEW, S.SUPPORT_CHANGES, SUPPORT,
                Outcome.APPROVED_WITH_CHANGES, "คณะกรรมการสนับสนุนฯ เห็นชอบโดยมีข้อแก้ไข",
                "บันทึกมติแล้ว แผนกลับไปแก้ไขตามมติ"),
    _resolution("return", S.SUPPORT_REVIEW, S.DRAFT, SUPPORT, Outcome.REJECTED,
                "คณะกรรมการสนับสนุนฯ ไม่เห็นชอบ ส่งกลับไปแก้ไข", RETURN_DONE, needs_reason=True),
    _t("confirm_changes", S.SUPPORT_CHANGES, S.DEVELOPMENT_REVIEW, {Role.PLANNER},
       "แก้ไขตามมติแล้ว เสนอคณะกรรมการพัฒนาท้องถิ่น",
       "ยืนยันการแก้ไขตามมติและเสนอร่างแผนต่อคณะกรรมการพัฒนาท้องถิ่นแล้ว", needs_projects=True),
    _resolution("endorse", S.DEVELOPMENT_REVIEW, S.ENDORSED, DEVELOPMENT, Outcome.APPROVED,
                "คณะกรรมการพัฒนาท้องถิ่นเห็นชอบ เสนอผู้บริหาร",
                "บันทึกมติและเสนอร่างแผนต่อผู้บริหารแล้ว"),
    _resolution("request_changes", S.DEVELOPMENT_REVIEW, S.DEVELOPMENT_CHANGES, DEVELOPMENT,
                Outcome.APPROVED_WITH_CHANGES, "คณะกรรมการพัฒนาท้องถิ่นเห็นชอบโดยมีข้อแก้ไข",
                "บันทึกมติแล้ว แผนกลับไปแก้ไขตามมติ"),
    _resolution("return", S.DEVELOPMENT_REVIEW, S.DRAFT, DEVELOPMENT, Outcome.REJECTED,
                "คณะกรรมการพัฒนาท้องถิ่นไม่เห็นชอบ ส่งกลับไปแก้ไข", RETURN_DONE,
                needs_reason=True),
    _t("confirm_changes", S.DEVELOPMENT_CHANGES, S.ENDORSED, {Role.PLANNER},
       "แก้ไขตามมติแล้ว เสนอผู้บริหาร", "ยืนยันการแก้ไขตามมติและเสนอร่างแผนต่อผู้บริหารแล้ว",
       needs_projects=True),
    _t("withdraw", S.SUPPORT_REVIEW, S.DRAFT, {Role.PLANNER},
       "ถอนร่างกลับมาแก้ไข", "ถอนร่างแผนกลับมาแก้ไขแล้ว", **WITHDRAW),
    _t("withdraw", S.DEVELOPMENT_REVIEW, S.DRAFT, {Role.PLANNER},
       "ถอนร่างกลับมาแก้ไข", "ถอนร่างแผนกลับมาแก้ไขแล้ว", **WITHDRAW),
    _t("announce", S.ENDORSED, S.ANNOUNCED, {Role.EXECUTIVE},
       "อนุมัติและประกาศใช้", "ประกาศใช้แผนแล้ว", via=FORM),
    _t("return", S.ENDORSED, S.DRAFT, {Role.EXECUTIVE}, RETURN_LABEL, RETURN_DONE, **BACK),
    # A draft whose announcement was signed on paper before OpPlan: no committee step is
    # recorded for it (none happened in OpPlan), the record and the book say so.
    _t("announce_offline", S.DRAFT, S.ANNOUNCED, {Role.PLANNER},
       "ประกาศนอกระบบ", "บันทึกการประกาศนอกระบบแล้ว", via=OFFLINE, style="outline-secondary",
       needs_projects=True),
    _t("record_posting", S.ANNOUNCED, S.POSTED, {Role.PLANNER},
       "บันทึกการปิดประกาศ", "บันทึกการปิดประกาศแล้ว", via=POSTING),
    _t("withdraw_posting", S.POSTED, S.ANNOUNCED, {Role.PLANNER},
       "ถอนบันทึกการปิดประกาศ", "ถอนบันทึกการปิดประกาศแล้ว", via=POSTING),
    *(_t("extend_deadline", status, status, {Role.EXECUTIVE},
         "ขยายกำหนดส่งแผน", "บันทึกการขยายกำหนดส่งแผนแล้ว", via=FORM)
      for status in BEFORE_ANNOUNCEMENT),
    *(_t("correct_announcement", status, status, {Role.EXECUTIVE},
         "แก้ไขวันที่ประกาศ/ผู้ลงนาม", "บันทึกการแก้ไขการประกาศแล้ว", via=FORM)
      for status in (S.ANNOUNCED, S.POSTED)),
)  # fmt: skip
ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))
# The actions that announce an edition (a snapshot is taken, the public app publishes).
ANNOUNCING = frozenset(
    t.action for t in TRANSITIONS if t.target == S.ANNOUNCED and t.source in BEFORE_ANNOUNCEMENT
)
ACTION_LABELS = {}
for _step in TRANSITIONS:  # the first label of an action names it in the record
    ACTION_LABELS.setdefault(_step.action, _step.label)
# The label of a committee's resolution names the committee; in the record use that.
RESOLUTION_LABELS = {(t.source, t.action): t.label for t in TRANSITIONS if t.via == RESOLUTION}

# Which committee considers the plan in a review status (from the RESOLUTION rows).
REVIEWING_COMMITTEE = {t.source: t.committee for t in TRANSITIONS if t.via == RESOLUTION}
# The organisation role of the members of each committee (they review, comment, and
# are told when the plan waits for their committee).
COMMITTEE_ROLE = {SUPPORT: Role.SUPPORT_COMMITTEE, DEVELOPMENT: Role.DEVELOPMENT_COMMITTEE}
# What must happen next, in words, per status (the dashboard, the inbox, the e-mail).
NEXT_STEP_TEXT = {
    S.DRAFT: "เจ้าหน้าที่จัดทำร่างและส่งพิจารณา",
    S.SUPPORT_REVIEW: "คณะกรรมการสนับสนุนฯ พิจารณาร่างแผน (บันทึกมติจากการประชุม)",
    S.SUPPORT_CHANGES: "เจ้าหน้าที่แก้ไขร่างตามมติคณะกรรมการสนับสนุนฯ แล้วยืนยัน",
    S.DEVELOPMENT_REVIEW: "คณะกรรมการพัฒนาท้องถิ่นพิจารณาร่างแผน (บันทึกมติจากการประชุม)",
    S.DEVELOPMENT_CHANGES: "เจ้าหน้าที่แก้ไขร่างตามมติคณะกรรมการพัฒนาท้องถิ่นแล้วยืนยัน",
    S.ENDORSED: "ผู้บริหารอนุมัติและประกาศใช้",
    S.ANNOUNCED: "เจ้าหน้าที่ปิดประกาศให้ประชาชนทราบ",
    S.POSTED: "",
}
# Who is told when a plan reaches a status: whoever takes it forward from there (for a
# committee's resolution the planner, who records it, and the committee's members).
NEXT_ACTORS = {
    status: frozenset().union(
        *(
            t.roles
            for t in TRANSITIONS
            if t.source == status and t.moves and not t.needs_reason
            and t.action != "withdraw_posting"
        )
    )
    for status in S.values
}  # fmt: skip
for _status, _kind in REVIEWING_COMMITTEE.items():
    NEXT_ACTORS[_status] |= {COMMITTEE_ROLE[_kind]}


def action_label(action, source="") -> str:
    """The action's name in the record (a resolution names its committee)."""
    return RESOLUTION_LABELS.get((source, action)) or ACTION_LABELS.get(action, action)


def transition(plan, action) -> Transition | None:
    for step in TRANSITIONS:
        if step.source == plan.status and step.action == action and step.applies_to(plan):
            return step
    return None


def resolution_transition(plan, outcome) -> Transition | None:
    """The row a committee's resolution `outcome` takes for `plan` now (None: none)."""
    for step in TRANSITIONS:
        if (
            step.via == RESOLUTION
            and step.source == plan.status
            and step.outcome == outcome
            and step.applies_to(plan)
        ):
            return step
    return None


def committee_seats(user, organization) -> frozenset[tuple[str, str]]:
    """(committee kind, member role) of each seat `user` holds in `organization`'s
    committees: one query per user object and organisation (the inbox lists many plans)."""
    if not getattr(user, "pk", None):
        return frozenset()
    seats = user.__dict__.setdefault("_opplan_committee_seats", {})
    if organization.pk not in seats:
        seats[organization.pk] = frozenset(
            CommitteeMember.objects.filter(
                committee__organization=organization, user=user
            ).values_list("committee__kind", "role")
        )
    return seats[organization.pk]


def is_committee_secretary(user, organization, kind) -> bool:
    """The secretary of one of `organization`'s committees of `kind`, with an account."""
    return bool(kind) and (kind, MemberRole.SECRETARY) in committee_seats(user, organization)


def is_reviewer(user, plan) -> bool:
    """A member of the committee considering `plan` now (by role or by seat)."""
    kind = REVIEWING_COMMITTEE.get(plan.status)
    if kind is None:
        return False
    if COMMITTEE_ROLE[kind] in roles_in(user, plan.organization):
        return True
    return any(seat_kind == kind for seat_kind, _ in committee_seats(user, plan.organization))


def may_take(user, plan, step) -> bool:
    """Whether `user` may take `step` for `plan` (its state aside)."""
    roles = roles_in(user, plan.organization)
    if roles & step.roles:
        return True
    return step.via == RESOLUTION and is_committee_secretary(
        user, plan.organization, step.committee
    )


def can_perform(user, plan, action) -> bool:
    step = transition(plan, action)
    return step is not None and may_take(user, plan, step)


def available_transitions(user, plan) -> list[Transition]:
    """The buttons and pages to offer `user` for `plan`, in table order (never a
    committee's resolution or a posting: they have their own pages; an announcement
    made on paper has its own page, linked from here)."""
    roles = roles_in(user, plan.organization)
    return [
        t
        for t in TRANSITIONS
        if t.source == plan.status
        and t.via in (BUTTON, FORM, OFFLINE)
        and roles & t.roles
        and t.applies_to(plan)
    ]


def refusal(plan, step) -> str:
    """Why `step` is not this user's: whose it is, in the organisation's own words."""
    who = " หรือ ".join(plan.organization.role_label(role) for role in Role if role in step.roles)
    if step.via == RESOLUTION:
        who += "หรือเลขานุการคณะกรรมการ"
    return f"“{step.label}” เป็นอำนาจของ{who}"


def not_ready(plan, step, *, project_count=None) -> str:
    """Why `plan` cannot take `step` yet, in Thai ("" when it can): a plan sent on (for
    review, to the executive, announced on paper) must have at least one project (or
    equipment row). One query, only for the steps that
    send it, unless the caller knows `project_count`."""
    if not step.needs_projects:
        return ""
    if project_count is None:
        project_count = 1 if plan.projects.exists() else 0
    if not project_count:
        return f"ยังไม่มีโครงการในแผนนี้ เพิ่มโครงการก่อน “{step.label}”"
    return ""


def invalid_state(plan, action) -> ValidationError:
    label = ACTION_LABELS.get(action, action)
    return ValidationError(
        f"“{label}” ทำไม่ได้เมื่อแผนอยู่ในสถานะ “{plan.get_status_display()}”",
        code="invalid_state",
    )


def resting_resolution_date(plan) -> date | None:
    """The date of the decision that put the plan before the executive (the committee's
    resolution, the planner's confirmation of its changes, or the proposal)."""
    decision = (
        Decision.objects.filter(plan=plan, to_status=S.ENDORSED)
        .order_by("-at", "-pk")
        .values_list("occurred_on", flat=True)
        .first()
    )
    return decision


def _announcement_errors(locked, announced_on, announced_by, *, correcting=False) -> dict:
    """The announcement's date: not before what it rests on, not in the future."""
    errors = {}
    if not (announced_by or "").strip():
        errors["announced_by"] = "กรุณาระบุผู้ลงนามประกาศ (ชื่อและตำแหน่ง)"
    if not isinstance(announced_on, date):
        errors["announced_on"] = "กรุณาระบุวันที่ประกาศ"
        return errors
    today = timezone.localdate()
    rests_on = resting_resolution_date(locked)
    previous = (
        Plan.objects.filter(
            organization=locked.organization_id,
            fiscal_year=locked.fiscal_year,
            status__in=ANNOUNCED_STATUSES,
        )
        .exclude(pk=locked.pk)
        .aggregate(latest=Max("announced_on"))["latest"]
    )
    if announced_on > today:
        errors["announced_on"] = (
            f"วันที่ประกาศต้องไม่หลังวันนี้ ({format_date_full(today)}) บันทึกเมื่อได้ลงนามประกาศแล้ว"
        )
    elif rests_on and announced_on < rests_on:
        errors["announced_on"] = (
            f"วันที่ประกาศต้องไม่ก่อนวันที่คณะกรรมการมีมติ/เสนอผู้บริหาร ({format_date_full(rests_on)})"
        )
    elif previous and announced_on < previous and not correcting:
        errors["announced_on"] = (
            f"วันที่ประกาศต้องไม่ก่อนวันประกาศฉบับก่อนหน้าของปีนี้ ({format_date_full(previous)})"
        )
    return errors


def _details(locked, step, by, *, note, meeting, posting, paper, announced_on, announced_by,
             new_date, on) -> tuple[dict, date, str]:  # fmt: skip
    """Check what `step` needs besides the actor: (fields to write, event date, note).

    Raises ValidationError (a dict by field where a form shows it) and then nothing
    has been written.
    """
    today = timezone.localdate()
    note = (note or "").strip()
    if step.via == RESOLUTION:
        if meeting is None or meeting.plan_id != locked.pk or meeting.decision_id is not None:
            raise ValidationError(
                "ขั้นนี้ผ่านได้ด้วยมติของคณะกรรมการที่บันทึกจากการประชุมหรือมติเวียนเท่านั้น",
                code="needs_resolution",
            )
        if meeting.committee.kind != step.committee or meeting.outcome != step.outcome:
            raise ValidationError("มติที่บันทึกไม่ตรงกับขั้นการพิจารณานี้", code="needs_resolution")
        if meeting.held_on > today:
            raise ValidationError({"held_on": "บันทึกมติได้เมื่อประชุมแล้ว (วันที่ประชุมต้องไม่หลังวันนี้)"})
        return {}, meeting.held_on, note
    if step.via == POSTING:
        if posting is None or posting.plan_id != locked.pk:
            raise ValidationError("ขั้นนี้บันทึกได้จากหน้าการปิดประกาศพร้อมหลักฐานเท่านั้น", code="needs_posting")
        started = posting.starts_on if step.action == "record_posting" else None
        return {"posting_started_on": started}, posting.starts_on, note
    if step.via == OFFLINE:
        return _paper_details(locked, paper, note)
    if step.needs_reason and not note:
        raise ValidationError({"note": "กรุณาระบุเหตุผล"})
    if step.via == BUTTON:
        return {}, _button_date(locked, on, today), note
    if step.action == "announce":
        errors = _announcement_errors(locked, announced_on, announced_by)
        if errors:
            raise ValidationError(errors)
        fields = {"announced_on": announced_on, "announced_by": announced_by.strip()}
        return fields, announced_on, note
    if step.action == "correct_announcement":
        errors = _announcement_errors(locked, announced_on, announced_by, correcting=True)
        if not note:
            errors["note"] = "กรุณาระบุเหตุผลที่แก้ไข"
        if not errors and (announced_on, announced_by.strip()) == (
            locked.announced_on,
            locked.announced_by,
        ):
            errors["announced_on"] = "วันที่และผู้ลงนามเหมือนเดิม ไม่มีสิ่งที่ต้องแก้ไข"
        if errors:
            raise ValidationError(errors)
        before = f"{format_date_full(locked.announced_on)} โดย {locked.announced_by}"
        after = f"{format_date_full(announced_on)} โดย {announced_by.strip()}"
        fields = {"announced_on": announced_on, "announced_by": announced_by.strip()}
        return fields, today, f"แก้ไขการประกาศจาก {before} เป็น {after}: {note}"
    if step.action == "extend_deadline":
        errors = {}
        if not note:
            errors["note"] = "กรุณาระบุเหตุผลที่ขยายกำหนด"
        current = locked.deadline()
        if not isinstance(new_date, date):
            errors["new_date"] = "กรุณาระบุวันที่กำหนดใหม่"
        elif new_date < today:
            errors["new_date"] = "วันที่กำหนดใหม่ต้องไม่ก่อนวันนี้"
        elif current and new_date <= current:
            errors["new_date"] = f"วันที่กำหนดใหม่ต้องหลังกำหนดเดิม ({format_date_full(current)})"
        if errors:
            raise ValidationError(errors)
        return (
            {"deadline_extended_to": new_date},
            today,
            f"ขยายกำหนดส่งแผนถึง {format_date_full(new_date)}: {note}",
        )
    raise ValueError(f"no details rule for {step.action!r}")


def _paper_details(locked, paper, note) -> tuple[dict, date, str]:
    """An announcement signed on paper: dated by the paper, signed by whoever signed it,
    under the same date rules as an announcement made in OpPlan."""
    if paper is None or paper.pk is not None or paper.plan_id not in (None, locked.pk):
        raise ValidationError(
            "ขั้นนี้บันทึกได้จากหน้าบันทึกประกาศนอกระบบ (วันที่ ผู้ลงนาม และสำเนาประกาศ) เท่านั้น",
            code="needs_paper",
        )
    paper.signer = (paper.signer or "").strip()
    paper.position = (paper.position or "").strip()
    errors = _announcement_errors(locked, paper.announced_on, paper.signer)
    if "announced_by" in errors:
        errors["announced_by"] = "กรุณาระบุชื่อผู้ลงนามประกาศ"
    if errors:
        raise ValidationError(errors)
    text = f"ลงนามประกาศโดย {paper.signed_by} (ประกาศในกระดาษ บันทึกเข้าระบบภายหลัง"
    text += " พร้อมสำเนาประกาศที่ลงนาม)" if paper.scan else " ไม่มีสำเนาประกาศแนบ)"
    fields = {"announced_on": paper.announced_on, "announced_by": paper.signed_by}
    return fields, paper.announced_on, f"{text}: {note}" if note else text


def _button_date(locked, on, today) -> date:
    """A button's step happens when it is pressed; a date given for it (a step taken on
    paper before it was recorded) may be neither in the future nor before the last one."""
    if on is None:
        return today
    last = (
        Decision.objects.filter(plan=locked)
        .order_by("-at", "-pk")
        .values_list("occurred_on", flat=True)
        .first()
    )
    if on > today:
        raise ValidationError({"on": "วันที่ดำเนินการต้องไม่หลังวันนี้"})
    if last and on < last:
        raise ValidationError({"on": f"วันที่ดำเนินการต้องไม่ก่อนขั้นก่อนหน้า ({format_date_full(last)})"})
    return on


@transaction.atomic
def perform(plan, action, *, by, note="", meeting=None, posting=None, paper=None,
            announced_on=None, announced_by="", new_date=None, on=None) -> Decision:  # fmt: skip
    """Take `action` for `plan` along the table; returns the Decision written.

    `meeting` (a Meeting whose outcome is recorded) is required for a committee's
    resolution, `posting` (a PostingRecord) for posting, `paper` (an unsaved
    OfflineAnnouncement, saved here with the Decision) for an announcement made on paper,
    the dates and the signer for
    the announcement and its correction, `new_date` and a reason (`note`) for a
    deadline extension; `on` dates a button's step taken earlier (default: today).
    Raises PermissionDenied (not this user's step) or
    ValidationError (not in this state; a plan with no project sent for review; a missing
    or implausible detail; a concurrent change) with a Thai message, and then writes nothing.
    """
    # Lock the row: two approvers can press the same button at once.
    locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    if locked.status != plan.status:
        raise ValidationError(
            f"สถานะของแผนเปลี่ยนเป็น “{locked.get_status_display()}” แล้วโดยผู้ใช้อื่น กรุณาโหลดหน้าใหม่",
            code="changed",
        )
    step = transition(locked, action)
    if step is None:
        raise invalid_state(locked, action)
    if not may_take(by, locked, step):
        raise PermissionDenied(refusal(locked, step))
    if reason := not_ready(locked, step):
        raise ValidationError(reason, code="not_ready")
    fields, occurred_on, note = _details(
        locked, step, by, note=note, meeting=meeting, posting=posting, paper=paper,
        announced_on=announced_on, announced_by=announced_by or "", new_date=new_date, on=on,
    )  # fmt: skip
    source = locked.status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.status = step.target
    locked.save(update_fields=["status", *fields])
    decision = Decision.objects.create(
        plan=locked,
        action=action,
        from_status=source,
        to_status=step.target,
        actor=by if getattr(by, "pk", None) else None,
        actor_name=str(by),
        note=note,
        occurred_on=occurred_on,
    )
    if step.via == OFFLINE:
        paper.plan, paper.decision = locked, decision
        paper.recorded_by = decision.actor
        paper.full_clean(exclude=["plan", "decision", "scan"])
        paper.save()
    if action in ANNOUNCING:
        take_snapshot(locked, decision)
    elif action == "correct_announcement":
        revise_snapshot(locked, decision)
    if action in ANNOUNCING or action == "correct_announcement":
        for callback in AFTER_ANNOUNCEMENT:
            transaction.on_commit(lambda callback=callback: callback(locked.pk))
    if step.moves:
        notify_in_app(locked, decision)
        transaction.on_commit(lambda: notify_next_actors(locked, decision))
    for name in ("status", *fields):
        setattr(plan, name, getattr(locked, name))
    return decision


# What the apps to the right do once an announcement (or its correction) commits: the
# public app publishes the edition's files in the background (registered from its
# AppConfig.ready; approvals cannot import it). Each is called with the plan's id.
AFTER_ANNOUNCEMENT: list = []


def after_announcement(callback) -> None:
    AFTER_ANNOUNCEMENT.append(callback)


def next_actors(plan) -> list:
    """The active users who must act on `plan` now: by their role in the organisation,
    and, while a committee considers it, the committee's members who have an account."""
    roles = NEXT_ACTORS.get(plan.status, frozenset())
    users = {
        m.user
        for m in plan.organization.memberships.select_related("user")
        if m.role in roles and m.user.is_active
    }
    kind = REVIEWING_COMMITTEE.get(plan.status)
    if kind:
        seats = CommitteeMember.objects.filter(
            committee__organization=plan.organization_id, committee__kind=kind, user__isnull=False
        ).select_related("user")
        users |= {seat.user for seat in seats if seat.user.is_active}
    return sorted(users, key=lambda user: user.pk)


def notify_in_app(plan, decision) -> list[Notification]:
    """The "waiting for me" messages, written in the transition's own transaction.

    Earlier unread messages about the plan are done with (it has moved on): marked read.
    """
    Notification.objects.filter(plan=plan, read_at__isnull=True).update(read_at=timezone.now())
    text = f"{plan.title}: {plan.get_status_display()} — {NEXT_STEP_TEXT.get(plan.status, '')}"
    return Notification.objects.bulk_create(
        Notification(user=user, plan=plan, decision=decision, text=text.strip(" —")[:500])
        for user in next_actors(plan)
        if user.pk != decision.actor_id
    )


def notify_next_actors(plan, decision) -> int:
    """Queue an e-mail to the people who must act next (sent and retried by the worker,
    approvals/tasks.py); returns how many it is addressed to."""
    recipients = sorted(
        {user.email for user in next_actors(plan) if user.email and user.pk != decision.actor_id}
    )
    if not recipients:
        return 0
    subject = f"[OpPlan] {plan.title}: {plan.get_status_display()}"
    body = (
        f"{plan.organization.name}\n{plan.title}\n\n"
        f"{decision.actor_name} ดำเนินการ: {action_label(decision.action, decision.from_status)} "
        f"({PlanStatus(decision.from_status).label} → {PlanStatus(decision.to_status).label})\n"
        + (f"เหตุผล/หมายเหตุ: {decision.note}\n" if decision.note else "")
        + f"\nขั้นต่อไป: {NEXT_STEP_TEXT.get(plan.status, '-')}"
        + "\nกรุณาเข้าสู่ระบบ OpPlan เพื่อดำเนินการ"
    )
    send_email.enqueue(subject, body, recipients)
    return len(recipients)


def extend_deadline(plan, *, by, new_date, reason) -> Decision:
    """The executive extends the plan's deadline: a Decision with the reason and the date."""
    return perform(plan, "extend_deadline", by=by, new_date=new_date, note=reason)


def announce(plan, *, by, announced_on, announced_by, note="") -> Decision:
    """The executive approves and announces: the date it was signed and the signer."""
    return perform(
        plan, "announce", by=by, announced_on=announced_on, announced_by=announced_by, note=note
    )


def correct_announcement(plan, *, by, announced_on, announced_by, reason) -> Decision:
    """The executive corrects a wrongly entered announcement date or signer: a new
    decision with the reason and both values; the announced record gains a revision."""
    return perform(
        plan,
        "correct_announcement",
        by=by,
        announced_on=announced_on,
        announced_by=announced_by,
        note=reason,
    )
