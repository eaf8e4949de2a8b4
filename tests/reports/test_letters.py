"""A recorded meeting's invitation, agenda and minutes, as PDF files anyone who sees the plan reads.

Thai text is checked in the PDF itself with poppler (pdftotext honours the ActualText
spans of reports/pdf_text.py, ADR 0011), after removing whitespace; fonts with pdffonts.
"""

import io
import os
import re
import shutil
import subprocess
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.organizations import update_organization
from approvals.meetings import record_resolution, schedule_meeting
from approvals.models import Committee, CommitteeMember, Meeting
from reports.documents import DOCUMENTS, letters, pipeline
from reports.documents.invitation import build_invitation
from reports.documents.minutes import build_minutes
from tests.factories import announce, make_project, submit
from tests.printing import file_of, html_of
from thai.format import thai_digits

pytestmark = pytest.mark.django_db

PDFTOTEXT, PDFFONTS = shutil.which("pdftotext"), shutil.which("pdffonts")
if None in (PDFTOTEXT, PDFFONTS) and os.environ.get("OPPLAN_REQUIRE_TOOLS") == "1":
    raise RuntimeError("pdftotext and pdffonts (poppler-utils) are required in CI")
needs_poppler = pytest.mark.skipif(
    None in (PDFTOTEXT, PDFFONTS), reason="poppler-utils is not installed (pdftotext, pdffonts)"
)
A4_PORTRAIT = (595, 842)  # points
KINDS = ["invitation", "agenda", "minutes"]
URL_NAMES = {kind: f"reports:meeting_{kind}" for kind in KINDS}
RESOLUTION = "ที่ประชุมพิจารณาแล้วมีมติเห็นชอบร่างแผนการดำเนินงาน และให้เสนอคณะกรรมการพัฒนาท้องถิ่นต่อไป"
# A one-pixel PNG: the organisation's logo is printed from the storage API.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def committee(organization):
    committee = Committee.objects.create(
        organization=organization, kind="support", name="คณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น"
    )
    people = [
        ("นายปลัด ใจดี", "ปลัดองค์การบริหารส่วนตำบล", "chair"),
        ("นางน้ำฝน ทองคำ", "ผู้อำนวยการกองคลัง", "member"),
        ("นายกำนัน ตำบลนา", "กำนันตำบลหนองบัว", "member"),
        ("นางสาวเลขา ตั้งใจ", "นักวิเคราะห์นโยบายและแผน", "secretary"),
    ]
    for order, (name, position, role) in enumerate(people):
        CommitteeMember.objects.create(
            committee=committee, name=name, position=position, role=role, order=order
        )
    return committee


@pytest.fixture
def meeting(plan, planner, committee):
    """The support committee's meeting 1/2570: นายกำนัน ตำบลนา did not come."""
    make_project(plan)
    make_project(plan, name="โครงการจัดงานวันเด็กแห่งชาติ")
    submit(plan, by=planner)
    plan.refresh_from_db()
    present = committee.members.exclude(name="นายกำนัน ตำบลนา")
    scheduled = schedule_meeting(
        plan, by=planner, committee=committee, number="1/2570", held_on=date(2026, 10, 5),
        place="ห้องประชุมองค์การบริหารส่วนตำบลหนองบัว",
        agenda="พิจารณาโครงการเพิ่มเติมของกองช่าง\n\nรายงานผลการประชาคมหมู่บ้าน",
        letter_number="พย 76801/123", invited_on=date(2026, 9, 28), starts_at=time(9, 30),
        ends_at=time(12, 0),
    )  # fmt: skip
    return record_resolution(
        scheduled, by=planner, outcome="approved", resolution=RESOLUTION, attendees=list(present)
    )


def pdf(meeting, kind) -> bytes:
    return file_of(meeting, kind).content


def html(meeting, kind) -> str:
    return pipeline.render_html(pipeline.build(DOCUMENTS[kind], meeting))


def page_sizes(content):
    reader = PdfReader(io.BytesIO(content))
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]


