"""Supplementary and amendment editions: numbering, the diff, the consolidated plan."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import AmendmentPath
from approvals import workflow
from approvals.models import Decision
from projects import editing, editions
from projects.models import Plan, PlanKind, PlanStatus
from tests.factories import endorse, make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(planner, support_member, committee_member, executive):
    return {"planner": planner, "support": support_member, "development": committee_member,
            "executive": executive}  # fmt: skip


def announce(plan, people, on=date(2026, 10, 20)):
    """Take `plan` through the workflow the way its organisation's settings say."""
    if workflow.transition(plan, "propose_to_executive"):
        workflow.perform(plan, "propose_to_executive", by=people["planner"], on=on)
    else:
        endorse(plan, by=people["planner"], held_on=on)
    workflow.perform(plan, "announce", by=people["executive"], announced_on=on, announced_by="นายก")
    plan.refresh_from_db()
    return plan


@pytest.fixture
def announced(plan, people):
    strategy = make_strategy(plan.organization)
    for name, budget in (("ถนนหมู่ 1", "100000"), ("ประปาหมู่ 2", "50000"), ("อบรมอาชีพ", "20000")):
        make_project(plan, strategy=strategy, name=name, budget=Decimal(budget))
    return announce(plan, people)


def names(rows):
    return sorted(row.name for row in rows)


class TestCreatingEditions:
    def test_supplements_and_amendments_are_numbered_per_year_and_kind(
        self, announced, people, planner
    ):
        organization = announced.organization
        first = editions.create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
        assert (first.kind, first.number, first.status) == ("supplementary", 1, "draft")
        assert first.title == "แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/2570"
        assert first.projects.count() == 0
        make_project(first, strategy=organization.strategies.get(), name="ซ่อมท่อ")
        announce(first, people, on=date(2026, 11, 15))
        amendment = editions.create_edition(organization, 2570, PlanKind.AMENDMENT, by=planner)
        assert amendment.title == "แผนการดำเนินงาน แก้ไข ครั้งที่ 1/2570"
        assert names(amendment.projects.all()) == ["ซ่อมท่อ", "ถนนหมู่ 1", "ประปาหมู่ 2", "อบรมอาชีพ"]
        announce(amendment, people, on=date(2026, 11, 20))
        second = editions.create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
        assert second.number == 2

    def test_only_one_edition_at_a_time_and_only_after_the_original_is_announced(
        self, plan, announced, planner
    ):
        organization = plan.organization
        editions.create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
        with pytest.raises(ValidationError, match="ยังไม่ได้ประกาศใช้"):
            editions.create_edition(organization, 2570, PlanKind.AMENDMENT, by=planner)
        with pytest.raises(ValidationError, match="ฉบับแรก"):
            editions.create_edition(organization, 2571, PlanKind.SUPPLEMENTARY, by=planner)
        assert Plan.objects.filter(organization=organization).count() == 2

    @pytest.mark.parametrize(
        "persona", ["department_staff", "executive", "viewer", "other_org_planner"]
    )
    def test_only_planners_start_an_edition(self, request, announced, persona):
        with pytest.raises(PermissionDenied):
            editions.create_edition(
                announced.organization,
                2570,
                PlanKind.AMENDMENT,
                by=request.getfixturevalue(persona),
            )
        assert Plan.objects.count() == 1

    def test_the_original_kind_is_refused(self, announced, planner):
        with pytest.raises(ValidationError):
            editions.create_edition(announced.organization, 2570, PlanKind.ORIGINAL, by=planner)


