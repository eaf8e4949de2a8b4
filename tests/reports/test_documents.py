"""The announcement and the plan book: pages, orientations, contents, fonts, texts, access."""

import hashlib
import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from approvals.models import Committee, CommitteeMember, Decision, Meeting
from projects.models import PlanStatus
from reports import book_texts
from reports.documents import pipeline
from reports.documents.announcement import build_announcement
from reports.documents.book import build_book
from reports.models import BookText
from reports.texts import ANNOUNCEMENT, DEFAULT_INTRO, INTRO, blocks
from tests.factories import make_plan, make_project, make_strategy
from tests.printing import file_of, html_of
from thai.format import arabic_digits

pytestmark = pytest.mark.django_db

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")
PORTRAIT, LANDSCAPE = (595, 842), (842, 595)


@pytest.fixture
def sample(plan):
    """A plan with two strategies, 30 projects, one equipment row and a recorded meeting."""
    organization = plan.organization
    first = make_strategy(organization, 1, "การพัฒนาโครงสร้างพื้นฐาน")
    second = make_strategy(organization, 2, "การพัฒนาคุณภาพชีวิต")
    for i in range(30):
        make_project(
            plan,
            strategy=first if i % 2 else second,
            name=f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {i + 1}",
            details="ผิวจราจรกว้าง 4 เมตร ยาว 200 เมตร หนา 0.15 เมตร",
            budget=Decimal("123456.78"),
        )
    make_project(plan, strategy=first, name="เก้าอี้", budget=Decimal("25000"), is_equipment=True,
                 equipment_type="ครุภัณฑ์สำนักงาน", months=0b10)  # fmt: skip
    committee = Committee.objects.create(
        organization=organization, kind="development", name="คณะกรรมการพัฒนาองค์การบริหารส่วนตำบลหนองบัว"
    )
    chair = CommitteeMember.objects.create(committee=committee, name="นายกำนัน ใจดี", role="chair")
    # Written straight to the tables (the book's tests, not the workflow's).
    decision = Decision.objects.create(plan=plan, action="endorse", from_status="development_review",
                                       to_status="endorsed", actor_name="เลขานุการ",
                                       occurred_on=date(2026, 10, 5))  # fmt: skip
    meeting = Meeting.objects.create(
        committee=committee, plan=plan, number="1/2570", held_on=date(2026, 10, 5),
        place="ห้องประชุม อบต.", resolution="ที่ประชุมมีมติเห็นชอบร่างแผนการดำเนินงาน",
        outcome="approved", decision=decision,
    )  # fmt: skip
    meeting.attendees.add(chair)
    return plan


def announce(plan, on=date(2026, 10, 20), by="นายสมชาย รักถิ่น นายกองค์การบริหารส่วนตำบล"):
    Decision.objects.create(plan=plan, action="announce", from_status="endorsed",
                            to_status="announced", actor_name="นายสมชาย รักถิ่น",
                            occurred_on=on)  # fmt: skip
    plan.status, plan.announced_on, plan.announced_by = PlanStatus.ANNOUNCED, on, by
    plan.save()
    return plan


def page_sizes(content):
    reader = PdfReader(io.BytesIO(content))
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]


def page_text(path, number):
    result = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def contents_entries(text):
    """(title, page digits) from the contents page; a title may wrap onto a second line."""
    entries, pending = [], ""
    for line in text.split("หน้า", 1)[1].splitlines():
        found = re.match(r"^\s*(\S.*?)\s*\.{3,}\s*([๐-๙]+)\s*$", line)
        if found:
            entries.append((f"{pending} {found[1]}".strip(), found[2]))
            pending = ""
        elif line.strip() and line.strip() != "ร่าง":
            pending = f"{pending} {line.strip()}".strip()
    return entries


def squeeze(text):
    return re.sub(r"\s+", "", text)


def fonts(path):
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}