def text_of(content) -> str:
    out = subprocess.run(
        [PDFTOTEXT, "-raw", "-", "-"], input=content, capture_output=True, check=True, timeout=60
    )
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def embedded_fonts(content) -> list[tuple[str, str]]:
    """(font name without subset prefix, emb yes/no) for each font pdffonts lists."""
    out = subprocess.run(
        [PDFFONTS, "-"], input=content, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return [(row[0].split("+")[-1], row[-5]) for row in rows]


def squash(text) -> str:
    return re.sub(r"\s+", "", text)


class TestTheFiles:
    @needs_poppler
    @pytest.mark.parametrize(("kind", "pages"), [("invitation", 2), ("agenda", 1), ("minutes", 2)])
    def test_a4_portrait_with_only_sarabun_embedded(self, meeting, kind, pages):
        content = pdf(meeting, kind)
        assert page_sizes(content) == [A4_PORTRAIT] * pages
        fonts = embedded_fonts(content)
        assert fonts
        assert all(name.startswith("Sarabun") and emb == "yes" for name, emb in fonts), fonts

    @needs_poppler
    def test_the_invitation_invites_to_consider_the_draft_plan(self, meeting, organization):
        text = text_of(pdf(meeting, "invitation"))
        for expected in [
            "ที่พย๗๖๘๐๑/๑๒๓",
            "๒๘กันยายน๒๕๖๙",
            "เรื่องขอเชิญประชุมคณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่นครั้งที่๑/๒๕๗๐",
            "เรียนคณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น(ตามรายชื่อแนบท้าย)",
            "ร่างแผนการดำเนินงานประจำปีงบประมาณพ.ศ.๒๕๗๐",
            "วันจันทร์ที่๕ตุลาคม๒๕๖๙เวลา๐๙.๓๐น.ณห้องประชุมองค์การบริหารส่วนตำบลหนองบัว",
            "ขอแสดงความนับถือ",
            "(นายปลัดใจดี)ประธานคณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น",
            "นายกำนันตำบลนา",  # every member is listed as a recipient
        ]:
            assert expected in text, expected
        assert squash(organization.name) in text

    @needs_poppler
    def test_the_agenda_lists_the_standard_items_and_the_meetings_own(self, meeting):
        text = text_of(pdf(meeting, "agenda"))
        for expected in [
            "ระเบียบวาระการประชุมคณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่นครั้งที่๑/๒๕๗๐",
            "ระเบียบวาระที่๑เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
            "ระเบียบวาระที่๒เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
            "ระเบียบวาระที่๓เรื่องเพื่อพิจารณา๓.๑ร่างแผนการดำเนินงานประจำปีงบประมาณพ.ศ.๒๕๗๐"
            "๓.๒พิจารณาโครงการเพิ่มเติมของกองช่าง๓.๓รายงานผลการประชาคมหมู่บ้าน",
            "ระเบียบวาระที่๔เรื่องอื่นๆ",
        ]:
            assert expected in text, expected

    @needs_poppler
    def test_the_minutes_name_who_came_who_did_not_the_resolution_and_the_signers(self, meeting):
        text = text_of(pdf(meeting, "minutes"))
        present, absent = text.split("ผู้ไม่มาประชุม")[0], text.split("ผู้ไม่มาประชุม")[1]
        for name in ["นายปลัดใจดี", "นางน้ำฝนทองคำ", "นางสาวเลขาตั้งใจ"]:
            assert name in present.split("ผู้มาประชุม")[1], name
        assert "นายกำนันตำบลนา" not in present
        assert absent.startswith("ที่ชื่อ–สกุลตำแหน่งในคณะกรรมการ๑นายกำนันตำบลนากำนันตำบลหนองบัวกรรมการ")
        for expected in [
            "เริ่มประชุมเวลา๐๙.๓๐น.",
            "๓.๑ร่างแผนการดำเนินงานประจำปีงบประมาณพ.ศ.๒๕๗๐ซึ่งมีโครงการ/กิจกรรมจำนวน๒รายการงบประมาณรวม๒๐๐,๐๐๐.๐๐บาท",
            "มติที่ประชุมเห็นชอบ—" + squash(RESOLUTION),
            "เลิกประชุมเวลา๑๒.๐๐น.",
            "ผู้จดรายงานการประชุม(นางสาวเลขาตั้งใจ)กรรมการและเลขานุการ",
            "ผู้ตรวจรายงานการประชุม(นายปลัดใจดี)ประธานกรรมการ",
        ]:
            assert expected in text, expected

    @needs_poppler
    def test_arabic_digits_when_the_organisation_prints_them(self, meeting, organization):
        organization.thai_digits = False
        organization.save()
        meeting.refresh_from_db()
        text = text_of(pdf(meeting, "minutes"))
        assert "ครั้งที่1/2570" in text
        assert "งบประมาณรวม200,000.00บาท" in text
        assert not set(text) & set(thai_digits("0123456789"))

    def test_a_thai_digit_organisation_prints_no_arabic_digit(self, meeting):
        # The text of the HTML the PDF is made from (tags and the style sheet aside).
        for kind in KINDS:
            body = html(meeting, kind).split("<body", 1)[1]
            assert not re.search(r"[0-9]", re.sub(r"<[^>]*>", "", body)), kind


class TestBuilders:
    def test_the_minutes_keep_raw_values(self, meeting):
        minutes = build_minutes(meeting)
        assert [p.name for p in minutes.present] == [
            "นายปลัด ใจดี",
            "นางน้ำฝน ทองคำ",
            "นางสาวเลขา ตั้งใจ",
        ]
        assert [(p.name, p.position, p.role) for p in minutes.absent] == [
            ("นายกำนัน ตำบลนา", "กำนันตำบลหนองบัว", "กรรมการ")
        ]
        assert minutes.meeting.starts_at == time(9, 30)
        assert minutes.meeting.project_count == 2
        assert str(minutes.meeting.total_budget) == "200000.00"
        assert minutes.approved is True
        assert minutes.previous is None
        assert minutes.recorder.name == "นางสาวเลขา ตั้งใจ"
        assert minutes.checker.name == "นายปลัด ใจดี"

    def test_a_later_meeting_certifies_the_previous_minutes(self, meeting, committee):
        later = Meeting.objects.create(
            committee=committee, plan=meeting.plan, number="2/2570", held_on=date(2026, 10, 20),
            resolution="เห็นชอบ",
        )  # fmt: skip
        assert build_minutes(later).previous == ("1/2570", date(2026, 10, 5))

    def test_without_a_chair_the_executive_signs_the_invitation(self, meeting):
        meeting.plan.organization.executive_name = "นายสมชาย ใจดี"
        meeting.committee.members.filter(role="chair").delete()
        invitation = build_invitation(meeting)
        assert invitation.signer.name == "นายสมชาย ใจดี"
        assert invitation.signer.titles == ("นายกองค์การบริหารส่วนตำบลหนองบัว",)
        minutes = build_minutes(meeting)
        assert (minutes.checker.name, minutes.checker.titles) == ("", ("ประธานกรรมการ",))
        assert b"%PDF" in pdf(meeting, "minutes")[:8]  # a blank line to sign on, not an error

    def test_a_municipality_executive_signs_as_nayok_thetsamontri(
        self, meeting, organization, planner
    ):
        organization.name, organization.type = "เทศบาลตำบลหนองบัว", "subdistrict_municipality"
        update_organization(organization, by=planner, changed=["name"])
        organization.save(update_fields=["type"])  # only the administrator changes the type
        meeting.refresh_from_db()
        meeting.committee.members.filter(role="chair").delete()
        assert build_invitation(meeting).signer.titles == ("นายกเทศมนตรีตำบลหนองบัว",)

    def test_the_logo_is_embedded_and_a_missing_file_falls_back(self, meeting, organization):
        organization.logo.save("logo.png", ContentFile(PIXEL))
        meeting.refresh_from_db()
        facts = letters.build_meeting(meeting)
        assert facts.logo.data_uri.startswith("data:image/png;base64,")
        assert 'src="data:image/png;base64,' in html_of(build_invitation(meeting), "invitation")
        organization.logo.storage.delete(organization.logo.name)
        assert letters.build_meeting(meeting).logo is None
        assert 'class="emblem-fallback"' in html_of(build_invitation(meeting), "invitation")

    def test_a_changed_resolution_renders_afresh(self, meeting):
        first = pdf(meeting, "minutes")
        assert pdf(meeting, "minutes") == first  # from the cache
        Meeting.objects.filter(pk=meeting.pk).update(resolution="เห็นชอบโดยมีข้อสังเกต")
        meeting.refresh_from_db()
        assert pdf(meeting, "minutes") != first


class TestBeforeTheDayAndDrafts:
    def test_a_scheduled_meeting_prints_its_invitation_to_its_invitees(
        self, plan, planner, committee
    ):
        make_project(plan)
        submit(plan, by=planner)
        plan.refresh_from_db()
        invited = list(committee.members.exclude(name="นายกำนัน ตำบลนา"))
        meeting = schedule_meeting(
            plan, by=planner, committee=committee, number="2/2570",
            held_on=timezone.localdate() + timedelta(days=7), invitees=invited,
        )  # fmt: skip
        invitation = build_invitation(meeting)
        assert [p.name for p in invitation.meeting.members] == [m.name for m in invited]
        assert file_of(meeting, "invitation").content.startswith(b"%PDF")
        assert file_of(meeting, "agenda").content.startswith(b"%PDF")

    @needs_poppler
    def test_a_draft_plans_letters_are_final_and_name_the_draft_plan(self, meeting):
        """The officer sends these letters: no "ร่าง" mark, though they name ร่างแผน (ADR 0048)."""
        assert not meeting.plan.is_announced
        for kind in KINDS:
            assert "top-right" not in html(meeting, kind), kind
            text = text_of(pdf(meeting, kind))
            assert "ร่างแผนการดำเนินงานประจำปีงบประมาณพ.ศ.๒๕๗๐" in text, kind
            # every ร่าง printed is the draft plan named by the text, none a mark of its own
            assert text.count("ร่าง") == text.count("ร่างแผน"), kind

    def test_an_announced_plans_letters_print_the_organisation_as_announced(
        self, meeting, organization, planner, executive
    ):
        announced_name = organization.name
        announce(meeting.plan, planner=planner, executive=executive)
        organization.name, organization.thai_digits = "องค์การบริหารส่วนตำบลหนองบัวทอง", False
        update_organization(organization, by=planner, changed=["name", "thai_digits"])
        meeting.refresh_from_db()
        facts = build_invitation(meeting).meeting
        assert (facts.organization, facts.thai_digits) == (announced_name, True)
        for kind in KINDS:
            assert "หนองบัวทอง" not in html(meeting, kind), kind


class TestRecording:
    def test_times_out_of_order_are_refused_and_nothing_is_saved(self, plan, planner, committee):
        submit(plan, by=planner)
        plan.refresh_from_db()
        with pytest.raises(ValidationError, match="เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม"):
            schedule_meeting(
                plan, by=planner, committee=committee, number="1/2570", held_on=date(2026, 10, 5),
                starts_at=time(13, 0), ends_at=time(9, 0),
            )  # fmt: skip
        plan.refresh_from_db()
        assert (plan.status, Meeting.objects.count()) == ("support_review", 0)

    def test_the_form_names_the_field_with_the_wrong_value(
        self, client_for, planner, plan, committee
    ):
        submit(plan, by=planner)
        response = client_for(planner).post(
            reverse("approvals:meeting_schedule", args=[plan.pk]),
            {"committee": committee.pk, "method": "meeting", "number": "1/2570",
             "held_on": "2026-10-05", "starts_at": "13:00", "ends_at": "09:00",
             "invited_on": "2026-10-09"},
        )  # fmt: skip
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["ends_at"] == ["เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม"]
        assert form.errors["invited_on"] == ["วันที่ในหนังสือเชิญต้องไม่หลังวันประชุม"]
        assert not Meeting.objects.exists()


class TestPages:
    def test_the_plan_page_links_each_meetings_documents(self, client_for, viewer, meeting):
        page = client_for(viewer).get(reverse("projects:plan", args=[meeting.plan_id]))
        html = page.content.decode()
        for kind in KINDS:
            assert reverse(URL_NAMES[kind], args=[meeting.pk]) in html

    @pytest.mark.parametrize("kind", KINDS)
    def test_a_member_of_the_organisation_downloads_the_pdf(
        self, client_for, viewer, meeting, kind
    ):
        response = client_for(viewer).get(reverse(URL_NAMES[kind], args=[meeting.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'inline; filename="{kind}-nongbua-{meeting.pk}.pdf"'
        )
        assert response.content.startswith(b"%PDF")

    @pytest.mark.parametrize("kind", KINDS)
    def test_another_organisations_planner_gets_404(
        self, client_for, other_org_planner, meeting, kind
    ):
        response = client_for(other_org_planner).get(reverse(URL_NAMES[kind], args=[meeting.pk]))
        assert response.status_code == 404

    @pytest.mark.parametrize("kind", KINDS)
    def test_anonymous_visitors_are_sent_to_login(self, client, meeting, kind):
        url = reverse(URL_NAMES[kind], args=[meeting.pk])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    def test_an_unknown_meeting_is_404(self, client_for, planner):
        response = client_for(planner).get(reverse("reports:meeting_minutes", args=[999999]))
        assert response.status_code == 404