class TestAmendmentPath:
    def test_by_default_the_executive_approves_an_amendment_directly(self, announced, people):
        amendment = editions.create_edition(
            announced.organization, 2570, PlanKind.AMENDMENT, by=people["planner"]
        )
        actions = [t.action for t in workflow.available_transitions(people["planner"], amendment)]
        assert actions == ["propose_to_executive", "announce_offline"]
        workflow.perform(amendment, "propose_to_executive", by=people["planner"])
        assert amendment.status == PlanStatus.ENDORSED
        with pytest.raises(ValidationError, match="ทำไม่ได้เมื่อแผนอยู่ในสถานะ"):
            workflow.perform(amendment, "submit", by=people["planner"])

    def test_the_setting_sends_amendments_through_the_committees(self, announced, people):
        organization = announced.organization
        organization.amendment_path = AmendmentPath.COMMITTEES
        organization.save()
        amendment = editions.create_edition(
            organization, 2570, PlanKind.AMENDMENT, by=people["planner"]
        )
        amendment = Plan.objects.select_related("organization").get(pk=amendment.pk)
        actions = [t.action for t in workflow.available_transitions(people["planner"], amendment)]
        assert actions == ["submit", "announce_offline"]
        with pytest.raises(ValidationError, match="ทำไม่ได้เมื่อแผนอยู่ในสถานะ"):
            workflow.perform(amendment, "propose_to_executive", by=people["planner"])

    def test_a_supplement_always_goes_through_the_committees(self, announced, people):
        supplement = editions.create_edition(
            announced.organization, 2570, PlanKind.SUPPLEMENTARY, by=people["planner"]
        )
        actions = [t.action for t in workflow.available_transitions(people["planner"], supplement)]
        assert actions == ["submit", "announce_offline"]


class TestDiffAndConsolidated:
    def test_the_diff_lists_added_removed_and_changed_fields_with_the_budget_delta(
        self, announced, people, planner
    ):
        organization = announced.organization
        amendment = editions.create_edition(organization, 2570, PlanKind.AMENDMENT, by=planner)
        road = amendment.projects.get(name="ถนนหมู่ 1")
        road.budget = Decimal("120000")
        road.location = "หมู่ 1 บ้านหนองบัว"
        editing.save_project(road, by=planner)
        editing.delete_project(amendment.projects.get(name="อบรมอาชีพ"), by=planner)
        make_project(amendment, strategy=organization.strategies.get(), name="ศูนย์เด็กเล็ก",
                     budget=Decimal("30000"))  # fmt: skip
        change = editions.diff(amendment)
        assert names(change.added) == ["ศูนย์เด็กเล็ก"]
        assert names(change.removed) == ["อบรมอาชีพ"]
        assert [row.after.name for row in change.changed] == ["ถนนหมู่ 1"]
        fields = {c.field: (c.before, c.after) for c in change.changed[0].changes}
        assert fields == {
            "budget": (Decimal("100000.00"), Decimal("120000.00")),
            "location": ("", "หมู่ 1 บ้านหนองบัว"),
        }
        assert change.unchanged == 1
        assert change.budget_before == Decimal("170000.00")
        assert change.budget_after == Decimal("200000.00")
        assert change.budget_delta == Decimal("30000.00")

        # Until announced, the consolidated plan is the original; afterwards, the amendment's.
        assert names(editions.consolidated_projects(organization, 2570)) == [
            "ถนนหมู่ 1", "ประปาหมู่ 2", "อบรมอาชีพ"]  # fmt: skip
        announce(amendment, people, on=date(2026, 11, 15))
        rows = editions.consolidated_projects(organization, 2570)
        assert names(rows) == ["ถนนหมู่ 1", "ประปาหมู่ 2", "ศูนย์เด็กเล็ก"]
        assert sum(r.budget for r in rows) == Decimal("200000.00")
        assert {r.name: r.plan_id for r in rows}["ถนนหมู่ 1"] == amendment.pk

    def test_a_supplement_adds_to_what_is_in_force_and_survives_a_later_amendment(
        self, announced, people, planner
    ):
        organization = announced.organization
        strategy = organization.strategies.get()
        supplement = editions.create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
        make_project(supplement, strategy=strategy, name="ขุดลอกคลอง", budget=Decimal("5000"))
        change = editions.diff(supplement)
        assert names(change.added) == ["ขุดลอกคลอง"]
        assert (change.budget_before, change.budget_delta) == (
            Decimal("170000.00"),
            Decimal("5000.00"),
        )
        announce(supplement, people, on=date(2026, 11, 10))
        amendment = editions.create_edition(organization, 2570, PlanKind.AMENDMENT, by=planner)
        canal = amendment.projects.get(name="ขุดลอกคลอง")
        canal.name = "ขุดลอกคลองสาธารณะ"
        editing.save_project(canal, by=planner)
        announce(amendment, people, on=date(2026, 11, 15))
        assert names(editions.consolidated_projects(organization, 2570)) == [
            "ขุดลอกคลองสาธารณะ", "ถนนหมู่ 1", "ประปาหมู่ 2", "อบรมอาชีพ"]  # fmt: skip
        # The supplement's own diff is unchanged by what came after it.
        assert editions.diff(supplement).budget_before == Decimal("170000.00")
        # As of the supplement, the year had the original and the supplement only.
        through = editions.consolidated_projects(organization, 2570, through=supplement)
        assert names(through) == ["ขุดลอกคลอง", "ถนนหมู่ 1", "ประปาหมู่ 2", "อบรมอาชีพ"]

    def test_an_announced_edition_is_frozen_like_the_original(self, announced, people, planner):
        amendment = editions.create_edition(
            announced.organization, 2570, PlanKind.AMENDMENT, by=planner
        )
        announce(amendment, people, on=date(2026, 11, 15))
        row = amendment.projects.first()
        row.budget = Decimal("1")
        with pytest.raises((PermissionDenied, ValidationError)):
            editing.save_project(row, by=planner)
        with pytest.raises((PermissionDenied, ValidationError)):
            editing.delete_project(row, by=planner)

    def test_consolidated_queries_do_not_grow_with_rows(
        self, announced, people, planner, django_assert_max_num_queries
    ):
        organization = announced.organization
        supplement = editions.create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
        for i in range(15):
            make_project(supplement, strategy=organization.strategies.get(), name=f"โครงการ {i}")
        announce(supplement, people, on=date(2026, 11, 10))
        with django_assert_max_num_queries(2):
            rows = editions.consolidated_projects(organization, 2570)
            assert len({(r.strategy.name, r.program.name, r.department.name) for r in rows}) >= 1