class TestBook:
    @needs_poppler
    def test_sections_orientations_fonts_and_contents_page_numbers(self, sample, tmp_path):
        path = tmp_path / "book.pdf"
        path.write_bytes(file_of(sample, "book").content)
        sizes = page_sizes(path.read_bytes())
        # cover, announcement, contents, intro (2), part 2 divider, ผด.01, ผด.02 (4), ผด.02/1, annex
        # (the forms' pages keep every mark 10 mm from the edge: ผด.02 takes four pages)
        assert len(sizes) == 13
        assert sizes[:6] == [PORTRAIT] * 6
        assert sizes[6:12] == [LANDSCAPE] * 6
        assert sizes[12] == PORTRAIT
        assert fonts(path) == {"Sarabun", "Sarabun-Bold"}

        contents = page_text(path, 3)
        assert "สารบัญ" in contents
        entries = contents_entries(contents)
        assert len(entries) >= 10, contents
        for title, number in entries:
            page = int(arabic_digits(number))
            text = squeeze(page_text(path, page))
            for word in title.split():
                assert word in text, f"{title!r} is not on page {page}"
            expected = LANDSCAPE if "ผด." in title else PORTRAIT
            assert sizes[page - 1] == expected, title
        pages = {title: int(arabic_digits(n)) for title, n in entries}
        assert pages["ประกาศองค์การบริหารส่วนตำบลหนองบัว"] == 2
        assert pages["ส่วนที่ ๑ บทนำ"] == 4
        assert pages["ภาคผนวก"] == 13
        # Page numbers run on across portrait and landscape pages.
        assert "- ๔ -" in page_text(path, 4)
        assert "หน้า ๘" in page_text(path, 8)

    @needs_poppler
    def test_thai_text_is_extractable_and_the_form_header_repeats(self, sample, tmp_path):
        path = tmp_path / "book.pdf"
        path.write_bytes(file_of(sample, "book").content)
        intro = squeeze(page_text(path, 4) + page_text(path, 5))
        assert "ดำเนินการ" in intro and "คณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่น" in intro
        for page in (8, 9, 10, 11):  # ผด.02's four pages each repeat the column headings
            text = squeeze(page_text(path, page))
            assert "แบบผด.๐๒" in text and "สถานที่ดำเนินการ" in text and "งบประมาณ(บาท)" in text
        annex = squeeze(page_text(path, 13))
        assert "ที่ประชุมมีมติเห็นชอบร่างแผนการดำเนินงาน" in annex

    def test_the_html_it_is_made_from(self, sample):
        html = html_of(build_book(sample), "book")
        assert "size: A4 landscape" in html and "size: A4 portrait" in html
        assert "target-counter(attr(href), page, thai)" in html
        assert "display: table-header-group" in html
        assert "break-all" not in html and "overflow-wrap: anywhere" not in html
        assert 'class="watermark"' in html  # not announced yet: a draft
        assert "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in html
        assert 'class="flow"' in html and html.count('class="flow-step"') == 5
        assert "สามล้านเจ็ดแสน" in html  # the budget in words from {budget_words}

    def test_no_equipment_no_pd021(self, plan):
        make_project(plan)
        book = build_book(plan)
        assert [f.header.form for f in book.forms] == ["pd01", "pd02"]
        assert 'id="pd021"' not in html_of(book, "book")

    def test_the_annex_lists_decisions_up_to_the_announcement(self, sample):
        announce(sample)
        Decision.objects.create(plan=sample, action="record_posting", from_status="announced",
                                to_status="posted", actor_name="planner",
                                occurred_on=date(2026, 10, 22))  # fmt: skip
        book = build_book(sample)
        assert [(d.on, d.action) for d in book.decisions] == [
            (date(2026, 10, 5), "คณะกรรมการพัฒนาท้องถิ่นเห็นชอบ เสนอผู้บริหาร"),
            (date(2026, 10, 20), "อนุมัติและประกาศใช้"),
        ]
        assert [m.attendees for m in book.meetings] == [1]

    def test_the_annex_dates_each_step_by_its_event_and_holds_after_renames(
        self, plan, planner, executive
    ):
        """The review saw every step dated on the day it was typed in, and a raw
        `extend_deadline` printed; the record's own dates and Thai names print now."""
        from approvals import workflow
        from tests.factories import announce as announce_plan

        make_project(plan)
        workflow.extend_deadline(plan, by=executive, new_date=timezone.localdate(),
                                 reason="รองบประมาณ")  # fmt: skip
        announce_plan(plan, planner=planner, executive=executive, held_on=date(2026, 10, 2),
                      announced_on=date(2026, 10, 9))  # fmt: skip
        workflow.correct_announcement(plan, by=executive, announced_on=date(2026, 10, 12),
                                      announced_by="นายสมศักดิ์ ใจดี", reason="พิมพ์วันที่ผิด")  # fmt: skip
        plan.refresh_from_db()
        book = build_book(plan)
        assert [(d.on, d.action) for d in book.decisions] == [
            (timezone.localdate(), "ขยายกำหนดส่งแผน"),
            (timezone.localdate(), "ส่งคณะกรรมการสนับสนุนฯ"),
            (date(2026, 10, 2), "คณะกรรมการสนับสนุนฯ เห็นชอบ เสนอคณะกรรมการพัฒนาท้องถิ่น"),
            (date(2026, 10, 2), "คณะกรรมการพัฒนาท้องถิ่นเห็นชอบ เสนอผู้บริหาร"),
            (date(2026, 10, 9), "อนุมัติและประกาศใช้"),
            (timezone.localdate(), "แก้ไขวันที่ประกาศ/ผู้ลงนาม"),
        ]
        assert "พิมพ์วันที่ผิด" in book.decisions[-1].note
        assert book.announcement.announced_on == date(2026, 10, 12)
        assert book.announcement.signer == "นายสมศักดิ์ ใจดี"
        html = html_of(book, "book")
        assert "extend_deadline" not in html
        # A committee renamed after the announcement: the annex prints it as it was.
        names = [m.committee for m in book.meetings]
        Committee.objects.filter(organization=plan.organization).update(name="คณะใหม่")
        assert [m.committee for m in build_book(plan).meetings] == names

    def test_an_empty_plan_still_prints(self, plan, tmp_path):
        sizes = page_sizes(file_of(plan, "book").content)
        assert sizes[0] == PORTRAIT and LANDSCAPE in sizes


