"""Issue 15.5: comments dated and taken back by their author, the inbox's buttons, and a
403 on an announced plan that says how to amend it."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals.comments import add_comment, delete_comment, resolve_comment
from approvals.models import Comment
from tests.factories import announce, make_project, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(plan, planner):
    make_project(plan, name="ถนนสายหนองบัว")
    submit(plan, by=planner)
    plan.refresh_from_db()
    return plan


def test_a_comment_shows_its_date_and_time_in_thailand(client_for, committee_member, reviewing):
    comment = add_comment(reviewing, by=committee_member, text="ขอแผนที่ประกอบ")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=datetime.fromisoformat("2026-11-26T07:05:00+00:00")
    )
    html = client_for(committee_member).get(reverse("projects:plan", args=[reviewing.pk]))
    assert "· 26 พ.ย. 69 14:05 น.</span>: ขอแผนที่ประกอบ" in html.content.decode()


def test_its_author_deletes_an_unanswered_comment(client_for, committee_member, reviewing):
    comment = add_comment(reviewing, by=committee_member, text="พิมพ์ผิด")
    url = reverse("approvals:comment_delete", args=[comment.pk])
    page = client_for(committee_member).get(reverse("projects:plan", args=[reviewing.pk]))
    assert f'action="{url}"' in page.content.decode()
    response = client_for(committee_member).post(url)
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_nobody_else_deletes_it_and_nothing_changes(
    client_for, committee_member, support_member, planner, reviewing
):
    comment = add_comment(reviewing, by=committee_member, text="ความเห็นของสมพร")
    url = reverse("approvals:comment_delete", args=[comment.pk])
    page = client_for(support_member).get(reverse("projects:plan", args=[reviewing.pk]))
    assert f'action="{url}"' not in page.content.decode()
    with pytest.raises(PermissionDenied, match="ลบได้เฉพาะความเห็นของคุณเอง"):
        delete_comment(comment, by=planner)
    client_for(support_member).post(url)
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_an_answered_comment_stays(committee_member, planner, reviewing):
    comment = add_comment(reviewing, by=committee_member, text="ขอรายละเอียด")
    resolve_comment(comment, by=planner, answer="เพิ่มแล้ว")
    with pytest.raises(ValidationError, match="มีคำตอบแล้ว จึงลบไม่ได้"):
        delete_comment(comment, by=committee_member)
    assert Comment.objects.get().answer == "เพิ่มแล้ว"


def test_the_inbox_offers_each_step_as_a_button(client_for, planner, plan):
    make_project(plan)
    html = client_for(planner).get(reverse("approvals:inbox")).content.decode()
    plan_url = reverse("projects:plan", args=[plan.pk])
    assert (
        f'<a class="btn btn-sm btn-primary" href="{plan_url}#workflow-heading">'
        "ส่งคณะกรรมการสนับสนุนฯ</a>"
    ) in html


def test_a_403_on_an_announced_plan_says_it_is_announced_and_how_to_amend_it(
    client_for, planner, executive, plan
):
    make_project(plan)
    announce(plan, planner=planner, executive=executive)
    response = client_for(planner).get(reverse("projects:project_create", args=[plan.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "แผนฉบับนี้ประกาศใช้แล้ว จึงแก้ไขไม่ได้" in html
    assert "“แผนการดำเนินงาน แก้ไข”" in html and "“แผนการดำเนินงาน เพิ่มเติม”" in html
    assert "กรุณาติดต่อนักวิเคราะห์นโยบายและแผน" not in html
