from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings

from accounts.models import Membership, Organization, Role, User
from projects.models import Plan, PlanKind, PlanStatus
from thai.format import fiscal_year_of

pytestmark = pytest.mark.django_db


def seed():
    """As `make run` runs it: debug on."""
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_creates_the_demo_organization_users_and_a_draft_plan():
    output = seed()
    organization = Organization.objects.get(slug="demo")
    assert organization.type_short == "อบต."
    roles = {
        m.user.username: (m.role, m.department.name if m.department else None)
        for m in Membership.objects.filter(organization=organization).select_related(
            "user", "department"
        )
    }
    assert roles == {
        "planner": (Role.PLANNER, None),
        "dept": (Role.DEPARTMENT_STAFF, "กองช่าง"),
        "support": (Role.SUPPORT_COMMITTEE, None),
        "committee": (Role.DEVELOPMENT_COMMITTEE, None),
        "executive": (Role.EXECUTIVE, None),
    }
    for username in roles:
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=username, password="demo1234") is not None
        assert username in output
    assert "demo1234" in output
    plan = Plan.objects.get(organization=organization, status=PlanStatus.DRAFT)
    assert plan.kind == PlanKind.ORIGINAL


def test_the_plan_is_for_the_current_fiscal_year():
    from django.utils import timezone

    seed()
    draft = Plan.objects.get(status=PlanStatus.DRAFT)
    assert draft.fiscal_year == fiscal_year_of(timezone.localdate())


def test_running_twice_changes_nothing():
    seed()
    counts = (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Plan.objects.count(),
    )
    seed()
    assert counts == (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Plan.objects.count(),
    )
    assert counts == (1, 5, 5, 3)  # this year's draft; last year's plan and its supplement


def test_an_existing_account_with_a_demo_name_is_never_touched(organization):
    from django.core.management.base import CommandError

    from tests.factories import UserFactory

    real = UserFactory(username="planner")
    real.set_password("a-real-secret")
    real.save()
    with pytest.raises(CommandError, match="มีผู้ใช้ชื่อ “planner” อยู่แล้ว"):
        seed()
    real.refresh_from_db()
    assert real.check_password("a-real-secret")
    assert not Organization.objects.filter(slug="demo").exists()


def test_the_demo_plan_is_filled_through_the_write_paths():
    seed()
    plan = Plan.objects.get(status=PlanStatus.DRAFT)
    assert plan.projects.count() == 24
    assert plan.projects.filter(is_equipment=True).count() == 3
    assert plan.deadline() is not None
    assert plan.organization.strategies.count() == 4


def test_last_years_plan_is_announced_and_posted_through_the_workflow():
    from django.utils import timezone

    seed()
    last = Plan.objects.get(status=PlanStatus.POSTED, kind=PlanKind.ORIGINAL)
    assert last.fiscal_year == fiscal_year_of(timezone.localdate()) - 1
    assert last.projects.count() == 40
    assert list(last.decisions.values_list("action", flat=True)) == [
        "submit",
        "request_changes",
        "confirm_changes",
        "endorse",
        "announce",
        "record_posting",
    ]
    # Every step is dated by its event, in order, none on the day the demo was seeded.
    dates = list(last.decisions.values_list("occurred_on", flat=True))
    assert dates == sorted(dates) and timezone.localdate() not in dates
    meetings = {m.decision_id: m.held_on for m in last.meetings.all()}
    for decision in last.decisions.filter(meeting__isnull=False):
        assert decision.occurred_on == meetings[decision.pk]
    assert last.decisions.get(action="announce").occurred_on == last.announced_on
    assert last.announced_on is not None and last.posting_started_on > last.announced_on
    assert last.meetings.count() == 2
    assert last.organization.committees.count() == 2


def test_last_year_also_has_a_posted_supplement_with_its_own_trail():
    seed()
    supplement = Plan.objects.get(kind=PlanKind.SUPPLEMENTARY)
    assert supplement.title.startswith("แผนการดำเนินงาน เพิ่มเติม ครั้งที่ 1/")
    assert supplement.status == PlanStatus.POSTED
    assert supplement.projects.count() == 3
    assert supplement.meetings.count() == 2
    assert supplement.budget_events.get().kind == "supplementary"
    assert supplement.postings.get().photo


