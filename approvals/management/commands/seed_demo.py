import getpass
import io
import json
import sys
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Membership, Organization, OrganizationType, Role, User
from accounts.organizations import create_organization
from accounts.permissions import OPERATOR
from approvals import workflow
from approvals.meetings import record_resolution, schedule_meeting
from approvals.models import Committee, CommitteeMember, Notification, Outcome, PostingPlace
from approvals.posting import record_posting
from budget.events import save_budget_event
from budget.models import BudgetEvent, BudgetSource, Program
from projects import editing
from projects.editions import create_edition
from projects.models import Plan, PlanKind, Project, Strategy
from projects.months import to_mask
from thai.format import fiscal_year_bounds, fiscal_year_of

DEMO_PASSWORD = "demo1234"  # noqa: S105 -- the documented demo login
DEMO_SLUG = "demo"
FIXTURE = settings.BASE_DIR / "fixtures" / "demo_plan.json"

# username → (first name, last name, role, department name or None)
DEMO_USERS = {
    "planner": ("สมศรี", "วางแผนดี", Role.PLANNER, None),
    "dept": ("สมชาย", "ช่างงาม", Role.DEPARTMENT_STAFF, "กองช่าง"),
    "support": ("สมหมาย", "สนับสนุน", Role.SUPPORT_COMMITTEE, None),
    "committee": ("สมพร", "ใจพัฒนา", Role.DEVELOPMENT_COMMITTEE, None),
    "executive": ("สมศักดิ์", "นำชุมชน", Role.EXECUTIVE, None),
}


