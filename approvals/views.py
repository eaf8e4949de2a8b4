from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from approvals import checks, meetings, offline, workflow
from approvals.comments import add_comment, delete_comment, resolve_comment
from approvals.forms import (
    DECISION_FORMS,
    CommitteeForm,
    MeetingForm,
    MemberForm,
    OfflineAnnouncementForm,
    PostingChangeForm,
    PostingCorrectionForm,
    PostingForm,
    ResolutionForm,
)
from approvals.meetings import PLANNERS_ONLY, save_committee, save_member
from approvals.models import Committee, CommitteeMember, OfflineAnnouncement, Outcome
from approvals.permissions import (
    can_answer,
    can_comment,
    can_manage_committees,
    can_manage_meetings,
    can_record_posting,
    visible_comments,
    visible_meetings,
    visible_offline_announcements,
    visible_postings,
)
from approvals.posting import (
    announced_on_paper,
    earliest_end,
    in_force,
    posting_state,
    record_posting,
    withdraw_posting,
)
from approvals.snapshots import latest_snapshot
from files.serving import file_response
from projects.models import PlanStatus
from projects.permissions import visible_plans
from projects.views import plan_or_404, plan_row_url


@require_POST
def perform(request, pk, action):
    """Press one of the plan's workflow buttons (the table's BUTTON rows)."""
    if action not in workflow.ACTIONS:
        raise Http404("ไม่มีการดำเนินการนี้")
    plan = plan_or_404(request, pk)
    step = workflow.transition(plan, action)
    if step is not None and step.via == workflow.FORM:
        return redirect("approvals:decide", pk=plan.pk, action=action)
    if step is not None and step.via == workflow.POSTING:
        return redirect("approvals:posting", pk=plan.pk)
    if step is not None and step.via == workflow.OFFLINE:
        return redirect("approvals:announce_offline", pk=plan.pk)
    if step is not None and step.via == workflow.RESOLUTION:
        messages.error(request, "ขั้นนี้ผ่านได้ด้วยมติของคณะกรรมการที่บันทึกจากการประชุมเท่านั้น")
        return redirect("projects:plan", pk=plan.pk)
    if (
        step is not None
        and action in checks.CHECKED_ACTIONS
        and request.POST.get("checked") != "1"
        and workflow.may_take(request.user, plan, step)
        and not workflow.not_ready(plan, step)  # refused below, on the plan page
        and (found := checks.findings(plan))
    ):
        # Before sending the plan on: what deserves a look; confirm or go back.
        context = {"plan": plan, "step": step, "findings": found}
        return render(
            request, "approvals/checks.html", context | {"note": request.POST.get("note", "")}
        )
    try:
        workflow.perform(plan, action, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, step.done)
    return redirect("projects:plan", pk=plan.pk)