class TestWithDebugOff:
    """A production-like server (the tests' settings have debug off): the demo accounts'
    published password must never work there."""

    def run(self, *args, stdin=None):
        out, err = StringIO(), StringIO()
        options = {"stdin": stdin} if stdin is not None else {}
        call_command("seed_demo", *args, stdout=out, stderr=err, **options)
        return out.getvalue()

    @staticmethod
    def password_file(tmp_path, text):
        path = tmp_path / "demo-password"
        path.write_text(text, encoding="utf-8")
        return str(path)

    def test_it_refuses_without_allow_production_and_changes_nothing(self):
        with pytest.raises(CommandError, match=r"ปิดโหมดพัฒนาอยู่ .*--allow-production"):
            self.run()
        assert (Organization.objects.count(), User.objects.count()) == (0, 0)

    def test_without_a_terminal_or_a_password_file_it_stops_clearly(self):
        with pytest.raises(CommandError, match="--password-file FILE"):
            self.run("--allow-production", "--noinput")
        with pytest.raises(CommandError, match="--password-file FILE"):
            self.run("--allow-production", stdin=StringIO())  # not a terminal
        assert (Organization.objects.count(), User.objects.count()) == (0, 0)

    def test_a_password_file_sets_the_new_accounts_password(self, tmp_path):
        path = self.password_file(tmp_path, "ฝึกอบรม-Phayao-2569\nignored second line\n")
        output = self.run("--allow-production", "--noinput", "--password-file", path)
        for username in ("planner", "dept", "support", "committee", "executive"):
            user = User.objects.get(username=username)
            assert user.check_password("ฝึกอบรม-Phayao-2569")
            assert not user.check_password("demo1234")
        assert "demo1234" not in output
        assert "รหัสผ่านตามที่ตั้งไว้" in output
        assert Plan.objects.count() == 3

    @pytest.mark.parametrize(
        ("password", "message"),
        [("demo1234", "ห้ามใช้ demo1234"), ("12345678", "รหัสผ่านในไฟล์ใช้ไม่ได้"), ("", "ไม่มีรหัสผ่าน")],
    )
    def test_a_weak_or_published_password_is_refused_and_nothing_is_made(
        self, tmp_path, password, message
    ):
        path = self.password_file(tmp_path, password + "\n")
        with pytest.raises(CommandError, match=message):
            self.run("--allow-production", "--password-file", path)
        assert (Organization.objects.count(), User.objects.count()) == (0, 0)

    def test_a_missing_password_file_is_named(self, tmp_path):
        with pytest.raises(CommandError, match=r"อ่านไฟล์รหัสผ่าน .*missing ไม่ได้"):
            self.run("--allow-production", "--password-file", str(tmp_path / "missing"))

    def test_it_asks_twice_at_a_terminal_until_the_password_is_good(self, monkeypatch):
        answers = iter(["ฝึกอบรม-2569-a", "typo", "12345678", "12345678",
                        "ฝึกอบรม-2569-a", "ฝึกอบรม-2569-a"])  # fmt: skip
        monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

        class Terminal(StringIO):
            def isatty(self):
                return True

        self.run("--allow-production", stdin=Terminal())
        assert User.objects.get(username="planner").check_password("ฝึกอบรม-2569-a")
        assert next(answers, None) is None

    def test_run_again_it_needs_no_password_and_keeps_the_accounts(self, tmp_path):
        path = self.password_file(tmp_path, "ฝึกอบรม-Phayao-2569\n")
        self.run("--allow-production", "--noinput", "--password-file", path)
        self.run("--allow-production", "--noinput")
        assert User.objects.get(username="planner").check_password("ฝึกอบรม-Phayao-2569")
        assert User.objects.count() == 5


def test_the_inbox_tells_last_years_history_on_its_days():
    """The workflow runs in one go when the demo is made: its messages are dated on the
    steps they announce, and read once the plan moved on; none is new or dated today."""
    from django.utils import timezone

    from approvals.models import Notification

    seed()
    messages = list(Notification.objects.select_related("decision", "user"))
    assert messages
    for message in messages:
        assert timezone.localtime(message.created_at).date() == message.decision.occurred_on
        assert message.read_at is not None and message.read_at >= message.created_at
    support = [m for m in messages if m.user.username == "support"]
    assert sorted(m.decision.action for m in support) == ["submit", "submit"]
