"""Posting records, deadline extensions, next steps, in-app notifications and the inbox."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import workflow
from approvals.models import Decision, Notification, PostingRecord
from approvals.posting import posting_state, record_posting, withdraw_posting
from approvals.progress import next_step
from projects.models import Plan, PlanStatus
from tests.factories import (
    announce,
    committee_of,
    endorse,
    make_budget_event,
    make_plan,
    png_bytes,
    resolve,
    submit,
)

pytestmark = pytest.mark.django_db
ANNOUNCED_ON = date(2026, 10, 20)


def photo():
    return SimpleUploadedFile("board.png", png_bytes(), "image/png")


@pytest.fixture
def announced(plan, planner, executive):
    announce(plan, planner=planner, executive=executive, announced_on=ANNOUNCED_ON)
    return Plan.objects.select_related("organization").get(pk=plan.pk)


class TestPostingRecord:
    def test_the_first_record_moves_the_plan_to_posted_and_more_may_follow(
        self, announced, planner
    ):
        start = ANNOUNCED_ON + timedelta(days=2)
        record_posting(announced, by=planner, place="notice_board", starts_on=start,
                       ends_on=start + timedelta(days=30), photo=photo())  # fmt: skip
        announced.refresh_from_db()
        assert (announced.status, announced.posting_started_on) == (PlanStatus.POSTED, start)
        decision = announced.decisions.get(action="record_posting")
        assert "บอร์ดประชาสัมพันธ์" in decision.note
        record_posting(announced, by=planner, place="website", url="https://example.go.th/plan",
                       starts_on=start, ends_on=start + timedelta(days=60))  # fmt: skip
        assert announced.postings.count() == 2
        assert announced.decisions.filter(action="record_posting").count() == 1

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"ends_on": ANNOUNCED_ON + timedelta(days=29)}, "ends_on", "อย่างน้อย 30 วัน"),
            ({"starts_on": ANNOUNCED_ON - timedelta(days=1)}, "starts_on", "ไม่ก่อนวันประกาศใช้"),
            ({"photo": None}, "photo", "ภาพถ่าย"),
            ({"place": "website", "photo": None}, "url", "ลิงก์"),
            ({"place": "other"}, "place_detail", "ที่ใด"),
            ({"place": "roof"}, "place", "เลือกสถานที่"),
            ({"starts_on": None}, "starts_on", "วันที่เริ่ม"),
        ],
    )
    def test_bad_records_are_refused_in_thai_and_nothing_is_saved(
        self, announced, planner, fields, field, message
    ):
        values = {"place": "notice_board", "starts_on": ANNOUNCED_ON,
                  "ends_on": ANNOUNCED_ON + timedelta(days=30), "photo": photo()} | fields  # fmt: skip
        with pytest.raises(ValidationError) as error:
            record_posting(announced, by=planner, **values)
        assert message in " ".join(error.value.message_dict[field])
        announced.refresh_from_db()
        assert announced.status == PlanStatus.ANNOUNCED
        assert PostingRecord.objects.count() == 0
        assert not announced.decisions.filter(action="record_posting").exists()

    def test_the_same_posting_twice_is_refused_in_thai(self, announced, planner):
        """A second record of the same place (details, link) and dates adds nothing: it is
        refused, saying which record stands; another board on the same days is welcome."""
        start = ANNOUNCED_ON + timedelta(days=2)
        same = {"place": "notice_board", "place_detail": "บอร์ดหน้าที่ทำการ",
                "starts_on": start, "ends_on": start + timedelta(days=30)}  # fmt: skip
        record_posting(announced, by=planner, photo=photo(), **same)
        with pytest.raises(ValidationError) as refusal:
            record_posting(announced, by=planner, photo=photo(),
                           **same | {"place_detail": "  บอร์ดหน้าที่ทำการ "})  # fmt: skip
        assert refusal.value.message_dict == {"__all__": [
            "มีบันทึกการปิดประกาศที่บอร์ดประชาสัมพันธ์ / ป้ายประกาศของ อปท. (บอร์ดหน้าที่ทำการ) "
            "วันที่ 22 ตุลาคม 2569 – 21 พฤศจิกายน 2569 อยู่แล้ว จึงไม่บันทึกซ้ำ — "
            "ถ้าบันทึกเดิมผิด ให้กด “แก้ไขบันทึก” ในตารางด้านบน"]}  # fmt: skip
        assert announced.postings.count() == 1
        record_posting(announced, by=planner, photo=photo(),
                       **same | {"place_detail": "บอร์ดศาลาประชาคมหมู่ที่ 3"})  # fmt: skip
        record_posting(announced, by=planner, photo=photo(), **same | {"ends_on": same["ends_on"]
                                                                       + timedelta(days=1)})  # fmt: skip
        assert announced.postings.count() == 3

    def test_the_page_refuses_the_same_posting_twice(self, client_for, announced, planner):
        client = client_for(planner)
        url = reverse("approvals:posting", args=[announced.pk])
        data = {"place": "website", "url": "https://example.go.th/plan",
                "starts_on": "2026-10-22", "ends_on": "2026-11-21"}  # fmt: skip
        assert client.post(url, data).status_code == 302
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "มีบันทึกการปิดประกาศที่เว็บไซต์ของ อปท. วันที่ 22 ตุลาคม 2569 – 21 พฤศจิกายน 2569 "
            "อยู่แล้ว จึงไม่บันทึกซ้ำ — ถ้าบันทึกเดิมผิด ให้กด “แก้ไขบันทึก” ในตารางด้านบน"
        ]
        assert "อยู่แล้ว จึงไม่บันทึกซ้ำ" in response.content.decode()
        assert PostingRecord.objects.count() == 1

    def test_the_minimum_period_is_a_setting(self, announced, planner, settings):
        settings.OPPLAN_POSTING_MIN_DAYS = 45
        with pytest.raises(ValidationError, match="อย่างน้อย 45 วัน"):
            record_posting(announced, by=planner, place="notice_board", starts_on=ANNOUNCED_ON,
                           ends_on=ANNOUNCED_ON + timedelta(days=30), photo=photo())  # fmt: skip

    @pytest.mark.parametrize(
        "persona", ["executive", "department_staff", "viewer", "other_org_planner"]
    )
    def test_only_planners_record_posting(self, request, announced, persona):
        with pytest.raises(PermissionDenied):
            record_posting(announced, by=request.getfixturevalue(persona), place="notice_board",
                           starts_on=ANNOUNCED_ON, ends_on=ANNOUNCED_ON + timedelta(days=30),
                           photo=photo())  # fmt: skip
        assert PostingRecord.objects.count() == 0

    def test_a_draft_cannot_be_posted(self, plan, planner):
        with pytest.raises(ValidationError, match="ประกาศใช้แผนแล้ว"):
            record_posting(plan, by=planner, place="notice_board", starts_on=ANNOUNCED_ON,
                           ends_on=ANNOUNCED_ON + timedelta(days=30), photo=photo())  # fmt: skip

    def test_the_page_records_a_posting_with_a_photo_and_shows_it(
        self, client_for, announced, planner, viewer
    ):
        client = client_for(planner)
        url = reverse("approvals:posting", args=[announced.pk])
        response = client.post(url, {"place": "notice_board", "place_detail": "หน้าที่ทำการ",
                                     "starts_on": "2026-10-22", "ends_on": "2026-11-21",
                                     "photo": photo()})  # fmt: skip
        assert response.status_code == 302
        record = PostingRecord.objects.get()
        page = client_for(viewer).get(url).content.decode()
        assert reverse("approvals:posting_photo", args=[record.pk]) in page
        assert "บันทึกการปิดประกาศ</button>" not in page  # viewers see, never record
        image = client_for(viewer).get(reverse("approvals:posting_photo", args=[record.pk]))
        assert b"".join(image.streaming_content) == record.photo.open("rb").read()

    def test_the_page_shows_thai_errors_for_a_short_period_and_a_non_image(
        self, client_for, announced, planner
    ):
        client = client_for(planner)
        url = reverse("approvals:posting", args=[announced.pk])
        response = client.post(url, {"place": "notice_board", "starts_on": "2026-10-22",
                                     "ends_on": "2026-11-01", "photo": photo()})  # fmt: skip
        assert response.status_code == 200
        assert "ต้องปิดประกาศอย่างน้อย 30 วัน" in response.content.decode()
        fake = SimpleUploadedFile("board.png", b"not an image", "image/png")
        response = client.post(url, {"place": "notice_board", "starts_on": "2026-10-22",
                                     "ends_on": "2026-12-01", "photo": fake})  # fmt: skip
        assert response.status_code == 200
        assert "ไฟล์ที่ส่งมาไม่ใช่รูปภาพหรือไฟล์เสียหาย" in response.content.decode()
        assert PostingRecord.objects.count() == 0

    def test_another_organisations_photo_is_a_404(
        self, client_for, announced, planner, other_org_planner
    ):
        record = record_posting(announced, by=planner, place="notice_board", starts_on=ANNOUNCED_ON,
                                ends_on=ANNOUNCED_ON + timedelta(days=30), photo=photo())  # fmt: skip
        response = client_for(other_org_planner).get(
            reverse("approvals:posting_photo", args=[record.pk])
        )
        assert response.status_code == 404


class TestNextStep:
    def test_each_status_names_the_step_who_acts_and_the_days(self, plan, organization, planner):
        event = make_budget_event(organization, announced_on=date(2026, 10, 1))
        plan.budget_events.set([event])
        step = next_step(plan, date(2026, 10, 21))
        assert "ส่งคณะกรรมการสนับสนุนฯ" in step.text
        assert step.who == "นักวิเคราะห์นโยบายและแผน"
        assert (step.due, step.days) == (date(2026, 10, 31), 10)
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ENDORSED)
        plan.refresh_from_db()
        step = next_step(plan, date(2026, 11, 3))
        assert step.who == "ผู้บริหารท้องถิ่น"
        assert (step.overdue, step.overdue_days) == (True, 3)

    def test_posting_steps_until_the_period_is_complete(self, announced, planner):
        step = next_step(announced, ANNOUNCED_ON + timedelta(days=16))
        assert step.text.startswith("ปิดประกาศ")
        assert (step.due, step.overdue_days) == (ANNOUNCED_ON + timedelta(days=15), 1)
        start = ANNOUNCED_ON + timedelta(days=16)
        record_posting(announced, by=planner, place="notice_board", starts_on=start,
                       ends_on=start + timedelta(days=30), photo=photo())  # fmt: skip
        announced = Plan.objects.select_related("organization").get(pk=announced.pk)
        step = next_step(announced, start + timedelta(days=10))
        assert "ยังปิดประกาศไม่ครบ 30 วัน" in step.warning
        assert "ช้ากว่ากำหนด" in step.warning
        assert step.days == 20
        assert next_step(announced, start + timedelta(days=30)).done
        state = posting_state(announced, list(announced.postings.all()), start)
        assert (state.late_start, state.complete) == (True, False)

    def test_a_long_posting_is_complete_after_the_minimum_period(self, announced, planner):
        start = ANNOUNCED_ON + timedelta(days=1)
        record_posting(announced, by=planner, place="website", url="https://example.go.th/plan",
                       starts_on=start, ends_on=start + timedelta(days=365))  # fmt: skip
        announced = Plan.objects.select_related("organization").get(pk=announced.pk)
        step = next_step(announced, start + timedelta(days=29))
        assert (step.due, step.days) == (start + timedelta(days=30), 1)
        assert next_step(announced, start + timedelta(days=30)).done

    def test_the_dashboard_shows_next_steps_with_a_fixed_number_of_queries(
        self, client_for, announced, planner, organization, django_assert_max_num_queries
    ):
        client = client_for(planner)
        client.get(reverse("projects:dashboard"))  # warm the session and caches
        with django_assert_max_num_queries(12) as first:
            html = client.get(reverse("projects:dashboard")).content.decode()
        assert "ปิดประกาศแผนให้ประชาชนทราบ" in html
        for year in (2571, 2572, 2573):
            Plan.objects.create(organization=organization, fiscal_year=year)
        with django_assert_max_num_queries(len(first.captured_queries)):
            html = client.get(reverse("projects:dashboard")).content.decode()
        assert html.count('data-testid="next-step"') == 4


class TestDeadlineExtension:
    @pytest.fixture(autouse=True)
    def today(self, monkeypatch):
        """These tests' dates are written for 20 ต.ค. 2569."""
        from django.utils import timezone

        monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 10, 20))

    def test_the_executive_extends_with_a_reason_and_a_decision_is_written(
        self, plan, organization, executive
    ):
        plan.budget_events.set([make_budget_event(organization, announced_on=date(2026, 10, 1))])
        decision = workflow.extend_deadline(plan, by=executive, new_date=date(2026, 11, 15),
                                            reason="รองบประมาณเพิ่มเติม")  # fmt: skip
        plan.refresh_from_db()
        assert plan.deadline() == date(2026, 11, 15)
        assert plan.original_deadline() == date(2026, 10, 31)
        assert (decision.action, decision.from_status, decision.to_status) == (
            "extend_deadline", "draft", "draft")  # fmt: skip
        assert "รองบประมาณเพิ่มเติม" in decision.note and "15 พฤศจิกายน 2569" in decision.note

    @pytest.mark.parametrize(
        ("new_date", "reason", "message"),
        [
            (date(2026, 10, 30), "เหตุผล", "ต้องหลังกำหนดเดิม"),
            (date(2026, 11, 15), "  ", "ระบุเหตุผล"),
            (None, "เหตุผล", "วันที่กำหนดใหม่"),
            (date(2026, 10, 19), "เหตุผล", "ไม่ก่อนวันนี้"),
        ],
    )
    def test_bad_extensions_are_refused(
        self, plan, organization, executive, new_date, reason, message
    ):
        plan.budget_events.set([make_budget_event(organization, announced_on=date(2026, 10, 1))])
        with pytest.raises(ValidationError, match=message):
            workflow.extend_deadline(plan, by=executive, new_date=new_date, reason=reason)
        plan.refresh_from_db()
        assert plan.deadline_extended_to is None
        assert not Decision.objects.exists()

    @pytest.mark.parametrize(
        "persona", ["planner", "committee_member", "viewer", "other_org_planner"]
    )
    def test_only_the_executive_extends(self, request, plan, persona):
        with pytest.raises(PermissionDenied, match="อำนาจของผู้บริหาร"):
            workflow.extend_deadline(plan, by=request.getfixturevalue(persona),
                                     new_date=date(2027, 1, 1), reason="เหตุผล")  # fmt: skip
        assert not Decision.objects.exists()

    def test_the_page_form_records_it_and_refuses_others(
        self, client_for, plan, executive, planner
    ):
        url = reverse("approvals:decide", args=[plan.pk, "extend_deadline"])
        client_for(executive).post(url, {"new_date": "2026-12-01", "reason": "น้ำท่วม"})
        plan.refresh_from_db()
        assert plan.deadline_extended_to == date(2026, 12, 1)
        response = client_for(planner).post(url, {"new_date": "2026-12-20", "reason": "x"})
        assert response.status_code == 403
        response = client_for(executive).post(url, {"new_date": "5/12/2569", "reason": ""})
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["reason"] == ["กรุณากรอกช่อง “เหตุผลที่ขยายกำหนด” (บันทึกไว้ในประวัติการพิจารณา)"]
        assert 'value="5/12/2569"' in response.content.decode()  # what was typed stays
        plan.refresh_from_db()
        assert plan.deadline_extended_to == date(2026, 12, 1)


