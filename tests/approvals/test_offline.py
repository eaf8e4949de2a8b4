"""An announcement already made on paper (ประกาศนอกระบบ): approvals/offline.py, its page,
its command, the book's annex, and what follows (results rounds, publication)."""

import hashlib
import io
from datetime import date, timedelta

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from approvals import offline, workflow
from approvals.models import Decision, Meeting, OfflineAnnouncement, Snapshot
from approvals.posting import posting_state, record_posting
from approvals.progress import next_step
from projects.models import Plan, PlanStatus
from reports.documents import DOCUMENTS, pipeline
from reports.documents.book import build_book
from results import rounds
from tests.factories import announce, make_plan, make_project, member, png_bytes, submit
from uploads import pdfs

pytestmark = pytest.mark.django_db

PAPER_DAY = date(2025, 12, 15)  # FY2569, signed before the organisation used OpPlan
SIGNER = "นายสมศักดิ์ ใจดี"
POSITION = "นายกองค์การบริหารส่วนตำบลหนองบัว"


def pdf_bytes(pages=1, password=None) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    if password:
        pdf.save(out, encryption=pikepdf.Encryption(user=password, owner=password + "-owner"))
    else:
        pdf.save(out)
    return out.getvalue()


def upload(data, name="ประกาศ.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def draft(organization):
    """FY2569's original plan, its rows imported, announced on paper in December."""
    plan = make_plan(organization, fiscal_year=2569)
    make_project(plan, name="ถนนคอนกรีต หมู่ที่ 1")
    make_project(plan, name="รางระบายน้ำ หมู่ที่ 2")
    return plan


def snapshot_of_the_world():
    return (
        Decision.objects.count(),
        Meeting.objects.count(),
        OfflineAnnouncement.objects.count(),
        Snapshot.objects.count(),
        list(Plan.objects.values_list("pk", "status", "announced_on", "announced_by")),
    )


def test_a_draft_announced_on_paper_becomes_announced_with_one_decision_dated_by_the_paper(
    draft, planner
):
    data = pdf_bytes(pages=2)
    paper = offline.record_announcement(
        draft, by=planner, announced_on=PAPER_DAY, signer=f" {SIGNER} ", position=POSITION,
        scan=upload(data),
    )  # fmt: skip
    draft.refresh_from_db()
    assert (draft.status, draft.announced_on, draft.announced_by) == (
        PlanStatus.ANNOUNCED,
        PAPER_DAY,
        f"{SIGNER} {POSITION}",
    )
    decision = draft.decisions.get()
    assert (decision.action, decision.from_status, decision.to_status, decision.occurred_on) == (
        "announce_offline",
        "draft",
        "announced",
        PAPER_DAY,
    )
    assert decision.note == (
        f"ลงนามประกาศโดย {SIGNER} {POSITION} (ประกาศในกระดาษ บันทึกเข้าระบบภายหลัง พร้อมสำเนาประกาศที่ลงนาม)"
    )
    assert workflow.action_label(decision.action) == "ประกาศนอกระบบ"
    # No committee step is faked: no meeting, no resolution, one decision only.
    assert not Meeting.objects.exists()
    sha256 = hashlib.sha256(data).hexdigest()
    assert (paper.decision, paper.signer, paper.position, paper.scan_sha256, paper.scan_pages) == (
        decision,
        SIGNER,
        POSITION,
        sha256,
        2,
    )
    assert paper.recorded_by == planner
    # Stored as uploaded, named by its digest.
    assert paper.scan.name == f"announcements/{draft.organization.slug}/{sha256}.pdf"
    with default_storage.open(paper.scan.name, "rb") as handle:
        assert handle.read() == data
    # The announced record, like any announcement.
    snapshot = draft.snapshots.get()
    assert snapshot.decision == decision
    assert snapshot.content["announced_on"] == "2025-12-15"
    assert snapshot.content["printed"]["annex"]["offline"] == {
        "on": "2025-12-15",
        "signer": SIGNER,
        "position": POSITION,
        "scan_sha256": sha256,
    }


def test_the_book_annex_says_announced_outside_the_system_with_the_date_and_signer(draft, planner):
    offline.record_announcement(
        draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER, position=POSITION
    )
    book = build_book(draft)
    assert (book.offline.on, book.offline.signer, book.offline.position) == (
        PAPER_DAY,
        SIGNER,
        POSITION,
    )
    assert book.meetings == ()
    assert [(d.on, d.action, d.to_status) for d in book.decisions] == [
        (PAPER_DAY, "ประกาศนอกระบบ", "ประกาศใช้แล้ว")
    ]
    html = pipeline.render_html(pipeline.build(DOCUMENTS["book"], draft))
    assert (
        "<strong>ประกาศนอกระบบ</strong> — แผนฉบับนี้ผู้บริหารท้องถิ่นลงนามประกาศในกระดาษเมื่อวันที่ "
        f"๑๕ ธันวาคม พ.ศ. ๒๕๖๘ โดย {SIGNER} {POSITION} ก่อนบันทึกเข้าระบบ"  # the Thai digits it prints
    ) in html
    assert "ยังไม่ได้บันทึกการประชุมพิจารณาแผนฉบับนี้" not in html


def test_a_correction_of_the_paper_date_reaches_the_annex(draft, planner, executive):
    offline.record_announcement(draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER)
    workflow.correct_announcement(
        draft, by=executive, announced_on=date(2025, 12, 16), announced_by=f"{SIGNER} {POSITION}",
        reason="พิมพ์วันที่ผิดจากประกาศที่ลงนาม",
    )  # fmt: skip
    book = build_book(draft)
    assert (book.offline.on, book.offline.signer) == (date(2025, 12, 16), f"{SIGNER} {POSITION}")
    assert [d.action for d in book.decisions] == ["ประกาศนอกระบบ", "แก้ไขวันที่ประกาศ/ผู้ลงนาม"]


def test_results_rounds_open_on_a_plan_announced_on_paper(draft, planner):
    offline.record_announcement(draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER)
    round_ = rounds.open_round(
        draft.organization, 2569, "six_month", due_on=date(2026, 4, 30), by=planner
    )
    assert [row.project.name for row in rounds.rows(round_)] == [
        "ถนนคอนกรีต หมู่ที่ 1",
        "รางระบายน้ำ หมู่ที่ 2",
    ]


def test_the_announcement_hooks_run_once_it_commits(
    draft, planner, monkeypatch, django_capture_on_commit_callbacks
):
    called = []
    monkeypatch.setattr(workflow, "AFTER_ANNOUNCEMENT", [called.append])
    with django_capture_on_commit_callbacks(execute=True):
        offline.record_announcement(draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER)
    assert called == [draft.pk]


class TestRefusals:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (png_bytes(), "สำเนาประกาศที่ลงนามต้องเป็นไฟล์ PDF"),
            (b"%PDF-1.7\nnot really a pdf at all", "สำเนาประกาศที่ลงนามเสียหาย เปิดเป็น PDF ไม่ได้"),
            (pdf_bytes(password="secret"), "สำเนาประกาศที่ลงนามมีรหัสผ่าน"),
            (b"", "สำเนาประกาศที่ลงนามว่างเปล่า"),
        ],
        ids=["png", "damaged", "password", "empty"],
    )
    def test_a_scan_that_is_not_a_readable_pdf_is_refused_by_field(
        self, draft, planner, data, message
    ):
        before = snapshot_of_the_world()
        with pytest.raises(ValidationError) as refusal:
            offline.record_announcement(
                draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER, scan=upload(data)
            )
        assert message in refusal.value.message_dict["scan"][0]
        assert snapshot_of_the_world() == before

    def test_a_scan_past_the_size_limit_is_refused_before_it_is_read(
        self, draft, planner, monkeypatch
    ):
        monkeypatch.setattr(pdfs, "MAX_BYTES", 1024 * 1024)
        big = upload(pdf_bytes() + b"\n%" + b"x" * (1024 * 1024))
        with pytest.raises(ValidationError) as refusal:
            offline.record_announcement(
                draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER, scan=big
            )
        assert refusal.value.message_dict["scan"] == [
            "สำเนาประกาศที่ลงนามมีขนาด 1.0 MB เกิน 1 MB ที่รับได้"
        ]
        draft.refresh_from_db()
        assert draft.status == PlanStatus.DRAFT

    def test_too_many_pages_are_refused(self, draft, planner, monkeypatch):
        monkeypatch.setattr(pdfs, "MAX_PAGES", 2)
        with pytest.raises(ValidationError, match="มี 3 หน้า เกิน 2 หน้าที่รับได้"):
            offline.record_announcement(
                draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER,
                scan=upload(pdf_bytes(pages=3)),
            )  # fmt: skip
        assert not OfflineAnnouncement.objects.exists()

    @pytest.mark.parametrize(
        ("announced_on", "signer", "field", "message"),
        [
            (None, SIGNER, "announced_on", "กรุณาระบุวันที่ประกาศ"),
            ("tomorrow", SIGNER, "announced_on", "วันที่ประกาศต้องไม่หลังวันนี้"),
            (
                date(2024, 9, 30),
                SIGNER,
                "announced_on",
                "วันที่ประกาศ 30 กันยายน 2567 ก่อนปีงบประมาณ พ.ศ. 2569 เริ่มเกินหนึ่งปี "
                "(ต้องไม่ก่อน 1 ตุลาคม 2567) ตรวจสอบปี พ.ศ. ที่ลงนามอีกครั้ง",
            ),
            (PAPER_DAY, "  ", "announced_by", "กรุณาระบุชื่อผู้ลงนามประกาศ"),
        ],
    )
    def test_a_missing_future_or_mistyped_date_or_signer_is_refused_and_nothing_is_stored(
        self, draft, planner, announced_on, signer, field, message
    ):
        if announced_on == "tomorrow":
            announced_on = timezone.localdate() + timedelta(days=1)
        before = snapshot_of_the_world()
        stored = set(default_storage.listdir("")[0])
        with pytest.raises(ValidationError) as refusal:
            offline.record_announcement(
                draft, by=planner, announced_on=announced_on, signer=signer,
                scan=upload(pdf_bytes()),
            )  # fmt: skip
        assert message in refusal.value.message_dict[field][0]
        assert snapshot_of_the_world() == before
        assert set(default_storage.listdir("")[0]) == stored  # the scan was not kept

    def test_a_supplement_is_not_dated_before_the_edition_in_force(
        self, organization, planner, executive
    ):
        original = make_plan(organization, fiscal_year=2569)
        make_project(original)
        announce(original, planner=planner, executive=executive, held_on=date(2025, 10, 1),
                 announced_on=date(2025, 10, 10))  # fmt: skip
        from projects.editions import create_edition

        supplement = create_edition(organization, 2569, "supplementary", by=planner)
        make_project(supplement, name="โครงการเพิ่มเติม")
        with pytest.raises(ValidationError) as refusal:
            offline.record_announcement(
                supplement, by=planner, announced_on=date(2025, 10, 9), signer=SIGNER
            )
        assert (
            "ต้องไม่ก่อนวันประกาศฉบับก่อนหน้าของปีนี้ (10 ตุลาคม 2568)"
            in (refusal.value.message_dict["announced_on"][0])
        )
        offline.record_announcement(
            supplement, by=planner, announced_on=date(2025, 11, 1), signer=SIGNER
        )
        assert supplement.status == PlanStatus.ANNOUNCED

    def test_only_a_draft_and_only_the_planner(self, draft, planner, executive, department_staff):
        for user in (executive, department_staff):
            with pytest.raises(PermissionDenied, match="เป็นอำนาจของ"):
                offline.record_announcement(draft, by=user, announced_on=PAPER_DAY, signer=SIGNER)
        submit(draft, by=planner)
        before = snapshot_of_the_world()
        with pytest.raises(ValidationError) as refusal:
            offline.record_announcement(draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER)
        assert refusal.value.code == "invalid_state"
        assert snapshot_of_the_world() == before