class TestAnnouncement:
    @needs_poppler
    def test_one_portrait_page_with_sarabun_and_extractable_thai(self, sample, tmp_path):
        announce(sample)
        result = file_of(sample, "announcement")
        assert result.filename == "announcement-nongbua-2570.pdf"
        path = tmp_path / result.filename
        path.write_bytes(result.content)
        assert page_sizes(result.content) == [PORTRAIT]
        assert fonts(path) == {"Sarabun", "Sarabun-Bold"}
        text = squeeze(page_text(path, 1))
        assert "ประกาศองค์การบริหารส่วนตำบลหนองบัว" in text
        assert "เรื่องประกาศใช้แผนการดำเนินงานประจำปีงบประมาณพ.ศ.๒๕๗๐" in text
        assert "ประกาศณวันที่๒๐ตุลาคมพ.ศ.๒๕๖๙" in text
        assert "(นายสมชายรักถิ่น)" in text and "นายกองค์การบริหารส่วนตำบลหนองบัว" in text

    def test_the_body_cites_the_regulation_and_the_committee(self, sample):
        announce(sample)
        html = html_of(build_announcement(sample), "announcement")
        assert "พ.ศ. ๒๕๔๘ แก้ไขเพิ่มเติม (ฉบับที่ ๒) พ.ศ. ๒๕๕๙ และ (ฉบับที่ ๓) พ.ศ. ๒๕๖๑" in html
        assert "ข้อ ๒๖ และข้อ ๒๗" in html
        assert "คณะกรรมการพัฒนาท้องถิ่น" in html
        assert 'class="watermark"' not in html

    def test_arabic_digits_when_the_organization_prints_them(self, sample):
        announce(sample)
        sample.organization.thai_digits = False
        sample.organization.save()
        html = html_of(build_announcement(sample), "announcement")
        assert "พ.ศ. 2570" in html and "20 ตุลาคม พ.ศ. 2569" in html
        assert not re.search("[๐-๙]", html)

    def test_a_supplementary_edition_names_itself(self, organization):
        plan = make_plan(organization, kind="supplementary", number=1)
        a = build_announcement(plan)
        assert a.subject == "ประกาศใช้แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570"
        html = html_of(a, "announcement")
        assert "เรื่อง ประกาศใช้แผนการดำเนินงาน เพิ่มเติม ครั้งที่ ๑/๒๕๗๐" in html
        book_html = html_of(build_book(plan), "book")
        assert '<p class="cover-edition">ครั้งที่ ๑/๒๕๗๐</p>' in book_html
        assert file_of(plan, "book").filename == "book-nongbua-2570-supplementary-1.pdf"

    def test_a_draft_has_dotted_lines_and_the_watermark(self, sample):
        html = html_of(build_announcement(sample), "announcement")
        assert 'class="watermark"' in html and ">ร่าง<" in html
        assert "ประกาศ ณ วันที่ ........" in html

    def test_the_uploaded_logo_is_embedded_else_a_drawn_seal(self, plan, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        assert build_announcement(plan).logo is None
        assert 'class="seal"' in html_of(build_announcement(plan), "announcement")
        buffer = io.BytesIO()
        Image.new("RGB", (40, 40), "navy").save(buffer, format="PNG")
        plan.organization.logo.save("logo.png", ContentFile(buffer.getvalue()))
        a = build_announcement(plan)
        assert a.logo.sha256 == hashlib.sha256(buffer.getvalue()).hexdigest()
        html = html_of(a, "announcement")
        assert 'src="data:image/png;base64,' in html and 'class="seal"' not in html
        assert page_sizes(file_of(plan, "announcement").content) == [PORTRAIT]
        (tmp_path / plan.organization.logo.name).unlink()  # a lost file: the drawn seal again
        assert build_announcement(plan).logo is None

    def test_a_municipality_signs_as_its_mayor(self, other_plan):
        a = build_announcement(other_plan)
        assert a.position == "นายกเทศมนตรีตำบลดอกคำใต้"
        assert (a.seal_short, a.seal_name) == ("ทต.", "ดอกคำใต้")

    def test_the_organizations_own_wording_with_placeholders(self, sample, planner):
        book_texts.save_text(sample, ANNOUNCEMENT, "{organization} ประกาศใช้ {plan_title} มี {project_count} รายการ",
                             scope="organization", by=planner)  # fmt: skip
        html = html_of(build_announcement(sample), "announcement")
        assert (
            "องค์การบริหารส่วนตำบลหนองบัว ประกาศใช้ แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ มี ๓๑ รายการ"
            in html
        )

    def test_an_unknown_placeholder_is_refused_by_name(self, sample, planner):
        with pytest.raises(ValidationError, match=r"\{ชื่ออปท\}"):
            book_texts.save_text(sample, ANNOUNCEMENT, "ประกาศ {ชื่ออปท}", scope="organization",
                                 by=planner)  # fmt: skip
        with pytest.raises(ValidationError, match="วงเล็บปีกกา"):
            book_texts.save_text(sample, INTRO, "ปี {fiscal_year", scope="plan", by=planner)
        assert not BookText.objects.exists()


class TestTexts:
    def test_blocks(self):
        text = "# หัวข้อ\nย่อหน้าแรก\nบรรทัดสอง\n\nย่อหน้าสอง\n- ก\n- ข\n> ขั้นหนึ่ง\n> ขั้นสอง"
        assert [(b.kind, b.lines) for b in blocks(text)] == [
            ("heading", ("หัวข้อ",)),
            ("paragraph", ("ย่อหน้าแรก", "บรรทัดสอง")),
            ("paragraph", ("ย่อหน้าสอง",)),
            ("bullets", ("ก", "ข")),
            ("flow", ("ขั้นหนึ่ง", "ขั้นสอง")),
        ]

    def test_user_text_is_escaped_never_html(self, plan, planner):
        book_texts.save_text(plan, INTRO, "<script>alert(1)</script> & <b>หนา</b>", scope="plan",
                             by=planner)  # fmt: skip
        html = html_of(build_book(plan), "book")
        assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html

    def test_the_edition_overrides_the_organization_which_overrides_the_default(
        self, plan, planner
    ):
        assert book_texts.text_for(plan, INTRO) == (DEFAULT_INTRO, "default")
        book_texts.save_text(plan, INTRO, "ของ อปท.", scope="organization", by=planner)
        assert book_texts.text_for(plan, INTRO) == ("ของ อปท.", "organization")
        book_texts.save_text(plan, INTRO, "ของฉบับนี้", scope="plan", by=planner)
        assert book_texts.text_for(plan, INTRO) == ("ของฉบับนี้", "plan")
        assert book_texts.text_for(plan, INTRO, "organization") == ("ของ อปท.", "organization")
        other = make_plan(plan.organization, fiscal_year=2571)
        assert book_texts.text_for(other, INTRO) == ("ของ อปท.", "organization")
        assert book_texts.reset_text(plan, INTRO, scope="plan", by=planner) == 1
        assert book_texts.text_for(plan, INTRO) == ("ของ อปท.", "organization")

    def test_the_edition_text_is_frozen_once_announced(self, sample, planner):
        announce(sample)
        with pytest.raises(PermissionDenied, match="ประกาศใช้แล้ว"):
            book_texts.save_text(sample, INTRO, "ใหม่", scope="plan", by=planner)
        book_texts.save_text(sample, INTRO, "สำหรับฉบับต่อไป", scope="organization", by=planner)
        # The announced edition keeps the text it was announced with.
        assert book_texts.text_for(sample, INTRO) == (DEFAULT_INTRO, "plan")
        draft = make_plan(sample.organization, fiscal_year=2571)
        assert book_texts.text_for(draft, INTRO) == ("สำหรับฉบับต่อไป", "organization")
        book_texts.reset_text(draft, INTRO, scope="organization", by=planner)
        assert book_texts.text_for(sample, INTRO) == (DEFAULT_INTRO, "plan")
        assert BookText.objects.count() == 1


class TestCache:
    def test_repeated_downloads_come_from_the_cache_and_changes_render_afresh(
        self, plan, planner, monkeypatch
    ):
        calls = []
        real = pipeline.render_pdf
        monkeypatch.setattr(pipeline, "render_pdf", lambda html, **_: calls.append(1) or real(html))
        first = file_of(plan, "announcement")
        assert file_of(plan, "announcement").content == first.content
        assert len(calls) == 1
        book_texts.save_text(plan, ANNOUNCEMENT, "ข้อความใหม่", scope="plan", by=planner)
        file_of(plan, "announcement")
        assert len(calls) == 2

    def test_a_format_the_document_does_not_print_as_is_refused(self, plan):
        with pytest.raises(ValueError, match="does not print as 'xlsx'"):
            file_of(plan, "announcement", "xlsx")


class TestViews:
    def test_members_download_both_files(
        self, client_for, viewer, plan, django_capture_on_commit_callbacks
    ):
        client = client_for(viewer)
        response = client.get(reverse("reports:announcement", args=[plan.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="announcement-nongbua-2570.pdf"' in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF")
        # The book is made by the worker (here at once) while a page waits for it.
        with django_capture_on_commit_callbacks(execute=True):
            waiting = client.get(reverse("reports:book", args=[plan.pk]))
        assert waiting.status_code == 302
        response = client.get(reverse("reports:book", args=[plan.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="book-nongbua-2570.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_another_organizations_planner_gets_404(self, client_for, other_org_planner, plan):
        client = client_for(other_org_planner)
        for url in (
            reverse("reports:book", args=[plan.pk]),
            reverse("reports:announcement", args=[plan.pk]),
            reverse("reports:book_text", args=[plan.pk, "intro"]),
            reverse("reports:book_text_default", args=[plan.pk, "intro"]),
        ):
            assert client.get(url).status_code == 404
            assert client.post(url, {"text": "x", "action": "save"}).status_code == 404
        assert not BookText.objects.exists()

    def test_department_staff_cannot_edit_the_intro(self, client_for, department_staff, plan):
        client = client_for(department_staff)
        url = reverse("reports:book_text", args=[plan.pk, "intro"])
        assert client.get(url).status_code == 403
        response = client.post(url, {"text": "แก้บทนำ", "action": "save"})
        assert response.status_code == 403
        assert not BookText.objects.exists()

    def test_planner_previews_then_saves(self, client_for, planner, plan):
        client = client_for(planner)
        url = reverse("reports:book_text", args=[plan.pk, "intro"])
        page = client.get(url).content.decode()
        assert "1.1 บทนำ" in page and "{organization}" in page  # the text to edit
        assert "องค์การบริหารส่วนตำบลหนองบัว" in page  # the preview, placeholders filled
        text = "# แนวคิด\n{organization} ทำแผนปี {fiscal_year}\n\n> รวบรวม\n> เสนอ"
        preview = client.post(url, {"text": text, "action": "preview"})
        assert preview.status_code == 200
        html = preview.content.decode()
        assert "องค์การบริหารส่วนตำบลหนองบัว ทำแผนปี ๒๕๗๐" in html
        assert html.count('class="flow-step"') == 2
        assert not BookText.objects.exists()
        response = client.post(url, {"text": text, "action": "save"})
        assert response.status_code == 302
        assert BookText.objects.get().plan == plan

    def test_a_bad_placeholder_is_shown_not_saved(self, client_for, planner, plan):
        url = reverse("reports:book_text_default", args=[plan.pk, "announcement"])
        response = client_for(planner).post(url, {"text": "ปี {year}", "action": "save"})
        assert response.status_code == 200
        assert "ไม่รู้จักช่องแทนค่า {year}" in response.content.decode()
        assert not BookText.objects.exists()

    def test_the_edition_intro_is_read_only_after_the_announcement(
        self, client_for, planner, sample
    ):
        announce(sample)
        client = client_for(planner)
        url = reverse("reports:book_text", args=[sample.pk, "intro"])
        page = client.get(url)
        assert page.status_code == 200 and "ประกาศใช้แล้ว" in page.content.decode()
        assert client.post(url, {"text": "ใหม่", "action": "save"}).status_code == 403
        assert client.post(url, {"action": "reset"}).status_code == 403
        default_url = reverse("reports:book_text_default", args=[sample.pk, "intro"])
        assert client.post(default_url, {"text": "ใหม่", "action": "save"}).status_code == 302
        assert set(BookText.objects.values_list("plan", "text")) == {
            (None, "ใหม่"),
            (sample.pk, DEFAULT_INTRO),  # pinned: the announced edition keeps its text
        }

    def test_unknown_text_is_404(self, client_for, planner, plan):
        url = reverse("reports:book_text", args=[plan.pk, "foreword"])
        assert client_for(planner).get(url).status_code == 404

    def test_the_reports_page_links_to_both_files(self, client_for, planner, plan):
        html = client_for(planner).get(reverse("reports:form", args=[plan.pk, "pd01"])).content
        html = html.decode()
        assert reverse("reports:book", args=[plan.pk]) in html
        assert reverse("reports:announcement", args=[plan.pk]) in html
        assert reverse("reports:book_text", args=[plan.pk, "intro"]) in html


class TestCommand:
    @pytest.mark.parametrize("kind", ["announcement", "book"])
    def test_it_writes_the_pdf(self, plan, tmp_path, kind):
        target = tmp_path / f"{kind}.pdf"
        out = StringIO()
        call_command("render_report", "--plan", str(plan.pk), "--form", kind, "--output",
                     str(target), stdout=out)  # fmt: skip
        assert target.read_bytes().startswith(b"%PDF")
        assert "เขียน" in out.getvalue()

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--form", "book", "--format", "xlsx"], "pdf เท่านั้น"),
            (["--form", "booklet"], "ไม่รู้จักแบบ “booklet”"),
            (["--form", "pd01"], "ต้องระบุ --format"),
        ],
    )
    def test_bad_arguments_are_refused_in_thai(self, plan, tmp_path, args, message):
        target = tmp_path / "out.pdf"
        with pytest.raises(CommandError, match=message):
            call_command("render_report", "--plan", str(plan.pk), *args, "--output", str(target))
        assert not target.exists()
