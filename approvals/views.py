from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import roles_in
from approvals import letters, workflow
from approvals.comments import add_comment, can_answer, can_comment, resolve_comment
from approvals.forms import CommitteeForm, ExtensionForm, MeetingForm, MemberForm, PostingForm
from approvals.meetings import (
    PLANNERS_ONLY,
    can_record_meeting,
    record_meeting,
    save_committee,
    save_member,
)
from approvals.models import Comment, Committee, CommitteeMember, Meeting, PostingRecord, Snapshot
from approvals.posting import earliest_end, posting_state, record_posting
from projects.models import PlanStatus
from projects.permissions import visible_plans
from projects.views import plan_or_404
from thai.format import parse_date_input


def _date(value):
    """A date from a date box (a พ.ศ. year is converted); None when it is not a date."""
    try:
        return parse_date_input(value)
    except ValueError:
        return None


@require_POST
def perform(request, pk, action):
    """Press one of the plan's workflow buttons."""
    if action not in workflow.ACTIONS:
        raise Http404("ไม่มีการดำเนินการนี้")
    plan = plan_or_404(request, pk)
    if action == "record_posting":  # needs where, until and the evidence: its own page
        return redirect("approvals:posting", pk=plan.pk)
    step = workflow.transition(plan, action)
    try:
        workflow.perform(
            plan,
            action,
            by=request.user,
            note=request.POST.get("note", ""),
            announced_on=_date(request.POST.get("announced_on")),
            announced_by=request.POST.get("announced_by", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, step.done)
    return redirect("projects:plan", pk=plan.pk)


def workflow_context(user, plan) -> dict:
    """What the plan page shows about the lifecycle: buttons and the decisions so far."""
    organization = plan.organization
    signer = " ".join(
        part for part in (organization.executive_name, organization.executive_position) if part
    )
    comments = list(plan.comments.select_related("author", "project"))
    return {
        "transitions": workflow.available_transitions(user, plan),
        "decisions": list(plan.decisions.all()),
        "plan_comments": [c for c in comments if c.project_id is None],
        "unresolved": sum(1 for c in comments if not c.is_resolved),
        "can_comment": can_comment(user, plan),
        "can_answer": can_answer(user, plan),
        "can_record_meeting": can_record_meeting(user, plan),
        "meetings": list(plan.meetings.select_related("committee")),
        "snapshot": Snapshot.objects.filter(plan=plan).first(),
        "today": timezone.localdate(),
        "signer": signer,
        "can_extend": Role.EXECUTIVE in roles_in(user, organization)
        and plan.status not in (PlanStatus.ANNOUNCED, PlanStatus.POSTED),
    }


@require_POST
def comment_add(request, pk):
    """A reviewer comments on the plan, or on one of its projects (`project` in the form)."""
    plan = plan_or_404(request, pk)
    project = None
    project_id = request.POST.get("project", "")
    if project_id:
        if not project_id.isdigit():
            raise Http404("ไม่พบโครงการ")
        project = get_object_or_404(plan.projects.all(), pk=project_id)
    try:
        add_comment(plan, by=request.user, text=request.POST.get("text", ""), project=project)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "บันทึกความเห็นแล้ว")
    anchor = f"#project-{project.pk}" if project else "#workflow-heading"
    return redirect(f"{reverse('projects:plan', args=[plan.pk])}{anchor}")


@require_POST
def comment_resolve(request, pk):
    comment = get_object_or_404(
        Comment.objects.filter(plan__in=visible_plans(request.user)).select_related("plan"),
        pk=pk,
        plan__organization=request.organization,
    )
    resolve_comment(comment, by=request.user, answer=request.POST.get("answer", ""))
    messages.success(request, "ตอบและปิดความเห็นแล้ว")
    anchor = f"#project-{comment.project_id}" if comment.project_id else "#workflow-heading"
    return redirect(f"{reverse('projects:plan', args=[comment.plan_id])}{anchor}")


def committees(request):
    """The organisation's committees and members; planning officers add them."""
    organization = request.organization
    if organization is None:
        raise PermissionDenied("ยังไม่ได้เลือก อปท.")
    can_manage = Role.PLANNER in roles_in(request.user, organization)
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
    if Role.PLANNER not in roles_in(request.user, organization):
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