class TestPage:
    def url(self, plan):
        return reverse("approvals:announce_offline", args=[plan.pk])

    def test_the_plan_page_links_a_draft_to_the_page_for_the_planner_only(
        self, client_for, draft, planner, executive
    ):
        page = client_for(planner).get(reverse("projects:plan", args=[draft.pk])).content.decode()
        assert self.url(draft) in page
        page = client_for(executive).get(reverse("projects:plan", args=[draft.pk])).content.decode()
        assert self.url(draft) not in page

    def test_the_planner_records_it_with_the_scan(self, client_for, draft, planner):
        client = client_for(planner)
        assert client.get(self.url(draft)).status_code == 200
        data = pdf_bytes()
        response = client.post(
            self.url(draft),
            {"announced_on": "2568-12-15", "signer": SIGNER, "position": POSITION,
             "scan": upload(data)},
            follow=True,
        )  # fmt: skip
        page = response.content.decode()
        assert "บันทึกการประกาศนอกระบบแล้ว" in page
        assert "ประกาศนอกระบบ</span> ลงนามในกระดาษเมื่อ 15 ธันวาคม 2568" in page
        draft.refresh_from_db()
        assert (draft.status, draft.announced_on) == (PlanStatus.ANNOUNCED, PAPER_DAY)
        scan = client.get(reverse("approvals:offline_scan", args=[draft.pk]))
        assert (scan.status_code, scan["Content-Type"], scan["Cache-Control"]) == (
            200,
            "application/pdf",
            "private",
        )
        assert b"".join(scan.streaming_content) == data
        # Recorded once: the page now sends the planner back with the reason.
        again = client.get(self.url(draft), follow=True).content.decode()
        assert "ทำไม่ได้เมื่อแผนอยู่ในสถานะ" in again

    def test_a_refusal_names_the_field_and_keeps_what_was_typed(self, client_for, draft, planner):
        response = client_for(planner).post(
            self.url(draft),
            {"announced_on": "2568-12-15", "signer": SIGNER, "scan": upload(png_bytes(), "x.pdf")},
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["scan"] == [
            "สำเนาประกาศที่ลงนามต้องเป็นไฟล์ PDF (สแกนประกาศที่ลงนามแล้วบันทึกเป็น PDF)"
        ]
        assert f'value="{SIGNER}"' in response.content.decode()
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        response = client_for(planner).post(
            self.url(draft), {"announced_on": future, "signer": SIGNER}
        )
        assert "วันที่ประกาศต้องไม่หลังวันนี้" in response.context["form"].errors["announced_on"][0]
        draft.refresh_from_db()
        assert draft.status == PlanStatus.DRAFT

    def test_others_are_refused(self, client_for, draft, department_staff, other_org_planner):
        assert client_for(department_staff).get(self.url(draft)).status_code == 403
        response = client_for(department_staff).post(
            self.url(draft), {"announced_on": "2025-12-15", "signer": SIGNER}
        )
        assert response.status_code == 403
        assert client_for(other_org_planner).get(self.url(draft)).status_code == 404
        draft.refresh_from_db()
        assert draft.status == PlanStatus.DRAFT

    def test_the_scan_is_for_the_organisations_members_only(
        self, client, client_for, draft, planner, viewer, other_org_planner
    ):
        offline.record_announcement(
            draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER, scan=upload(pdf_bytes())
        )
        url = reverse("approvals:offline_scan", args=[draft.pk])
        assert client_for(viewer).get(url).status_code == 200
        assert client_for(other_org_planner).get(url).status_code == 404
        assert client.get(url).status_code == 302  # to the login page


class TestCommand:
    def run(self, *args):
        out = io.StringIO()
        call_command("record_announcement", *args, stdout=out)
        return out.getvalue()

    def test_it_records_the_announcement_with_the_scan(self, draft, tmp_path):
        scan = tmp_path / "ประกาศ.pdf"
        scan.write_bytes(pdf_bytes(pages=2))
        out = self.run("--plan", str(draft.pk), "--date", "2568-12-15", "--signer", SIGNER,
                       "--position", POSITION, "--scan", str(scan))  # fmt: skip
        sha256 = hashlib.sha256(scan.read_bytes()).hexdigest()
        assert out == (
            f"บันทึกประกาศนอกระบบแล้ว: {draft.title} ประกาศเมื่อ 15 ธันวาคม 2568 "
            f"โดย {SIGNER} {POSITION} สำเนาประกาศ 2 หน้า SHA-256 {sha256}\n"
        )
        draft.refresh_from_db()
        assert (draft.status, draft.announced_on) == (PlanStatus.ANNOUNCED, PAPER_DAY)
        decision = draft.decisions.get()
        assert (decision.action, decision.actor, decision.actor_name) == (
            "announce_offline",
            None,
            "ผู้ดูแลเซิร์ฟเวอร์ (คำสั่งจัดการ)",
        )

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--date", "2568-13-40"], "--date: เดือน 13 ไม่ถูกต้อง (1 ถึง 12)"),
            (["--date", "3000-01-01"], "--date: ปี 3000 ไม่ถูกต้อง"),
            (["--date", "2570-12-31"], "--date: วันที่ประกาศต้องไม่หลังวันนี้"),
            (["--scan", "/nonexistent/ประกาศ.pdf"], "--scan: ไม่พบไฟล์ “/nonexistent/ประกาศ.pdf”"),
            (["--scan", "PNG"], "--scan: สำเนาประกาศที่ลงนามต้องเป็นไฟล์ PDF"),
            (["--signer", " "], "--signer: กรุณาระบุชื่อผู้ลงนามประกาศ"),
            (["--plan", "abc"], "รหัสแผน (--plan) ต้องเป็นตัวเลข"),
            (["--plan", "999999"], "ไม่พบแผนรหัส 999999"),
        ],
    )
    def test_bad_input_exits_with_a_thai_message_and_changes_nothing(
        self, draft, tmp_path, args, message
    ):
        png = tmp_path / "scan.pdf"
        png.write_bytes(png_bytes())
        given = {"--plan": str(draft.pk), "--date": "2568-12-15", "--signer": SIGNER}
        for flag, value in zip(args[::2], args[1::2], strict=True):
            given[flag] = str(png) if value == "PNG" else value
        before = snapshot_of_the_world()
        with pytest.raises(CommandError) as failure:
            self.run(*[part for pair in given.items() for part in pair])
        assert message in str(failure.value)
        assert snapshot_of_the_world() == before

    def test_a_plan_that_is_not_a_draft_is_refused(self, draft, planner):
        submit(draft, by=planner)
        before = snapshot_of_the_world()
        with pytest.raises(CommandError, match="ทำไม่ได้เมื่อแผนอยู่ในสถานะ"):
            self.run("--plan", str(draft.pk), "--date", "2025-12-15", "--signer", SIGNER)
        assert snapshot_of_the_world() == before