class TestNotifications:
    def test_each_transition_notifies_the_next_actors_in_app(
        self, plan, planner, support_member, committee_member, executive
    ):
        submit(plan, by=planner)
        assert list(Notification.objects.values_list("user", flat=True)) == [support_member.pk]
        note = Notification.objects.get()
        assert plan.title in note.text and "คณะกรรมการสนับสนุนฯ" in note.text
        resolve(plan, by=planner)
        assert Notification.objects.filter(user=committee_member).count() == 1
        resolve(plan, by=planner)
        assert Notification.objects.filter(user=executive).count() == 1
        workflow.perform(plan, "return", by=executive, note="แก้งบประมาณ")
        assert Notification.objects.filter(user=planner, decision__action="return").count() == 1

    def test_the_inbox_lists_what_waits_for_me_and_marks_read(
        self, client_for, plan, planner, support_member, executive
    ):
        submit(plan, by=planner)
        client = client_for(support_member)
        html = client.get(reverse("approvals:inbox")).content.decode()
        assert 'data-testid="waiting"' in html and plan.title in html
        assert "คณะกรรมการสนับสนุนฯ พิจารณาร่างแผน" in html
        dashboard = client.get(reverse("projects:dashboard")).content.decode()
        assert "ข้อความใหม่ 1 รายการ" in dashboard
        client.post(reverse("approvals:inbox"))
        assert not Notification.objects.filter(read_at__isnull=True).exists()
        # The executive has nothing to do while the support committee considers it.
        html = client_for(executive).get(reverse("approvals:inbox")).content.decode()
        assert 'data-testid="waiting-empty"' in html

    def test_the_inbox_costs_the_same_queries_whatever_the_number_of_plans(
        self, client_for, plan, planner, viewer, organization, django_assert_num_queries,
        django_assert_max_num_queries,
    ):  # fmt: skip
        """A committee's secretary by seat (not by role): the seat is read once."""
        from approvals.models import CommitteeKind, CommitteeMember, MemberRole

        committee = committee_of(organization, CommitteeKind.SUPPORT)
        CommitteeMember.objects.create(
            committee=committee, name="เลขานุการ", role=MemberRole.SECRETARY, user=viewer
        )
        submit(plan, by=planner)
        client = client_for(viewer)
        client.get(reverse("approvals:inbox"))  # warm the session
        with django_assert_max_num_queries(20) as first:
            html = client.get(reverse("approvals:inbox")).content.decode()
        assert html.count("นัดประชุมหรือบันทึกมติของคณะกรรมการ") == 1
        for year in (2571, 2572, 2573):
            submit(make_plan(organization, fiscal_year=year), by=planner)
        with django_assert_num_queries(len(first.captured_queries)):
            html = client.get(reverse("approvals:inbox")).content.decode()
        assert html.count("นัดประชุมหรือบันทึกมติของคณะกรรมการ") == 4

    def test_another_organisations_plans_never_appear_in_my_inbox(
        self, client_for, plan, planner, other_org_planner
    ):
        submit(plan, by=planner)
        html = client_for(other_org_planner).get(reverse("approvals:inbox")).content.decode()
        assert 'data-testid="waiting-empty"' in html
        assert plan.organization.name not in html


