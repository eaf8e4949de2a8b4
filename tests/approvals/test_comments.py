"""Reviewers comment on the plan or a project; the planning officer answers and resolves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals.comments import add_comment, resolve_comment
from approvals.models import Comment
from tests.factories import announce, make_project, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(plan, planner):
    make_project(plan, name="ถนนสายหนองบัว")
    submit(plan, by=planner)
    plan.refresh_from_db()
    return plan


def test_a_committee_member_comments_on_a_row_from_the_plan_page(
    client_for, committee_member, reviewing
):
    project = reviewing.projects.get()
    response = client_for(committee_member).post(
        reverse("approvals:comment_add", args=[reviewing.pk]),
        {"project": project.pk, "text": "ควรระบุความยาวถนนให้ชัดเจน"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?project={project.pk}#project-{project.pk}")
    comment = Comment.objects.get()
    assert (comment.project, comment.author, comment.is_resolved) == (
        project,
        committee_member,
        False,
    )


def plan_page(client, plan):
    return client.get(reverse("projects:plan", args=[plan.pk])).content.decode()


def row_html(html, project):
    start = html.index(f'id="project-{project.pk}"')
    return html[start : html.index("</li>", start)]


def test_the_form_to_comment_on_a_row_is_rendered_once(client_for, committee_member, reviewing):
    """Each row has its "ความเห็น (n)"; the form is one <template> that plan.js copies into
    the row opened (the browser journeys in tests/browser/test_review.py use it)."""
    make_project(reviewing, name="ประปาหมู่บ้าน")
    make_project(reviewing, name="ศูนย์เด็กเล็ก")
    html = plan_page(client_for(committee_member), reviewing)
    assert html.count("<summary>ความเห็น (0)</summary>") == 3
    assert html.count('id="comment-form"') == 1
    assert html.count('name="project"') == 1
    assert 'src="/static/js/plan.js"' in html


def test_a_rows_comments_are_in_that_row_with_their_answer_forms(
    client_for, planner, viewer, committee_member, reviewing
):
    road = reviewing.projects.get()
    quiet = make_project(reviewing, name="ประปาหมู่บ้าน")
    comment = add_comment(reviewing, by=committee_member, text="ระบุความยาวถนน", project=road)
    answer = reverse("approvals:comment_resolve", args=[comment.pk])
    row = row_html(plan_page(client_for(planner), reviewing), road)
    assert '<details class="project-comments" open><summary>ความเห็น (1)</summary>' in row
    assert "ระบุความยาวถนน" in row and answer in row
    # A viewer reads the comments, cannot answer, and has nothing to open on other rows.
    html = plan_page(client_for(viewer), reviewing)
    assert "ระบุความยาวถนน" in row_html(html, road) and answer not in html
    assert "ความเห็น" not in row_html(html, quiet)
    assert 'id="comment-form"' not in html


def test_the_planner_sees_the_count_answers_and_resolves(
    client_for, planner, committee_member, reviewing
):
    add_comment(reviewing, by=committee_member, text="งบประมาณสูงเกินไป")
    html = client_for(planner).get(reverse("projects:plan", args=[reviewing.pk])).content.decode()
    assert "มีความเห็นที่ยังไม่ได้ตอบ 1 รายการ" in html
    comment = Comment.objects.get()
    client_for(planner).post(
        reverse("approvals:comment_resolve", args=[comment.pk]), {"answer": "ปรับลดแล้ว"}
    )
    comment.refresh_from_db()
    assert (comment.is_resolved, comment.answer, comment.resolved_by) == (True, "ปรับลดแล้ว", planner)
    html = client_for(planner).get(reverse("projects:plan", args=[reviewing.pk])).content.decode()
    assert "มีความเห็นที่ยังไม่ได้ตอบ" not in html


def test_an_empty_comment_is_refused_in_thai(client_for, committee_member, reviewing):
    response = client_for(committee_member).post(
        reverse("approvals:comment_add", args=[reviewing.pk]), {"text": "  "}, follow=True
    )
    assert "ต้องพิมพ์ความเห็น" in response.content.decode()
    assert not Comment.objects.exists()


def test_who_may_comment_and_answer(viewer, committee_member, reviewing, other_org_planner):
    with pytest.raises(PermissionDenied):
        add_comment(reviewing, by=viewer, text="ดูอย่างเดียว")
    with pytest.raises(PermissionDenied):
        add_comment(reviewing, by=other_org_planner, text="คนนอก")
    comment = add_comment(reviewing, by=committee_member, text="ความเห็น")
    with pytest.raises(PermissionDenied):
        resolve_comment(comment, by=committee_member)
    assert Comment.objects.count() == 1
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_after_the_announcement_comments_and_answers_are_read_only(
    client_for, planner, executive, committee_member, reviewing
):
    comment = add_comment(reviewing, by=committee_member, text="ควรเพิ่มงบถนน")
    announce(reviewing, planner=planner, executive=executive)
    with pytest.raises(ValidationError, match="ประกาศใช้แล้ว"):
        add_comment(reviewing, by=committee_member, text="ช้าไป")
    with pytest.raises(ValidationError, match="ประกาศใช้แล้ว"):
        resolve_comment(comment, by=planner, answer="รับไว้")
    # The review found this page still changing an announced plan's comment.
    response = client_for(planner).post(
        reverse("approvals:comment_resolve", args=[comment.pk]), {"answer": "รับไว้"}, follow=True
    )
    assert "ประกาศใช้แล้ว" in response.content.decode()
    comment.refresh_from_db()
    assert (comment.is_resolved, comment.answer) == (False, "")
    assert Comment.objects.count() == 1
    page = client_for(planner).get(reverse("projects:plan", args=[reviewing.pk])).content.decode()
    assert reverse("approvals:comment_resolve", args=[comment.pk]) not in page


def test_a_project_of_another_plan_is_refused(committee_member, reviewing, organization):
    from tests.factories import make_plan

    other = make_project(make_plan(organization, fiscal_year=2569))
    with pytest.raises(PermissionDenied):
        add_comment(reviewing, by=committee_member, text="x", project=other)
    with pytest.raises(ValidationError):
        add_comment(reviewing, by=committee_member, text="")


def test_another_organization_cannot_resolve_or_post(
    client_for, other_org_planner, committee_member, reviewing
):
    comment = add_comment(reviewing, by=committee_member, text="ความเห็น")
    client = client_for(other_org_planner)
    assert client.post(reverse("approvals:comment_resolve", args=[comment.pk])).status_code == 404
    assert (
        client.post(
            reverse("approvals:comment_add", args=[reviewing.pk]), {"text": "x"}
        ).status_code
        == 404
    )
    comment.refresh_from_db()
    assert not comment.is_resolved


@pytest.mark.parametrize("value", ["²", "๓", "1x", "-1"])
def test_a_project_id_that_is_not_a_number_is_a_404_not_an_error(
    client_for, committee_member, reviewing, value
):
    response = client_for(committee_member).post(
        reverse("approvals:comment_add", args=[reviewing.pk]), {"project": value, "text": "x"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()