def test_citizens_download_the_signed_scan_by_its_sha256_and_never_a_drafts(
    client, draft, planner, organization
):
    url = reverse("public:signed_scan", args=[organization.slug, draft.pk])
    assert client.get(url).status_code == 404  # a draft: nothing, not even that it exists
    data = pdf_bytes(pages=3)
    offline.record_announcement(
        draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER, scan=upload(data)
    )
    page = client.get(reverse("public:organization", args=[organization.slug]))
    text = page.content.decode()
    assert 'data-testid="signed-scan"' in text and "PDF 3 หน้า" in text
    assert hashlib.sha256(data).hexdigest() in text and url in text
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == data
    assert response["X-Content-SHA256"] == hashlib.sha256(data).hexdigest()
    # Another organisation's slug does not reach it.
    other = reverse("public:signed_scan", args=["elsewhere", draft.pk])
    assert client.get(other).status_code == 404


def test_an_edition_announced_in_opplan_has_no_signed_scan_link(
    client, organization, planner, executive
):
    plan = make_plan(organization, fiscal_year=2569)
    make_project(plan)
    announce(plan, planner=planner, executive=executive)
    page = client.get(reverse("public:organization", args=[organization.slug]))
    assert page.status_code == 200 and 'data-testid="signed-scan"' not in page.content.decode()
    url = reverse("public:signed_scan", args=[organization.slug, plan.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert "ไม่พบ" in response.content.decode()  # the Thai 404 page


class TestItsPosting:
    """The window to start posting counts from the paper's date, as from an announcement
    in OpPlan; until the paper posting is recorded, a window long over is not called late
    (it was most likely posted then, outside OpPlan): the record's start date says it."""

    @pytest.fixture
    def on_paper(self, draft, planner):
        offline.record_announcement(draft, by=planner, announced_on=PAPER_DAY, signer=SIGNER)
        return Plan.objects.select_related("organization").get(pk=draft.pk)

    def test_a_window_long_over_asks_for_the_record_not_for_haste(self, on_paper):
        step = next_step(on_paper, PAPER_DAY + timedelta(days=300))
        assert step.text == "บันทึกการปิดประกาศแผนที่ประกาศนอกระบบ"
        assert step.due == PAPER_DAY + timedelta(days=15)  # from the paper's date
        assert (step.overdue, step.days, step.warning) == (False, None, "")
        assert "บันทึกวันที่เริ่มปิดประกาศจริง" in step.note

    def test_a_window_still_open_counts_its_days_as_online(self, on_paper):
        step = next_step(on_paper, PAPER_DAY + timedelta(days=5))
        assert step.text == "ปิดประกาศแผนให้ประชาชนทราบและบันทึกหลักฐาน"
        assert (step.due, step.days, step.note) == (PAPER_DAY + timedelta(days=15), 10, "")

    @pytest.mark.parametrize(("after", "late"), [(3, False), (15, False), (16, True)])
    def test_the_recorded_start_is_late_by_the_same_rule(self, on_paper, planner, after, late):
        start = PAPER_DAY + timedelta(days=after)
        record_posting(on_paper, by=planner, place="website", url="https://example.go.th/p",
                       starts_on=start, ends_on=start + timedelta(days=30))  # fmt: skip
        plan = Plan.objects.select_related("organization").get(pk=on_paper.pk)
        step = next_step(plan, start + timedelta(days=10))
        assert ("ช้ากว่ากำหนด" in step.warning) is late
        state = posting_state(plan, list(plan.postings.all()), start, on_paper=True)
        assert (state.late_start, state.to_record) == (late, False)

    def test_pages_say_to_record_it_without_days_late(self, client_for, on_paper, planner):
        client = client_for(planner)
        for url in (
            reverse("projects:dashboard"),
            reverse("projects:plan", args=[on_paper.pk]),
            reverse("approvals:posting", args=[on_paper.pk]),
        ):
            html = client.get(url).content.decode()
            assert "เลยกำหนด" not in html, url
            assert "ประกาศนอกระบบ" in html and "บันทึกวันที่เริ่มปิดประกาศจริง" in html, url

    def test_an_announcement_in_opplan_long_unposted_is_still_late(self, plan, planner, executive):
        announced_on = date(2026, 10, 20)
        announce(plan, planner=planner, executive=executive, announced_on=announced_on)
        plan = Plan.objects.select_related("organization").get(pk=plan.pk)
        step = next_step(plan, announced_on + timedelta(days=300))
        assert (step.overdue, step.overdue_days) == (True, 285)

    def test_lists_take_the_same_queries_with_plans_announced_on_paper(
        self, client_for, on_paper, planner, organization, django_assert_max_num_queries
    ):
        client = client_for(planner)
        for url in (reverse("projects:dashboard"), reverse("approvals:inbox")):
            client.get(url)  # warm the session and caches
        with django_assert_max_num_queries(30) as dashboard:
            client.get(reverse("projects:dashboard"))
        with django_assert_max_num_queries(30) as inbox:
            client.get(reverse("approvals:inbox"))
        for year, signed_on in ((2570, PAPER_DAY), (2571, date(2026, 10, 15))):
            paper = make_plan(organization, fiscal_year=year)
            make_project(paper)
            offline.record_announcement(paper, by=planner, announced_on=signed_on, signer=SIGNER)
        announce(make_plan(organization, fiscal_year=2572), planner=planner,
                 executive=member(organization, Role.EXECUTIVE))  # fmt: skip
        with django_assert_max_num_queries(len(dashboard.captured_queries)):
            html = client.get(reverse("projects:dashboard")).content.decode()
        assert html.count("บันทึกการปิดประกาศแผนที่ประกาศนอกระบบ") == 3
        assert html.count('data-testid="deadline">เลยกำหนด') == 1  # the one announced in OpPlan
        with django_assert_max_num_queries(len(inbox.captured_queries)):
            client.get(reverse("approvals:inbox"))