class TestTypedYears:
    def test_a_buddhist_year_typed_into_the_date_box_is_converted(
        self, client_for, announced, planner
    ):
        response = client_for(planner).post(
            reverse("approvals:posting", args=[announced.pk]),
            {"place": "notice_board", "starts_on": "2569-10-22", "ends_on": "2569-11-21",
             "photo": photo()},
        )  # fmt: skip
        assert response.status_code == 302
        record = PostingRecord.objects.get()
        assert (record.starts_on, record.ends_on) == (date(2026, 10, 22), date(2026, 11, 21))

    def test_an_impossible_year_is_a_thai_error_and_nothing_is_saved(
        self, client_for, announced, planner
    ):
        response = client_for(planner).post(
            reverse("approvals:posting", args=[announced.pk]),
            {"place": "notice_board", "starts_on": "3112-10-22", "ends_on": "3112-11-30",
             "photo": photo()},
        )  # fmt: skip
        assert response.status_code == 200
        assert "ปี 3112 ไม่ถูกต้อง" in response.content.decode()
        assert PostingRecord.objects.count() == 0

    def test_a_posting_that_has_not_started_cannot_be_recorded(self, announced, planner):
        from django.utils import timezone

        start = timezone.localdate() + timedelta(days=1)
        with pytest.raises(ValidationError, match="ไม่เกินวันนี้"):
            record_posting(announced, by=planner, place="notice_board", starts_on=start,
                           ends_on=start + timedelta(days=30), photo=photo())  # fmt: skip

    def test_the_executive_may_type_the_announcement_date_in_buddhist_years(
        self, client_for, plan, planner, support_member, committee_member, executive
    ):
        endorse(plan, by=planner)
        client_for(executive).post(
            reverse("approvals:decide", args=[plan.pk, "announce"]),
            {"announced_on": "2569-10-20", "announced_by": "นายก"},
        )
        plan.refresh_from_db()
        assert (plan.status, plan.announced_on) == (PlanStatus.ANNOUNCED, date(2026, 10, 20))


