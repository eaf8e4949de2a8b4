"""An announced edition prints the same bytes forever; drafts and later editions print
what is current (ADR 0018)."""

import hashlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from accounts.models import OrganizationType
from accounts.organizations import save_department, update_organization
from approvals.models import Snapshot
from approvals.snapshots import digest
from budget.events import save_budget_source
from budget.models import BudgetSource, Program
from projects.editing import save_strategy
from projects.editions import create_edition
from projects.models import PlanKind
from public.publication import publish, render_file
from reports import book_texts, sources
from reports.builders import build_pd01, build_pd02, build_pd021
from reports.documents.announcement import build_announcement
from reports.documents.book import build_book
from reports.models import CapturedPrint, ReportLabel
from reports.texts import ANNOUNCEMENT, INTRO
from tests.factories import make_plan, make_project, make_strategy, png_bytes
from tests.printing import html_of

pytestmark = pytest.mark.django_db

OLD_NAME, NEW_NAME = "องค์การบริหารส่วนตำบลหนองบัว", "เทศบาลตำบลหนองบัวทอง"
OLD_UNIT, NEW_UNIT = "กองคลัง", "กองคลังและพัสดุ"
OLD_STRATEGY, NEW_STRATEGY = "การพัฒนาโครงสร้างพื้นฐาน", "การพัฒนาเมืองน่าอยู่"


@pytest.fixture
def announced(plan, planner, announce):
    """A small plan with a logo, its own wording and texts, announced through the workflow."""
    organization = plan.organization
    organization.logo.save("logo.png", ContentFile(png_bytes((24, 24), (20, 40, 160))))
    strategy = make_strategy(organization, 1, OLD_STRATEGY)
    unit = organization.departments.get(name=OLD_UNIT)
    own_source = save_budget_source(
        BudgetSource(organization=organization, kind="other_agency", name="งบประมาณ อบจ.พะเยา"),
        by=planner,
    )
    make_project(plan, strategy=strategy, name="ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 5",
                 budget=Decimal("450000"), budget_source=own_source, department=unit)  # fmt: skip
    make_project(plan, strategy=strategy, name="ไฟฟ้าส่องสว่าง หมู่ที่ 2", budget=Decimal("85000.50"),
                 program=Program.objects.get(code="industry_and_public_works"), months=0b11000,
                 department=unit)  # fmt: skip
    make_project(plan, strategy=strategy, name="เครื่องคอมพิวเตอร์", budget=Decimal("44000"),
                 is_equipment=True, equipment_type="ครุภัณฑ์คอมพิวเตอร์", target="2 เครื่อง",
                 department=unit)  # fmt: skip
    ReportLabel.objects.create(
        organization=organization, key="pd02_title", text="บัญชีโครงการ (ฉบับ อปท.)"
    )
    book_texts.save_text(plan, INTRO, "# บทนำ\n{organization} {ordinance} มี {project_count} รายการ",
                         scope="organization", by=planner)  # fmt: skip
    return announce(plan)


def rename_everything(plan, planner):
    """Everything the documents print changes after the announcement."""
    organization = plan.organization
    department = organization.departments.get(name=OLD_UNIT)
    department.name = NEW_UNIT
    save_department(department, by=planner)
    source = BudgetSource.objects.get(organization=organization)
    source.name = "เงินอุดหนุน อบจ."
    save_budget_source(source, by=planner)
    # Only the administrator changes the type (an อบต. becomes a เทศบาล by law), before the
    # new name that says so: the record must hold even so.
    organization.type = OrganizationType.SUBDISTRICT_MUNICIPALITY
    organization.save(update_fields=["type"])
    organization.name, organization.amphoe, organization.province = NEW_NAME, "ภูกามยาว", "เชียงราย"
    organization.thai_digits = False
    organization.logo.save(
        "new-logo.png", ContentFile(png_bytes((30, 30), (200, 10, 10))), save=False
    )
    update_organization(organization, by=planner,
                        changed=["name", "amphoe", "province", "thai_digits", "logo"])  # fmt: skip
    strategy = plan.organization.strategies.get(number=1)
    strategy.name = NEW_STRATEGY
    save_strategy(strategy, by=planner)  # the 5-year plan was revised
    Program.objects.filter(code="housing_and_community").update(name="แผนงานเคหะและชุมชนเมือง")
    ReportLabel.objects.filter(organization=organization).update(text="บัญชีโครงการที่เปลี่ยนแล้ว")
    ReportLabel.objects.create(organization=organization, key="pd01_title", text="สรุปใหม่")
    book_texts.save_text(plan, INTRO, "บทนำใหม่ของ {organization}", scope="organization", by=planner)
    book_texts.save_text(plan, ANNOUNCEMENT, "ประกาศใหม่ {organization}", scope="organization",
                         by=planner)  # fmt: skip