class TestPages:
    def test_the_officer_starts_an_amendment_and_reads_its_diff(
        self, client_for, announced, planner
    ):
        client = client_for(planner)
        page = client.get(reverse("projects:plan", args=[announced.pk]))
        assert "จัดทำฉบับเพิ่มเติม/แก้ไข" in page.content.decode()
        response = client.post(reverse("projects:edition_create", args=[announced.pk]),
                               {"kind": "amendment"})  # fmt: skip
        amendment = Plan.objects.get(kind="amendment")
        assert response.url == reverse("projects:plan", args=[amendment.pk])
        row = amendment.projects.get(name="ประปาหมู่ 2")
        row.budget = Decimal("45000")
        editing.save_project(row, by=planner)
        html = client.get(reverse("projects:plan_changes", args=[amendment.pk])).content.decode()
        assert 'data-testid="changed-count">1<' in html
        assert "งบประมาณ (บาท)" in html and "50,000.00" in html and "45,000.00" in html
        assert "-5,000.00" in html

    def test_a_bad_kind_is_a_thai_form_error_and_nothing_is_created(
        self, client_for, announced, planner
    ):
        response = client_for(planner).post(
            reverse("projects:edition_create", args=[announced.pk]), {"kind": "original"}
        )
        assert response.status_code == 200
        assert "original ไม่อยู่ในตัวเลือกที่ใช้ได้" in response.content.decode()
        assert Plan.objects.count() == 1

    def test_a_second_edition_in_progress_is_refused_on_the_page(
        self, client_for, announced, planner
    ):
        client = client_for(planner)
        url = reverse("projects:edition_create", args=[announced.pk])
        client.post(url, {"kind": "supplementary"})
        response = client.post(url, {"kind": "amendment"})
        assert response.status_code == 200
        assert "ครั้งละหนึ่งฉบับ" in response.content.decode()
        assert Plan.objects.count() == 2
        assert Decision.objects.filter(plan__kind="amendment").count() == 0


class TestConsolidatedForms:
    def test_forms_render_one_edition_or_the_consolidated_plan(
        self, client_for, announced, people, planner
    ):
        organization = announced.organization
        organization.thai_digits = False  # the assertions read Arabic digits
        organization.save()
        supplement = editions.create_edition(organization, 2570, PlanKind.SUPPLEMENTARY, by=planner)
        make_project(supplement, strategy=organization.strategies.get(), name="ขุดลอกคลอง",
                     budget=Decimal("5000"))  # fmt: skip
        announce(supplement, people, on=date(2026, 11, 10))
        client = client_for(planner)
        url = reverse("reports:form", args=[supplement.pk, "pd02"])
        alone = client.get(url).content.decode()
        assert "ขุดลอกคลอง" in alone and "ถนนหมู่ 1" not in alone
        assert "เพิ่มเติม ครั้งที่ 1/2570" in alone
        whole = client.get(url + "?scope=consolidated").content.decode()
        assert "ขุดลอกคลอง" in whole and "ถนนหมู่ 1" in whole
        assert "ฉบับรวม" in whole and "175,000.00" in whole
        download = client.get(
            reverse("reports:download", args=[supplement.pk, "pd02", "xlsx"])
            + "?scope=consolidated"
        )
        assert 'filename="pd02-' in download["Content-Disposition"]
        assert "-2570-consolidated.xlsx" in download["Content-Disposition"]
        assert client.get(url + "?scope=everything").status_code == 404