class TestNotificationsMoveOn:
    def test_a_notification_is_done_with_once_the_plan_moves_on(
        self, plan, planner, support_member, committee_member
    ):
        submit(plan, by=planner)
        resolve(plan, by=planner)
        unread = Notification.objects.filter(read_at__isnull=True)
        assert not unread.filter(user=support_member).exists()  # its step is over
        assert unread.filter(user=committee_member).count() == 1

    def test_the_dashboard_says_whose_turn_it_is(self, client_for, plan, planner, committee_member):
        submit(plan, by=planner)
        village_head = client_for(committee_member).get(reverse("projects:dashboard"))
        assert 'data-testid="my-turn"' not in village_head.content.decode()
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DEVELOPMENT_REVIEW)
        village_head = client_for(committee_member).get(reverse("projects:dashboard"))
        assert 'data-testid="my-turn"' in village_head.content.decode()


class TestCorrectingPostings:
    """A wrong posting record is corrected or withdrawn by a new row with the reason."""

    @pytest.fixture
    def posted(self, announced, planner):
        start = ANNOUNCED_ON + timedelta(days=2)
        record = record_posting(announced, by=planner, place="notice_board", starts_on=start,
                                ends_on=start + timedelta(days=30), photo=photo())  # fmt: skip
        announced.refresh_from_db()
        return announced, record

    def test_a_correction_replaces_the_record_and_the_original_stays(self, posted, planner):
        plan, wrong = posted
        start = ANNOUNCED_ON + timedelta(days=3)
        fixed = record_posting(plan, by=planner, place="notice_board", starts_on=start,
                               ends_on=start + timedelta(days=31), corrects=wrong,
                               reason="วันที่เริ่มพิมพ์ผิด")  # fmt: skip
        plan.refresh_from_db()
        assert (fixed.change, fixed.supersedes, fixed.reason) == (
            "correction", wrong, "วันที่เริ่มพิมพ์ผิด")  # fmt: skip
        assert fixed.photo.name == wrong.photo.name  # the same evidence stands
        assert plan.posting_started_on == start
        assert plan.postings.count() == 2  # nothing overwritten
        wrong.refresh_from_db()
        assert wrong.starts_on == ANNOUNCED_ON + timedelta(days=2)
        assert plan.decisions.filter(action="record_posting").count() == 1
        with pytest.raises(ValidationError, match="ถูกแก้ไขหรือถอนไปแล้ว"):
            record_posting(plan, by=planner, place="notice_board", starts_on=start,
                           ends_on=start + timedelta(days=31), corrects=wrong, reason="อีกครั้ง")  # fmt: skip
        assert plan.postings.count() == 2

    def test_a_correction_may_keep_its_place_and_dates_but_not_copy_another_record(
        self, posted, planner
    ):
        plan, board = posted
        fixed = record_posting(plan, by=planner, place="notice_board", starts_on=board.starts_on,
                               ends_on=board.ends_on, photo=photo(), corrects=board,
                               reason="ภาพถ่ายเดิมไม่ชัด")  # fmt: skip
        website = record_posting(plan, by=planner, place="website", url="https://example.go.th/p",
                                 starts_on=board.starts_on, ends_on=board.ends_on)  # fmt: skip
        with pytest.raises(ValidationError, match="ถ้าบันทึกนั้นผิด ให้แก้ไขบันทึกนั้นแทน"):
            record_posting(plan, by=planner, place="notice_board", starts_on=board.starts_on,
                           ends_on=board.ends_on, photo=photo(), corrects=website,
                           reason="ผิดที่")  # fmt: skip
        assert list(plan.postings.order_by("pk")) == [board, fixed, website]

    def test_a_correction_needs_a_reason(self, posted, planner):
        plan, wrong = posted
        with pytest.raises(ValidationError) as refusal:
            record_posting(plan, by=planner, place="notice_board", starts_on=wrong.starts_on,
                           ends_on=wrong.ends_on, corrects=wrong, reason=" ")  # fmt: skip
        assert refusal.value.message_dict == {"reason": ["กรุณาระบุเหตุผลที่แก้ไขหรือถอนบันทึก"]}
        assert plan.postings.count() == 1

    def test_withdrawing_the_only_record_takes_the_plan_back_to_announced(self, posted, planner):
        plan, wrong = posted
        withdraw_posting(wrong, by=planner, reason="บันทึกผิดแผน")
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ANNOUNCED
        assert plan.posting_started_on is None
        assert list(plan.postings.values_list("change", flat=True)) == ["record", "withdrawal"]
        decision = plan.decisions.get(action="withdraw_posting")
        assert (decision.from_status, decision.to_status, decision.note) == (
            "posted", "announced", "บันทึกผิดแผน")  # fmt: skip
        assert posting_state(plan, list(plan.postings.all()), ANNOUNCED_ON).started_on is None

    def test_records_are_never_changed_in_place(self, posted):
        _, record = posted
        record.ends_on = record.ends_on + timedelta(days=1)
        with pytest.raises(ValueError, match="never changed"):
            record.save()

    def test_the_pages_correct_and_withdraw_and_show_both_rows(
        self, client_for, posted, planner, viewer
    ):
        plan, wrong = posted
        client = client_for(planner)
        url = reverse("approvals:posting_correct", args=[wrong.pk])
        assert client_for(viewer).get(url).status_code == 403
        response = client.post(url, {"place": "website", "url": "https://example.go.th/p",
                                     "starts_on": wrong.starts_on.isoformat(),
                                     "ends_on": wrong.ends_on.isoformat(), "reason": ""})  # fmt: skip
        assert response.status_code == 200
        assert response.context["form"].errors["reason"] == ["ต้องกรอกช่องนี้"]
        response = client.post(url, {"place": "website", "url": "https://example.go.th/p",
                                     "starts_on": wrong.starts_on.isoformat(),
                                     "ends_on": wrong.ends_on.isoformat(),
                                     "reason": "ปิดประกาศบนเว็บไซต์ ไม่ใช่บอร์ด"})  # fmt: skip
        assert response.status_code == 302
        fixed = PostingRecord.objects.get(change="correction")
        page = client.get(reverse("approvals:posting", args=[plan.pk])).content.decode()
        assert page.count('data-testid="posting-record"') == 2
        assert "ปิดประกาศบนเว็บไซต์ ไม่ใช่บอร์ด" in page
        withdraw = reverse("approvals:posting_withdraw", args=[fixed.pk])
        assert client_for(viewer).post(withdraw, {"reason": "x"}).status_code == 403
        client.post(withdraw, {"reason": "ยังไม่ได้ปิดประกาศจริง"})
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ANNOUNCED
        assert PostingRecord.objects.count() == 3