def decide(request, pk, action):
    """The page of a step that needs details: the announcement, its correction, a
    deadline extension. A refusal names the field and keeps what was typed."""
    if action not in DECISION_FORMS:
        raise Http404("ไม่มีการดำเนินการนี้")
    plan = plan_or_404(request, pk)
    step = workflow.transition(plan, action)
    if step is None:
        messages.error(request, workflow.invalid_state(plan, action).messages[0])
        return redirect("projects:plan", pk=plan.pk)
    if not workflow.may_take(request.user, plan, step):
        raise PermissionDenied(workflow.refusal(plan, step))
    form_class = DECISION_FORMS[action]
    initial = _decision_initial(plan, action)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.perform(
                plan,
                action,
                by=request.user,
                note=data.get("reason", ""),
                announced_on=data.get("announced_on"),
                announced_by=data.get("announced_by", ""),
                new_date=data.get("new_date"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, step.done)
            return redirect("projects:plan", pk=plan.pk)
    return render(
        request,
        "approvals/decide.html",
        {
            "plan": plan,
            "step": step,
            "form": form,
            "rests_on": workflow.resting_resolution_date(plan),
            "findings": checks.findings(plan) if action in checks.CHECKED_ACTIONS else [],
            "today": timezone.localdate(),
        },
    )


def announce_offline(request, pk):
    """Record an announcement the executive already signed on paper (ประกาศนอกระบบ): the
    planner, for a draft whose rows are in OpPlan. A refusal names the field."""
    plan = plan_or_404(request, pk)
    try:
        offline.check_step(plan, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("projects:plan", pk=plan.pk)
    step = workflow.transition(plan, offline.ACTION)
    organization = plan.organization
    initial = {"signer": organization.executive_name, "position": organization.executive_position}
    form = OfflineAnnouncementForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offline.record_announcement(
                plan, by=request.user, announced_on=data["announced_on"], signer=data["signer"],
                position=data["position"], scan=data["scan"],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error, aliases={"announced_by": "signer"})
        else:
            messages.success(request, step.done)
            return redirect("projects:plan", pk=plan.pk)
    return render(
        request,
        "approvals/announce_offline.html",
        {
            "plan": plan,
            "step": step,
            "form": form,
            "projects": plan.projects.count(),
            "today": timezone.localdate(),
        },
    )


def offline_scan(request, pk):
    """The signed scan of an announcement made on paper (members of the organisation)."""
    records = visible_offline_announcements(request.user, request.organization).exclude(scan="")
    record = get_object_or_404(records.select_related("plan__organization"), plan=pk)
    name = f"{record.plan.organization.slug}-{record.plan.fiscal_year}-ประกาศที่ลงนาม.pdf"
    return file_response(
        record.scan, filename=name, content_type="application/pdf", attachment=True,
        missing="ไม่พบไฟล์สำเนาประกาศ",
    )  # fmt: skip


def _decision_initial(plan, action) -> dict:
    organization = plan.organization
    signer = " ".join(
        part for part in (organization.executive_name, organization.executive_position) if part
    )
    if action == "announce":
        return {"announced_on": timezone.localdate(), "announced_by": signer}
    if action == "correct_announcement":
        return {"announced_on": plan.announced_on, "announced_by": plan.announced_by}
    return {}


# Where a write path's field errors go on a form that names the field differently.
FIELD_ALIASES = {"note": "reason"}


def _add_errors(form, error, aliases=None):
    """A write path's ValidationError on `form`: by field where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    aliases = FIELD_ALIASES | (aliases or {})
    for field, errors in error.error_dict.items():
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def workflow_context(user, plan, project_count=None) -> dict:
    """What the plan page shows about the lifecycle: buttons and the decisions so far
    (`project_count`: the plan's rows, when the page has counted them)."""
    comments = list(plan.comments.select_related("author", "project"))
    plan_meetings = list(plan.meetings.select_related("committee").order_by("held_on", "pk"))
    transitions = workflow.available_transitions(user, plan)
    refusals = (workflow.not_ready(plan, t, project_count=project_count) for t in transitions)
    return {
        "transitions": transitions,
        # Said before the button that would be refused (a draft with no project).
        "not_ready": next(filter(None, refusals), ""),
        "decisions": list(plan.decisions.all()),
        "plan_comments": [c for c in comments if c.project_id is None],
        # After the announcement the comments are part of the record: nothing to answer.
        "unresolved": 0 if plan.is_announced else sum(1 for c in comments if not c.is_resolved),
        "can_comment": can_comment(user, plan),
        "can_answer": can_answer(user, plan),
        "can_manage_meetings": can_manage_meetings(user, plan),
        "meetings": plan_meetings,
        "changes_requested": _changes_requested(plan, plan_meetings),
        "snapshot": latest_snapshot(plan) if plan.is_announced else None,
        "offline": _offline_record(plan),
        "today": timezone.localdate(),
    }


def _offline_record(plan):
    if not plan.is_announced:
        return None
    return OfflineAnnouncement.objects.filter(plan=plan).first()


def _changes_requested(plan, plan_meetings):
    """While the plan is being corrected as a committee resolved: that meeting."""
    if plan.status not in (PlanStatus.SUPPORT_CHANGES, PlanStatus.DEVELOPMENT_CHANGES):
        return None
    recorded = [m for m in plan_meetings if m.outcome == Outcome.APPROVED_WITH_CHANGES]
    return recorded[-1] if recorded else None


@require_POST
def comment_add(request, pk):
    """A reviewer comments on the plan, or on one of its projects (`project` in the form)."""
    plan = plan_or_404(request, pk)
    project = None
    project_id = request.POST.get("project", "")
    if project_id:
        if not (project_id.isascii() and project_id.isdigit()):
            raise Http404("ไม่พบโครงการ")
        project = get_object_or_404(plan.projects.all(), pk=project_id)
    try:
        add_comment(plan, by=request.user, text=request.POST.get("text", ""), project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "บันทึกความเห็นแล้ว")
    if project is not None:
        return redirect(plan_row_url(plan.pk, project.pk))
    return redirect(f"{reverse('projects:plan', args=[plan.pk])}#workflow-heading")


@require_POST
def comment_resolve(request, pk):
    comment = get_object_or_404(
        visible_comments(request.user, request.organization).select_related("plan"), pk=pk
    )
    try:
        resolve_comment(comment, by=request.user, answer=request.POST.get("answer", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "ตอบและปิดความเห็นแล้ว")
    if comment.project_id:
        return redirect(plan_row_url(comment.plan_id, comment.project_id))
    return redirect(f"{reverse('projects:plan', args=[comment.plan_id])}#workflow-heading")


@require_POST
def comment_delete(request, pk):
    """Its author takes back an unanswered comment."""
    comment = get_object_or_404(
        visible_comments(request.user, request.organization).select_related("plan"), pk=pk
    )
    try:
        delete_comment(comment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "ลบความเห็นแล้ว")
    if comment.project_id:
        return redirect(plan_row_url(comment.plan_id, comment.project_id))
    return redirect(f"{reverse('projects:plan', args=[comment.plan_id])}#workflow-heading")


def committees(request):
    """The organisation's committees and members; planning officers add them."""
    organization = request.organization
    if organization is None:
        raise PermissionDenied("ยังไม่ได้เลือก อปท.")
    can_manage = can_manage_committees(request.user, organization)
    committee_form = CommitteeForm(prefix="committee")
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(PLANNERS_ONLY)
        committee_form = CommitteeForm(
            request.POST, prefix="committee", instance=Committee(organization=organization)
        )
        if committee_form.is_valid():
            try:
                save_committee(committee_form.instance, by=request.user)
            except ValidationError as error:
                committee_form.add_error(None, error)
            else:
                messages.success(request, f"เพิ่ม{committee_form.instance.name}แล้ว")
                return redirect("approvals:committees")
    rows = organization.committees.prefetch_related("members__user")
    return render(
        request,
        "approvals/committees.html",
        {"committees": rows, "committee_form": committee_form, "can_manage": can_manage},
    )


def member_add(request, pk):
    organization = request.organization
    committee = get_object_or_404(Committee.objects.filter(organization=organization), pk=pk)
    if not can_manage_committees(request.user, organization):
        raise PermissionDenied(PLANNERS_ONLY)
    form = MemberForm(
        request.POST if request.method == "POST" else None,
        organization=organization,
        instance=CommitteeMember(committee=committee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_member(form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"เพิ่ม {form.instance.name} แล้ว")
            return redirect("approvals:committees")
    return render(request, "approvals/member_form.html", {"form": form, "committee": committee})


def meeting_schedule(request, pk):
    """Schedule the considering committee's meeting; its invitation and agenda print next."""
    plan = plan_or_404(request, pk)
    if not can_manage_meetings(request.user, plan):
        raise PermissionDenied("นัดประชุมคณะกรรมการของแผนนี้ไม่ได้ในขณะนี้")
    form = MeetingForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.schedule_meeting(
                plan, by=request.user, committee=data["committee"], invitees=data["invitees"],
                **{name: data[name] for name in meetings.SCHEDULED_FIELDS},
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "นัดประชุมแล้ว พิมพ์หนังสือเชิญและระเบียบวาระได้จากหน้าแผน")
            return redirect(f"{reverse('projects:plan', args=[plan.pk])}#meeting-{meeting.pk}")
    return render(request, "approvals/meeting_form.html", {"form": form, "plan": plan})


def _meeting_or_404(request, pk):
    return get_object_or_404(
        visible_meetings(request.user, request.organization).select_related(
            "committee", "plan__organization", "decision"
        ),
        pk=pk,
    )


def meeting_edit(request, pk):
    """Change a scheduled meeting (never a recorded one)."""
    meeting = _meeting_or_404(request, pk)
    plan = meeting.plan
    if meeting.is_recorded or not can_manage_meetings(request.user, plan, meeting.committee.kind):
        raise PermissionDenied("แก้ไขการนัดประชุมนี้ไม่ได้")
    form = MeetingForm(request.POST or None, plan=plan, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meetings.update_meeting(
                meeting, by=request.user, invitees=data["invitees"],
                **{name: data[name] for name in meetings.SCHEDULED_FIELDS},
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "แก้ไขการนัดประชุมแล้ว")
            return redirect(f"{reverse('projects:plan', args=[plan.pk])}#meeting-{meeting.pk}")
    return render(
        request, "approvals/meeting_form.html", {"form": form, "plan": plan, "meeting": meeting}
    )


@require_POST
def meeting_cancel(request, pk):
    meeting = _meeting_or_404(request, pk)
    plan = meeting.plan
    if meeting.is_recorded or not can_manage_meetings(request.user, plan, meeting.committee.kind):
        raise PermissionDenied("ยกเลิกการนัดประชุมนี้ไม่ได้")
    try:
        meetings.cancel_meeting(meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "ยกเลิกการนัดประชุมแล้ว")
    return redirect("projects:plan", pk=plan.pk)


def meeting_resolution(request, pk):
    """The secretary (or the planning officer) records attendance, the resolution and the
    minutes; the resolution takes the plan where it decides."""
    meeting = _meeting_or_404(request, pk)
    plan = meeting.plan
    if meeting.is_recorded or not can_manage_meetings(request.user, plan, meeting.committee.kind):
        raise PermissionDenied("บันทึกมติของการประชุมนี้ไม่ได้ในขณะนี้")
    form = ResolutionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meetings.record_resolution(
                meeting, by=request.user, outcome=data["outcome"],
                resolution=data["resolution"], changes=data["changes"], minutes=data["minutes"],
                attendees=data.get("attendees") or (), answers=form.answers(),
                notes=form.notes(), held_on=data["held_on"],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "บันทึกมติแล้ว")
            return redirect("projects:plan", pk=plan.pk)
    members = form.members
    return render(
        request,
        "approvals/resolution_form.html",
        {
            "form": form,
            "plan": plan,
            "meeting": meeting,
            "quorum": meetings.quorum(len(members)),
            "member_count": len(members),
        },
    )


def posting(request, pk):
    """The posting records of an announced edition; planning officers add one (with a photo)."""
    plan = plan_or_404(request, pk)
    can_record = can_record_posting(request.user, plan)
    today = timezone.localdate()
    start = max(today, plan.announced_on) if plan.announced_on else today
    form = PostingForm(initial={"starts_on": start, "ends_on": earliest_end(start)})
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("บันทึกการปิดประกาศได้เฉพาะนักวิเคราะห์ฯ เมื่อแผนประกาศใช้แล้ว")
        form = PostingForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record_posting(
                    plan, by=request.user, **{k: data[k] for k in PostingForm.Meta.fields}
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "บันทึกการปิดประกาศแล้ว")
                return redirect("approvals:posting", pk=plan.pk)
    records = list(plan.postings.select_related("recorded_by", "supersedes"))
    standing = {r.pk for r in in_force(records)}
    return render(
        request,
        "approvals/posting.html",
        {
            "plan": plan,
            "records": records,
            "standing": standing,
            "form": form if can_record else None,
            "can_correct": can_record,
            "state": posting_state(plan, records, today, on_paper=announced_on_paper(plan)),
            "min_days": settings.OPPLAN_POSTING_MIN_DAYS,
            "within_days": settings.OPPLAN_POSTING_WITHIN_DAYS,
        },
    )


def _posting_or_404(request, pk):
    return get_object_or_404(
        visible_postings(request.user, request.organization).select_related("plan__organization"),
        pk=pk,
    )


def posting_correct(request, pk):
    """Replace a wrong posting record by a corrected one, with the reason."""
    record = _posting_or_404(request, pk)
    plan = record.plan
    if not can_record_posting(request.user, plan):
        raise PermissionDenied("แก้ไขบันทึกการปิดประกาศได้เฉพาะนักวิเคราะห์นโยบายและแผน")
    initial = {name: getattr(record, name) for name in PostingForm.Meta.fields if name != "photo"}
    form = PostingCorrectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_posting(
                plan, by=request.user, corrects=record, reason=data["reason"],
                **{k: data[k] for k in PostingForm.Meta.fields},
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "บันทึกการแก้ไขแล้ว บันทึกเดิมยังแสดงไว้")
            return redirect("approvals:posting", pk=plan.pk)
    return render(
        request, "approvals/posting_correct.html", {"plan": plan, "record": record, "form": form}
    )


@require_POST
def posting_withdraw(request, pk):
    record = _posting_or_404(request, pk)
    plan = record.plan
    if not can_record_posting(request.user, plan):
        raise PermissionDenied("ถอนบันทึกการปิดประกาศได้เฉพาะนักวิเคราะห์นโยบายและแผน")
    form = PostingChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "ถอนบันทึกไม่ได้: กรุณาระบุเหตุผลที่ถอนบันทึก")
        return redirect("approvals:posting", pk=plan.pk)
    try:
        withdraw_posting(record, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, "ถอนบันทึกไม่ได้: " + " ".join(error.messages))
    else:
        messages.success(request, "ถอนบันทึกแล้ว บันทึกเดิมยังแสดงไว้พร้อมเหตุผล")
    return redirect("approvals:posting", pk=plan.pk)


def posting_photo(request, pk):
    records = visible_postings(request.user, request.organization).exclude(photo="")
    record = get_object_or_404(records, pk=pk)
    return file_response(record.photo, missing="ไม่พบไฟล์ภาพถ่าย")


def _action_url(plan, transition) -> str:
    """Where the inbox's button of a step leads: its own page, or the plan's panel."""
    if transition.via == workflow.FORM:
        return reverse("approvals:decide", args=[plan.pk, transition.action])
    if transition.via == workflow.POSTING:
        return reverse("approvals:posting", args=[plan.pk])
    return reverse("projects:plan", args=[plan.pk]) + "#workflow-heading"


def waiting_for(user, plans) -> list:
    """(plan, [(what I can do, where)]) for each plan waiting for `user`; plans come with
    organization."""
    rows = []
    for plan in plans:
        panel = reverse("projects:plan", args=[plan.pk]) + "#workflow-heading"
        actions = [
            (t.label, _action_url(plan, t))
            for t in workflow.available_transitions(user, plan)
            if t.moves and not t.needs_reason
        ]
        if can_manage_meetings(user, plan):
            actions.append(("นัดประชุมหรือบันทึกมติของคณะกรรมการ", panel))
        elif workflow.is_reviewer(user, plan):
            actions.append(("อ่านร่างแผนและให้ความเห็นก่อนคณะกรรมการลงมติ", panel))
        if plan.unresolved and can_answer(user, plan):
            actions.append((f"ตอบความเห็นที่ยังไม่ได้ตอบ {plan.unresolved} รายการ", panel))
        if actions:
            rows.append((plan, actions))
    return rows


def inbox(request):
    """ "รอฉันดำเนินการ": the plans waiting for this user, and their notifications."""
    if request.method == "POST":
        request.user.notifications.filter(
            read_at__isnull=True, plan__organization=request.organization
        ).update(read_at=timezone.now())
        messages.success(request, "ทำเครื่องหมายว่าอ่านแล้วทั้งหมด")
        return redirect("approvals:inbox")
    # The current organisation's (links open plans there; the switcher changes it).
    plans = (
        visible_plans(request.user)
        .filter(organization=request.organization)
        .exclude(status=PlanStatus.POSTED)
        .select_related("organization")
        .annotate(unresolved=Count("comments", filter=Q(comments__resolved_at__isnull=True)))
        .order_by("organization__name", "-fiscal_year", "kind", "number")
    )
    notifications = list(
        request.user.notifications.filter(plan__organization=request.organization).select_related(
            "plan__organization"
        )[:50]
    )
    return render(
        request,
        "approvals/inbox.html",
        {"waiting": waiting_for(request.user, plans), "notifications": notifications},
    )