class TestOrderOfEditions:
    def test_an_amendment_announced_the_same_day_still_takes_effect_after_the_original(
        self, announced, people, planner
    ):
        organization = announced.organization
        amendment = editions.create_edition(organization, 2570, PlanKind.AMENDMENT, by=planner)
        road = amendment.projects.get(name="ถนนหมู่ 1")
        road.name = "ถนนหมู่ 1 (แก้ไข)"
        editing.save_project(road, by=planner)
        announce(amendment, people, on=announced.announced_on)  # the same day
        assert "ถนนหมู่ 1 (แก้ไข)" in names(editions.consolidated_projects(organization, 2570))
        assert "ถนนหมู่ 1" not in names(editions.consolidated_projects(organization, 2570))

    def test_an_edition_cannot_be_announced_before_the_one_in_force(
        self, announced, people, planner
    ):
        supplement = editions.create_edition(
            announced.organization, 2570, PlanKind.SUPPLEMENTARY, by=planner
        )
        endorse(supplement, by=people["planner"], held_on=date(2026, 10, 1))
        with pytest.raises(ValidationError, match="ไม่ก่อนวันประกาศฉบับก่อนหน้า"):
            workflow.perform(supplement, "announce", by=people["executive"],
                             announced_on=date(2026, 10, 19), announced_by="นายก")  # fmt: skip
        supplement.refresh_from_db()
        assert supplement.status == PlanStatus.ENDORSED


class TestAmendmentAnnouncementWording:
    def test_the_announcement_says_who_really_considered_each_edition(
        self, announced, people, planner
    ):
        from reports.documents.announcement import build_announcement

        def body(plan):
            return " ".join(str(block) for block in build_announcement(plan).body)

        assert "คณะกรรมการพัฒนา" in body(announced)
        assert "เพื่อรวบรวมโครงการ" in body(announced)
        amendment = editions.create_edition(
            announced.organization, 2570, PlanKind.AMENDMENT, by=planner
        )
        announce(amendment, people, on=date(2026, 11, 15))  # straight to the executive
        text = body(amendment)
        assert "คณะกรรมการพัฒนา" not in text
        assert "อำนาจของผู้บริหารท้องถิ่น" in text and "เพื่อแก้ไขโครงการ" in text


class TestAmendmentBook:
    def test_the_amendment_book_lists_what_changed(self, announced, people, planner):
        from reports.documents.book import build_book

        organization = announced.organization
        amendment = editions.create_edition(organization, 2570, PlanKind.AMENDMENT, by=planner)
        water = amendment.projects.get(name="ประปาหมู่ 2")
        water.budget = Decimal("65000")
        editing.save_project(water, by=planner)
        editing.delete_project(amendment.projects.get(name="อบรมอาชีพ"), by=planner)
        announce(amendment, people, on=date(2026, 11, 15))
        book = build_book(amendment)
        rows = {(c.project, c.item): (c.before, c.after) for c in book.changes}
        assert rows == {
            ("ประปาหมู่ 2", "งบประมาณ (บาท)"): ("50,000.00", "65,000.00"),
            ("อบรมอาชีพ", "ยกเลิกโครงการ"): ("20,000.00", "-"),
        }
        assert (book.budget_before, book.budget_after) == ("170,000.00", "165,000.00")
        assert book.by_executive_alone and book.meetings == ()
        assert build_book(announced).changes == ()


def test_the_edition_page_warns_when_the_fiscal_year_is_over(client_for, organization, planner):
    from tests.factories import make_plan

    past = make_plan(organization, fiscal_year=2560)
    Plan.objects.filter(pk=past.pk).update(
        status=PlanStatus.POSTED, announced_on=date(2016, 10, 20)
    )
    html = (
        client_for(planner).get(reverse("projects:edition_create", args=[past.pk])).content.decode()
    )
    assert 'data-testid="year-over"' in html
    assert 'data-testid="blocked"' not in html  # it may still be done, after a warning
