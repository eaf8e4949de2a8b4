"""Re-render every published file of announced editions (and of announced rounds'
results) and compare SHA-256 (ADR 0018, ADR 0031)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from projects.management.commands._plans import plan_from_id
from projects.models import Plan
from public.publication import IN_FORCE
from public.verification import captured_at, check_file, check_records, check_round_file
from results.models import Round, RoundStatus

MATCH, MISMATCH = "ตรงกัน", "ไม่ตรงกัน"


class Command(BaseCommand):
    help = (
        "ตรวจไฟล์ที่เผยแพร่ของแผนที่ประกาศใช้แล้ว: พิมพ์ใหม่แล้วเทียบ SHA-256 กับที่บันทึกไว้ "
        "และกับไฟล์ที่เก็บไว้ (ไม่ตรงกันแม้ไฟล์เดียว จบด้วยรหัสที่ไม่ใช่ 0)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", help="slug ของ อปท. (ไม่ระบุ = ทุก อปท.)")
        parser.add_argument("--plan", help="รหัสแผน (ไม่ระบุ = ทุกฉบับที่ประกาศใช้แล้ว)")

    def handle(self, *args, organization=None, plan=None, **options):
        plans = self._plans(organization, plan)
        files = problems = 0
        for edition in plans:
            where = f"{edition.organization.slug}\tแผน {edition.pk}"
            records = list(edition.published_files.all())
            if not records:
                self.stdout.write(f"ยังไม่เผยแพร่\t{where}\t{edition.title}")
            for record in records:
                files += 1
                check = check_file(record)
                if check.ok:
                    self.stdout.write(f"{MATCH}\t{where}\t{record.name}\t{record.sha256}")
                    continue
                problems += 1
                line = (
                    f"{MISMATCH}\t{where}\t{record.name}\tบันทึกไว้ {record.sha256}"
                    f"\tพิมพ์ใหม่ {check.fresh or '-'}\tไฟล์ที่เก็บ {check.stored or '-'}"
                )
                self.stdout.write(f"{line}\t{check.error}" if check.error else line)
            # After rendering: an edition announced before snapshots held its printed
            # values has them captured at the first render.
            for check in check_records(edition):
                if check.ok:
                    self.stdout.write(f"{MATCH}\t{where}\t{check.label}\t{check.recorded}")
                    continue
                problems += 1
                self.stdout.write(
                    f"{MISMATCH}\t{where}\t{check.label}\tบันทึกไว้ {check.recorded or '-'}"
                    f"\tคำนวณจากเนื้อหา {check.computed or '-'}"
                )
            late = captured_at(edition)
            if late is not None:
                self.stdout.write(
                    f"หมายเหตุ\t{where}\tชื่อ ถ้อยคำ ตรา และผู้ลงนามของฉบับนี้บันทึกเมื่อ "
                    f"{late:%Y-%m-%d} หลังการประกาศ "
                    "(ประกาศก่อนที่ระบบจะเก็บค่าที่พิมพ์ไว้กับฉบับที่ประกาศ)"
                )
        checked_rounds = self._rounds(organization) if plan is None else []
        for round_ in checked_rounds:
            where = f"{round_.organization.slug}\tรอบ {round_.pk}"
            for record in round_.published_files.all():
                files += 1
                check = check_round_file(record)
                if check.ok:
                    self.stdout.write(f"{MATCH}\t{where}\t{record.name}\t{record.sha256}")
                    continue
                problems += 1
                line = (
                    f"{MISMATCH}\t{where}\t{record.name}\tบันทึกไว้ {record.sha256}"
                    f"\tพิมพ์ใหม่ {check.fresh or '-'}\tไฟล์ที่เก็บ {check.stored or '-'}"
                )
                self.stdout.write(f"{line}\t{check.error}" if check.error else line)
        also = f" และรอบรายงานผล {len(checked_rounds)} รอบ" if checked_rounds else ""
        self.stdout.write(f"ตรวจ {len(plans)} ฉบับ{also} {files} ไฟล์: ไม่ตรงกัน {problems} รายการ")
        if problems:
            raise CommandError(f"พบรายการที่ไม่ตรงกัน {problems} รายการ")

    def _plans(self, slug, plan_id) -> list:
        plans = Plan.objects.filter(status__in=IN_FORCE).select_related("organization")
        if slug:
            if not Organization.objects.filter(slug=slug).exists():
                raise CommandError(f"ไม่พบ อปท. ที่มี slug “{slug}”")
            plans = plans.filter(organization__slug=slug)
        if plan_id is not None:
            plan = plan_from_id(plan_id)
            if plan.status not in IN_FORCE:
                raise CommandError(f"แผนรหัส {plan.pk} ยังไม่ได้ประกาศใช้ จึงไม่มีไฟล์เผยแพร่ให้ตรวจ")
            if slug and plan.organization.slug != slug:
                raise CommandError(f"แผนรหัส {plan.pk} ไม่ใช่แผนของ อปท. “{slug}”")
            plans = plans.filter(pk=plan.pk)
        return list(plans.order_by("organization__slug", "fiscal_year", "pk"))

    def _rounds(self, slug) -> list:
        """Announced rounds (of one organisation with --organization) with their files."""
        rounds = Round.objects.filter(status=RoundStatus.ANNOUNCED).select_related("organization")
        if slug:
            rounds = rounds.filter(organization__slug=slug)
        rounds = rounds.prefetch_related("published_files")
        return list(rounds.order_by("organization__slug", "fiscal_year", "pk"))