class TestTheRecordHolds:
    def test_every_published_file_re_renders_byte_identical_after_everything_is_renamed(
        self, announced, planner
    ):
        published = publish(announced)
        snapshot = Snapshot.objects.get(plan=announced)
        rename_everything(announced, planner)
        cache.clear()
        announced.refresh_from_db()
        for record in published:
            fresh = render_file(announced, record.document, record.fmt, cached=False)
            assert (record.name, hashlib.sha256(fresh.content).hexdigest()) == (
                record.name,
                record.sha256,
            )
        snapshot.refresh_from_db()
        assert digest(snapshot.content) == snapshot.sha256
        out = StringIO()
        call_command("verify_publications", stdout=out)
        assert "ไม่ตรงกัน 0 รายการ" in out.getvalue()
        assert out.getvalue().count("ตรงกัน\t") == len(published) + 1  # the files and the snapshot
        assert not CapturedPrint.objects.exists()

    def test_the_announced_html_keeps_the_old_words_and_a_draft_gets_the_new(
        self, announced, planner
    ):
        rename_everything(announced, planner)
        announced.refresh_from_db()
        book = html_of(build_book(announced), "book")
        assert OLD_NAME in book and NEW_NAME not in book
        assert OLD_UNIT in book and NEW_UNIT not in book
        assert OLD_STRATEGY in book and "เมืองน่าอยู่" not in book
        assert "ข้อบัญญัติ มี ๓ รายการ" in book  # its intro, its ordinance, its digits
        assert "บัญชีโครงการ (ฉบับ อปท.)" in book and "ที่เปลี่ยนแล้ว" not in book
        assert "นายกองค์การบริหารส่วนตำบลหนองบัว" in book and "นายกเทศมนตรี" not in book
        assert "อำเภอเมือง จังหวัดพะเยา" in book and "เชียงราย" not in book
        assert build_announcement(announced).signer == "นายสมศักดิ์ นำชุมชน"
        old_logo = hashlib.sha256(png_bytes((24, 24), (20, 40, 160))).hexdigest()
        assert build_announcement(announced).logo.sha256 == old_logo

        organization = announced.organization
        draft = make_plan(organization, fiscal_year=2571)
        make_project(draft, strategy=organization.strategies.get(number=1),
                     department=organization.departments.get(name=NEW_UNIT))  # fmt: skip
        pd02 = build_pd02(draft)
        assert pd02.header.organization_line == f"{NEW_NAME} อำเภอภูกามยาว จังหวัดเชียงราย"
        assert pd02.header.title == "บัญชีโครงการที่เปลี่ยนแล้ว" and not pd02.header.thai_digits
        assert pd02.strategies[0].name == NEW_STRATEGY
        assert pd02.strategies[0].programs[0].rows[0].unit == NEW_UNIT
        a = build_announcement(draft)
        assert (a.position, a.seal_short) == ("นายกเทศมนตรีตำบลหนองบัวทอง", "ทต.")
        assert a.logo.sha256 != old_logo
        assert a.body[0].lines == (f"ประกาศใหม่ {NEW_NAME}",)
        assert sources.edition(draft, book=True).organization.ordinance == "เทศบัญญัติ"
        assert build_book(draft).intro[0].lines == (f"บทนำใหม่ของ {NEW_NAME}",)

    def test_a_next_edition_of_the_same_year_prints_the_new_names(self, announced, planner):
        rename_everything(announced, planner)
        supplement = create_edition(
            announced.organization, 2570, PlanKind.SUPPLEMENTARY, by=planner
        )
        organization = announced.organization
        make_project(supplement, strategy=organization.strategies.get(number=1),
                     department=organization.departments.get(name=NEW_UNIT))  # fmt: skip
        assert build_pd01(supplement).header.organization == NEW_NAME
        assert build_pd01(supplement).blocks[0].rows[0].units == (NEW_UNIT,)
        # The consolidated plan is a working view over live rows (ADR 0018).
        assert build_pd02(announced, consolidated=True).header.organization == NEW_NAME

    def test_the_snapshot_holds_what_is_printed_and_the_logo_by_its_digest(self, announced):
        printed = Snapshot.objects.get(plan=announced).content["printed"]
        organization = printed["organization"]
        assert (organization["name"], organization["ordinance"], organization["type_short"]) == (
            OLD_NAME,
            "ข้อบัญญัติ",
            "อบต.",
        )
        assert organization["development_committee"] == "คณะกรรมการพัฒนาท้องถิ่น"
        assert printed["labels"]["pd02_title"] == "บัญชีโครงการ (ฉบับ อปท.)"
        assert printed["texts"][INTRO].startswith("# บทนำ")
        assert printed["signer"] == "นายสมศักดิ์ นำชุมชน"
        logo = printed["logo"]
        assert logo["name"] == f"snapshots/logos/{logo['sha256']}.png"
        with default_storage.open(logo["name"], "rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == logo["sha256"]

    def test_an_announced_edition_builds_from_one_query(self, announced, django_assert_num_queries):
        for builder in (build_pd01, build_pd02, build_pd021):
            with django_assert_num_queries(1):
                builder(announced)

    def test_a_lost_stored_logo_is_reported_not_replaced_by_a_seal(self, announced):
        logo = Snapshot.objects.get(plan=announced).content["printed"]["logo"]
        default_storage.delete(logo["name"])
        with pytest.raises(sources.RecordBroken, match="ตราสัญลักษณ์"):
            build_announcement(announced)

    def test_a_lost_stored_logo_gives_a_page_that_says_so_and_an_error_in_the_log(
        self, announced, planner, client_for, caplog
    ):
        logo = Snapshot.objects.get(plan=announced).content["printed"]["logo"]
        default_storage.delete(logo["name"])
        url = reverse("reports:announcement", args=[announced.pk])
        response = client_for(planner).get(url)
        assert response.status_code == 503
        assert "ไม่พบตราสัญลักษณ์ที่บันทึกไว้เมื่อประกาศ" in response.content.decode()
        assert [r.levelname for r in caplog.records if r.name == "reports.middleware"] == ["ERROR"]


class TestEditionsAnnouncedBeforeTheRecord:
    """Snapshots taken before printed values were recorded (ADR 0018)."""

    def test_printed_values_are_captured_at_the_first_need_and_never_again(
        self, announced, planner
    ):
        snapshot = Snapshot.objects.get(plan=announced)
        old = {key: value for key, value in snapshot.content.items() if key != "printed"}
        Snapshot.objects.filter(pk=snapshot.pk).update(content=old, sha256=digest(old))
        first = build_pd02(announced)
        captured = CapturedPrint.objects.get(plan=announced)
        assert digest(captured.content) == captured.sha256
        rename_everything(announced, planner)
        announced.refresh_from_db()
        again = build_pd02(announced)
        assert again == first and again.header.organization == OLD_NAME
        assert CapturedPrint.objects.count() == 1
        # The announced rows still come from the snapshot, never from the capture.
        assert Snapshot.objects.get(plan=announced).content == old