def meeting_record(request, pk):
    """The secretary (or the planning officer) records a meeting; its resolution moves the plan."""
    plan = plan_or_404(request, pk)
    if not can_record_meeting(request.user, plan):
        raise PermissionDenied("บันทึกมติการประชุมของแผนนี้ไม่ได้ในขณะนี้")
    form = MeetingForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_meeting(
                plan,
                by=request.user,
                committee=data["committee"],
                number=data["number"],
                held_on=data["held_on"],
                place=data["place"],
                agenda=data["agenda"],
                attendees=data["attendees"],
                resolution=data["resolution"],
                approve=data["approve"],
                letter_number=data["letter_number"],
                invited_on=data["invited_on"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "บันทึกการประชุมและมติแล้ว")
            return redirect("projects:plan", pk=plan.pk)
    return render(request, "approvals/meeting_form.html", {"form": form, "plan": plan})


def posting(request, pk):
    """The posting records of an announced edition; planning officers add one (with a photo)."""
    plan = plan_or_404(request, pk)
    can_record = Role.PLANNER in roles_in(request.user, plan.organization) and plan.status in (
        PlanStatus.ANNOUNCED,
        PlanStatus.POSTED,
    )
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
                form.add_error(None, error)
            else:
                messages.success(request, "บันทึกการปิดประกาศแล้ว")
                return redirect("approvals:posting", pk=plan.pk)
    records = list(plan.postings.select_related("recorded_by"))
    return render(
        request,
        "approvals/posting.html",
        {
            "plan": plan,
            "records": records,
            "form": form if can_record else None,
            "state": posting_state(plan, records, today),
            "min_days": settings.OPPLAN_POSTING_MIN_DAYS,
            "within_days": settings.OPPLAN_POSTING_WITHIN_DAYS,
        },
    )


def posting_photo(request, pk):
    records = PostingRecord.objects.filter(
        plan__in=visible_plans(request.user), plan__organization=request.organization
    ).exclude(photo="")
    record = get_object_or_404(records, pk=pk)
    try:
        handle = record.photo.open("rb")
    except OSError:
        raise Http404("ไม่พบไฟล์ภาพถ่าย") from None
    return FileResponse(handle, filename=record.photo.name.rsplit("/", 1)[-1])


@require_POST
def extend_deadline(request, pk):
    """The executive records an extension of the plan's deadline, with the reason."""
    plan = plan_or_404(request, pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, "ขยายกำหนดไม่ได้: " + " ".join(errors))
        return redirect("projects:plan", pk=plan.pk)
    try:
        workflow.extend_deadline(
            plan,
            by=request.user,
            new_date=form.cleaned_data["new_date"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, "ขยายกำหนดไม่ได้: " + " ".join(error.messages))
    else:
        messages.success(request, "บันทึกการขยายกำหนดส่งแผนแล้ว")
    return redirect("projects:plan", pk=plan.pk)


def waiting_for(user, plans) -> list:
    """(plan, what I can do) for each plan waiting for `user`; plans come with organization."""
    rows = []
    for plan in plans:
        actions = [
            t.label for t in workflow.available_transitions(user, plan) if not t.needs_reason
        ]
        if can_record_meeting(user, plan):
            actions.append("บันทึกการประชุมและมติของคณะกรรมการ")
        if plan.unresolved and can_answer(user, plan):
            actions.append(f"ตอบความเห็นที่ยังไม่ได้ตอบ {plan.unresolved} รายการ")
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


def meeting_document(request, pk, kind):
    """A meeting's invitation, agenda or minutes as PDF, for whoever may see its plan."""
    if kind not in letters.DOCUMENTS:
        raise Http404("ไม่มีเอกสารนี้")
    meeting = get_object_or_404(
        Meeting.objects.filter(plan__in=visible_plans(request.user)).select_related(
            "committee", "plan__organization", "decision"
        ),
        pk=pk,
        plan__organization=request.organization,
    )
    document = letters.rendered(meeting, kind)
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response