class Command(BaseCommand):
    help = (
        "สร้างข้อมูลตัวอย่าง: อบต.ตัวอย่าง (demo) ผู้ใช้ตัวอย่าง และร่างแผนของปีงบประมาณปัจจุบัน "
        "พร้อมโครงการตัวอย่าง (รันซ้ำได้ ไม่สร้างซ้ำ และไม่แตะบัญชีผู้ใช้ที่มีอยู่แล้ว) "
        "เมื่อปิดโหมดพัฒนา (DJANGO_DEBUG ปิด) ต้องระบุ --allow-production "
        "และตั้งรหัสผ่านใหม่ของบัญชีตัวอย่าง (พิมพ์เอง หรือ --password-file)"
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="ยอมให้สร้างข้อมูลตัวอย่างเมื่อปิดโหมดพัฒนา (เช่น เครื่องฝึกอบรม) "
            "บัญชีตัวอย่างจะใช้รหัสผ่านใหม่ ไม่ใช่ demo1234",
        )
        parser.add_argument(
            "--password-file",
            metavar="FILE",
            help="อ่านรหัสผ่านของบัญชีตัวอย่างที่สร้างใหม่จากบรรทัดแรกของไฟล์ (ไม่ถาม)",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="ไม่ถามรหัสผ่าน: ถ้าต้องใช้รหัสผ่านแต่ไม่ได้ให้ --password-file จะหยุดพร้อมข้อความ",
        )

    def handle(self, *args, **options):
        production = not settings.DEBUG
        if production and not options["allow_production"]:
            raise CommandError(
                "ไม่สร้างข้อมูลตัวอย่างเพราะปิดโหมดพัฒนาอยู่ (DJANGO_DEBUG ปิด): บัญชีตัวอย่างใช้รหัสผ่าน"
                "ที่เผยแพร่ใน README ถ้าต้องการจริง (เช่น เครื่องฝึกอบรม) ให้ใช้ --allow-production "
                "แล้วตั้งรหัสผ่านใหม่ (พิมพ์เอง หรือ --password-file FILE)"
            )
        new_users = [
            User(username=username, first_name=first, last_name=last)
            for username, (first, last, _, _) in DEMO_USERS.items()
            if not User.objects.filter(username=username).exists()
        ]
        password = self._password(options, production=production, new_users=new_users)
        self._seed(password)

    def _password(self, options, *, production, new_users) -> str | None:
        """The password of the demo accounts about to be created (None: none is created).

        With debug on, the published demo password unless a file gives another; with debug
        off, a new one from --password-file or typed twice at the prompt, never the
        published one, and it must pass AUTH_PASSWORD_VALIDATORS.
        """
        if options["password_file"]:
            password = self._read_password_file(options["password_file"])
            if new_users and (production or password != DEMO_PASSWORD):
                problems = self._problems(password, new_users)
                if problems:
                    raise CommandError("รหัสผ่านในไฟล์ใช้ไม่ได้: " + " ".join(problems))
            return password
        if not production:
            return DEMO_PASSWORD
        if not new_users:
            return None
        stdin = options.get("stdin", sys.stdin)
        if not options["interactive"] or not (hasattr(stdin, "isatty") and stdin.isatty()):
            raise CommandError(
                "ต้องตั้งรหัสผ่านใหม่ของบัญชีตัวอย่าง: เมื่อไม่ถาม (--noinput หรือไม่มีหน้าจอให้พิมพ์) "
                "ให้ระบุ --password-file FILE ที่มีรหัสผ่านในบรรทัดแรก"
            )
        return self._prompt(new_users)

    def _read_password_file(self, path) -> str:
        try:
            with open(path, encoding="utf-8") as handle:
                password = handle.readline().rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"อ่านไฟล์รหัสผ่าน {path} ไม่ได้ ({error})") from None
        if not password:
            raise CommandError(f"ไฟล์รหัสผ่าน {path} ไม่มีรหัสผ่านในบรรทัดแรก")
        return password

    def _prompt(self, new_users) -> str:
        names = ", ".join(user.username for user in new_users)
        self.stdout.write(f"ตั้งรหัสผ่านใหม่ของบัญชีตัวอย่างที่จะสร้าง ({names})")
        while True:
            password = getpass.getpass("รหัสผ่าน: ")
            if password != getpass.getpass("รหัสผ่านอีกครั้ง: "):
                self.stderr.write("รหัสผ่านสองครั้งไม่ตรงกัน ลองอีกครั้ง")
                continue
            problems = self._problems(password, new_users)
            if not problems:
                return password
            self.stderr.write(" ".join(problems))

    def _problems(self, password, new_users) -> list[str]:
        if password == DEMO_PASSWORD:
            return [f"ห้ามใช้ {DEMO_PASSWORD} ซึ่งเผยแพร่ใน README"]
        problems = []
        for user in new_users:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                problems.extend(m for m in error.messages if m not in problems)
        return problems

    @transaction.atomic
    def _seed(self, password):
        organization = Organization.objects.filter(slug=DEMO_SLUG).first()
        if organization is None:
            organization = create_organization(
                name="องค์การบริหารส่วนตำบลตัวอย่าง",
                slug=DEMO_SLUG,
                type=OrganizationType.SAO,
                amphoe="เมืองตัวอย่าง",
                province="ตัวอย่าง",
                address="หมู่ที่ 1 ตำบลตัวอย่าง อำเภอเมืองตัวอย่าง จังหวัดตัวอย่าง",
                executive_name="นายสมศักดิ์ นำชุมชน",
            )
        self._users(organization, password)
        committees = self._committees(organization)
        data = json.loads(FIXTURE.read_text(encoding="utf-8"))
        fiscal_year = fiscal_year_of(timezone.localdate())
        plan, _ = Plan.objects.get_or_create(
            organization=organization, fiscal_year=fiscal_year, kind=PlanKind.ORIGINAL, number=0
        )
        if not plan.budget_events.exists():
            plan.budget_events.add(self._budget_event(organization, fiscal_year, data))
        if not plan.projects.exists():
            self._projects(plan, data)
        last_year = self._last_year(organization, fiscal_year - 1, data, committees)
        self._results_rounds(organization, last_year.fiscal_year)
        self.stdout.write(
            f"แผนปีงบประมาณ {last_year.fiscal_year}: {last_year.get_status_display()} "
            f"({last_year.projects.count()} โครงการ)"
        )
        self.stdout.write(
            f"ข้อมูลตัวอย่างพร้อม: {organization.name} (slug {DEMO_SLUG}), "
            f"ร่างแผนปีงบประมาณ {fiscal_year} ({plan.projects.count()} โครงการ)"
        )
        if password == DEMO_PASSWORD:
            self.stdout.write(f"ผู้ใช้ตัวอย่าง (รหัสผ่านทุกบัญชี: {DEMO_PASSWORD}):")
        else:
            self.stdout.write("ผู้ใช้ตัวอย่าง (รหัสผ่านตามที่ตั้งไว้ บัญชีที่มีอยู่แล้วใช้รหัสผ่านเดิม):")
        for username, (_, _, role, department_name) in DEMO_USERS.items():
            where = f" — {department_name}" if department_name else ""
            self.stdout.write(f"  {username:<10} {role.label}{where}")

    def _users(self, organization, password):
        for username, (first, last, role, department_name) in DEMO_USERS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=first, last_name=last)
                user.set_password(password)
                user.save()
            elif not user.memberships.filter(organization=organization).exists():
                raise CommandError(
                    f"มีผู้ใช้ชื่อ “{username}” อยู่แล้วและไม่ได้อยู่ใน อปท.ตัวอย่าง "
                    "จึงไม่สร้างข้อมูลตัวอย่าง (ไม่แก้ไขบัญชีจริง)"
                )
            department = None
            if department_name:
                department = Department.objects.get(organization=organization, name=department_name)
            Membership.objects.get_or_create(
                user=user, organization=organization, role=role, department=department
            )

    def _budget_event(self, organization, fiscal_year, data):
        spec = data["budget_event"]
        event = BudgetEvent.objects.filter(
            organization=organization, fiscal_year=fiscal_year
        ).first()
        if event is not None:
            return event
        event = BudgetEvent(
            organization=organization,
            fiscal_year=fiscal_year,
            kind=spec["kind"],
            title=spec["title"].format(year=fiscal_year),
            announced_on=timezone.localdate() - timedelta(days=spec["days_before_today"]),
        )
        programs = {p.name: p for p in Program.objects.all()}
        amounts = {
            programs[name]: Decimal(amount) for name, amount in spec["appropriations"].items()
        }
        return save_budget_event(event, amounts, by=OPERATOR)

    def _committees(self, organization):
        """Both committees with invented members; the planner is their secretary."""
        people = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
        result = {}
        for kind, name, members in (
            ("support", "คณะกรรมการสนับสนุนการจัดทำแผนพัฒนาท้องถิ่นองค์การบริหารส่วนตำบลตัวอย่าง", [
                ("นายปลัด ใจดี", "ปลัด อบต.", "chair", None),
                ("นายสมหมาย สนับสนุน", "ผู้อำนวยการกองช่าง", "member", "support"),
                ("นางสาวสมศรี วางแผนดี", "นักวิเคราะห์นโยบายและแผน", "secretary", "planner"),
            ]),
            ("development", "คณะกรรมการพัฒนาองค์การบริหารส่วนตำบลตัวอย่าง", [
                ("นายสมศักดิ์ นำชุมชน", "นายก อบต.", "chair", "executive"),
                ("นายสมพร ใจพัฒนา", "ผู้ใหญ่บ้านหมู่ที่ 3", "member", "committee"),
                ("นางบุญมี ศรีสุข", "ผู้แทนประชาคม", "member", None),
                ("นางสาวสมศรี วางแผนดี", "นักวิเคราะห์นโยบายและแผน", "secretary", "planner"),
            ]),
        ):  # fmt: skip
            committee, created = Committee.objects.get_or_create(
                organization=organization, kind=kind, defaults={"name": name}
            )
            if created:
                for order, (person, position, role, username) in enumerate(members, start=1):
                    CommitteeMember.objects.create(
                        committee=committee, name=person, position=position, role=role,
                        user=people.get(username), order=order,
                    )  # fmt: skip
            result[kind] = committee
        return result

    def _last_year(self, organization, fiscal_year, data, committees):
        """Last year's plan, announced and posted through the workflow, with about 40 projects."""
        plan = Plan.objects.filter(
            organization=organization, fiscal_year=fiscal_year, kind=PlanKind.ORIGINAL
        ).first()
        if plan is not None:
            return plan
        start, _ = fiscal_year_bounds(fiscal_year)
        event = BudgetEvent(
            organization=organization,
            fiscal_year=fiscal_year,
            kind="annual",
            title=data["budget_event"]["title"].format(year=fiscal_year),
            announced_on=start - timedelta(days=16),
        )
        save_budget_event(event, {}, by=OPERATOR)
        plan = editing.create_plan(
            organization, fiscal_year=fiscal_year, by=OPERATOR, budget_events=[event]
        )
        self._projects(plan, data)
        for project in list(plan.projects.filter(is_equipment=False))[:16]:
            project.pk = None
            project.name = f"{project.name} (ระยะที่ 2)"
            project.order = 0
            editing.save_project(project, by=OPERATOR)
        people = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
        self._approve_and_post(plan, people, committees, event.announced_on, number=1)
        self._supplement(plan, people, committees, start + timedelta(days=120))
        self._date_notifications(Plan.objects.filter(organization=organization,
                                                     fiscal_year=fiscal_year))  # fmt: skip
        plan.refresh_from_db()
        return plan

    def _date_notifications(self, plans):
        """The workflow ran in one go today: each message it left is dated on its step's
        day and, where the plan moved on, read on the next step's day, as it would have
        been. The inbox then tells last year's history, none of it new."""
        for plan in plans:
            decisions = list(plan.decisions.order_by("at", "pk"))
            for decision, following in zip(decisions, [*decisions[1:], None], strict=True):
                messages = Notification.objects.filter(decision=decision)
                messages.update(created_at=_at(decision.occurred_on))
                if following is not None:
                    messages.filter(read_at__isnull=False).update(
                        read_at=_at(following.occurred_on)
                    )

    def _approve_and_post(self, plan, people, committees, start, *, number):
        """Both committees' meetings, the announcement and the posting, dated from `start`."""
        organization = plan.organization
        workflow.perform(plan, "submit", by=people["planner"], on=start)
        for letter, (kind, days) in enumerate((("support", 5), ("development", 12)), start=101):
            committee = committees[kind]
            held_on = start + timedelta(days=days)
            members = list(committee.members.all())
            meeting = schedule_meeting(
                plan,
                by=people["planner"],
                committee=committee,
                number=f"{number}/{plan.fiscal_year}",
                held_on=held_on,
                place="ห้องประชุมองค์การบริหารส่วนตำบลตัวอย่าง",
                invitees=members,
                letter_number=f"พย 76801/{letter}",
                invited_on=held_on - timedelta(days=3),
                starts_at=time(9, 30),
                ends_at=time(12, 0),
            )
            # Last year's support committee asked for one change; the planner made it.
            with_changes = kind == "support" and number == 1
            record_resolution(
                meeting,
                by=people["planner"],
                outcome=Outcome.APPROVED_WITH_CHANGES if with_changes else Outcome.APPROVED,
                resolution=(
                    f"ที่ประชุมพิจารณาแล้วมีมติเห็นชอบร่าง{plan.title}"
                    + (" โดยให้แก้ไขตามข้อเสนอของที่ประชุม" if with_changes else "")
                ),
                changes="ระบุหมู่บ้านในสถานที่ดำเนินการของโครงการก่อสร้างให้ครบทุกโครงการ"
                if with_changes
                else "",
                minutes="ฝ่ายเลขานุการนำเสนอร่างแผนการดำเนินงาน ที่ประชุมพิจารณาเป็นรายยุทธศาสตร์",
                attendees=members,
            )
            plan.refresh_from_db()
            if with_changes:
                workflow.perform(
                    plan,
                    "confirm_changes",
                    by=people["planner"],
                    on=held_on + timedelta(days=2),
                    note="แก้ไขสถานที่ดำเนินการตามมติครบแล้ว",
                )
        plan.refresh_from_db()
        announced_on = start + timedelta(days=20)
        signer = f"{organization.executive_name} {organization.executive_position}"
        workflow.perform(
            plan, "announce", by=people["executive"], announced_on=announced_on, announced_by=signer
        )
        posted_on = announced_on + timedelta(days=3)
        record_posting(
            plan,
            by=people["planner"],
            place=PostingPlace.NOTICE_BOARD,
            place_detail="บอร์ดประชาสัมพันธ์หน้าที่ทำการ",
            starts_on=posted_on,
            ends_on=posted_on + timedelta(days=settings.OPPLAN_POSTING_MIN_DAYS),
            photo=ContentFile(notice_board_png(), name="board.png"),
        )

    def _results_rounds(self, organization, fiscal_year):
        """Last year's results as they stand early in this year (domain.md §5): the
        six-month round (ต.ค.–มี.ค.) reported by 30 April, announced and posted in May; the
        annual round (ต.ค.–ก.ย.) open and due in ten days, every department but กองช่าง (the
        `dept` account) reported, กองช่าง with half of its rows still at six-month values."""
        from results import rounds
        from results.models import DepartmentReport, ResultStatus, Round, RoundKind

        if Round.objects.filter(organization=organization, fiscal_year=fiscal_year).exists():
            return
        planner = User.objects.get(username="planner")
        executive = User.objects.get(username="executive")
        done, going, idle = ResultStatus.DONE, ResultStatus.IN_PROGRESS, ResultStatus.NOT_STARTED
        carried, cancelled = ResultStatus.CARRIED_OVER, ResultStatus.CANCELLED

        six_month = Round(organization=organization, fiscal_year=fiscal_year,
                          kind=RoundKind.SIX_MONTH)  # fmt: skip
        due_on = six_month.as_of + timedelta(days=30)  # reported in April
        six_month = rounds.open_round(
            organization, fiscal_year, RoundKind.SIX_MONTH, due_on=due_on, by=planner
        )
        self._report(six_month, [done, going, done, idle, going, carried, done, cancelled],
                     by=planner)  # fmt: skip
        rounds.close_round(six_month, by=planner)
        announced_on = due_on + timedelta(days=10)
        rounds.announce_round(
            six_month, by=executive, announced_on=announced_on,
            signer=organization.executive_name, position=organization.executive_position,
        )  # fmt: skip
        rounds.record_posting(
            six_month, by=planner, posted_from=announced_on + timedelta(days=1),
            posted_until=announced_on + timedelta(days=1 + settings.OPPLAN_POSTING_MIN_DAYS),
            where="บอร์ดประชาสัมพันธ์หน้าที่ทำการ และเว็บไซต์ของ อบต.",
        )  # fmt: skip
        # Reported and closed in April, not on the day the demo was made.
        DepartmentReport.objects.filter(round=six_month).update(submitted_at=_at(due_on, -3))
        Round.objects.filter(pk=six_month.pk).update(
            opened_at=_at(six_month.as_of, 1), closed_at=_at(due_on, 1)
        )

        annual = rounds.open_round(
            organization, fiscal_year, RoundKind.ANNUAL,
            due_on=timezone.localdate() + timedelta(days=10), by=planner,
        )  # fmt: skip
        self._report(annual, [done, done, done, carried, going, carried, done, cancelled],
                     by=planner, leave_out="กองช่าง")  # fmt: skip

    def _report(self, round_, cycle, *, by, leave_out=None):
        """Results for every row, their statuses taken in turn from `cycle`, and every
        department's report sent; of `leave_out` (a department's name) every other row is
        left as it stands and its report is not sent."""
        from results import rounds
        from results.models import ResultStatus
        from results.rounds import Entry

        share = {
            ResultStatus.DONE: Decimal("0.96"),
            ResultStatus.IN_PROGRESS: Decimal("0.40"),
            ResultStatus.NOT_STARTED: Decimal("0"),
            ResultStatus.CARRIED_OVER: Decimal("0"),
            ResultStatus.CANCELLED: Decimal("0"),
        }
        seen = 0
        entries = {}
        for number, row in enumerate(rounds.rows(round_)):
            project = row.project
            if project.department.name == leave_out:
                seen += 1
                if seen % 2 == 0:
                    continue  # left for the department to report
            status = cycle[number % len(cycle)]
            entries[project] = Entry(
                status=status,
                disbursed=(project.budget * share[status]).quantize(Decimal("0.01")),
                contract_amount=project.budget if status != ResultStatus.NOT_STARTED else None,
                progress={ResultStatus.DONE: 100, ResultStatus.IN_PROGRESS: 45}.get(status),
                problems="ฝนตกต่อเนื่อง ผู้รับจ้างเข้าพื้นที่ล่าช้า"
                if status == ResultStatus.IN_PROGRESS
                else "",
                suggestions="ควรเริ่มกระบวนการจัดซื้อจัดจ้างตั้งแต่ไตรมาสแรก"
                if status == ResultStatus.CARRIED_OVER
                else "",
            )
        rounds.save_results(round_, entries, by=by)
        reported = {project.department for project in entries}
        for department in sorted(reported, key=lambda d: d.pk):
            if department.name != leave_out:
                rounds.submit_department(round_, department, by=by)

    def _supplement(self, original, people, committees, start):
        """เพิ่มเติม ครั้งที่ 1 after a supplementary budget: three new rows, also posted."""
        organization = original.organization
        event = BudgetEvent(
            organization=organization,
            fiscal_year=original.fiscal_year,
            kind="supplementary",
            title=f"ข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม ฉบับที่ 1 พ.ศ. {original.fiscal_year}",
            announced_on=start,
        )
        save_budget_event(event, {}, by=OPERATOR)
        plan = create_edition(
            organization,
            original.fiscal_year,
            PlanKind.SUPPLEMENTARY,
            by=people["planner"],
            budget_events=[event],
        )
        new_rows = (
            ("ก่อสร้างรางระบายน้ำ คสล. หมู่ที่ 4", Decimal("385000"), "หมู่ที่ 4"),
            ("ติดตั้งไฟฟ้าส่องสว่างทางสาธารณะ หมู่ที่ 6", Decimal("148000"), "หมู่ที่ 6"),
            ("ปรับปรุงซ่อมแซมศาลาประชาคม หมู่ที่ 2", Decimal("97500"), "หมู่ที่ 2"),
        )
        template = original.projects.filter(is_equipment=False).first()
        for name, budget, village in new_rows:
            row = Project.objects.get(pk=template.pk)
            row.pk, row.plan, row.order = None, plan, 0
            row.name, row.budget, row.location = name, budget, village
            row.details = f"{name} ตามแบบที่ อบต. กำหนด"
            editing.save_project(row, by=OPERATOR)
        self._approve_and_post(plan, people, committees, start, number=2)

    def _projects(self, plan, data):
        organization = plan.organization
        strategies = {}
        for number, name in data["strategies"]:
            strategies[number], _ = Strategy.objects.get_or_create(
                organization=organization, number=number, defaults={"name": name}
            )
        programs = {p.name: p for p in Program.objects.all()}
        departments = {d.name: d for d in organization.departments.all()}
        sources = {s.kind: s for s in BudgetSource.objects.filter(organization=None)}
        for strategy, program, name, details, budget, source, location, unit, months, kind in data[
            "projects"
        ]:
            editing.save_project(
                Project(
                    plan=plan,
                    strategy=strategies[strategy],
                    program=programs[program],
                    name=name,
                    details=details,
                    budget=Decimal(budget),
                    budget_source=sources[source],
                    location=location,
                    department=departments[unit],
                    months=to_mask(months),
                    is_equipment=bool(kind),
                    equipment_type=kind,
                    equipment_category="ค่าครุภัณฑ์" if kind else "",
                    target=details if kind else "",
                ),
                by=OPERATOR,
            )


def _at(day, days_after=0):
    """9 o'clock (Bangkok) on `day` plus `days_after` days: a moment of the demo's history."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=days_after), time(9, 0)))


def notice_board_png() -> bytes:
    """A drawn stand-in for the officer's photo of the notice board."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (176, 128, 80))
    draw = ImageDraw.Draw(image)
    draw.rectangle((140, 40, 340, 290), fill=(250, 250, 245), outline=(90, 60, 30), width=3)
    for y in range(90, 270, 18):
        draw.line((160, y, 320, y), fill=(150, 150, 150), width=2)
    draw.ellipse((225, 50, 255, 80), outline=(120, 120, 120), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
