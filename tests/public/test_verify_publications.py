"""verify_publications: every published file re-rendered and compared (ADR 0018)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from approvals import workflow
from approvals.models import Snapshot
from approvals.snapshots import digest
from public.models import PublishedFile
from public.publication import FILES, publish
from tests.factories import endorse, make_plan, make_project, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(plan, planner, support_member, committee_member, executive):
    make_project(plan, strategy=make_strategy(plan.organization), name="ขุดลอกคลองส่งน้ำ หมู่ที่ 3")
    endorse(plan, by=planner)
    workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                     announced_by="นายสมศักดิ์ นำชุมชน")  # fmt: skip
    plan.refresh_from_db()
    publish(plan)
    return plan


def verify(*args):
    out = StringIO()
    call_command("verify_publications", *args, stdout=out)
    return out.getvalue()


def test_untouched_files_all_match_with_one_line_each(published, organization):
    out = verify("--organization", organization.slug)
    lines = out.splitlines()
    names = set(PublishedFile.objects.values_list("name", flat=True))
    matched = {line.split("\t")[3] for line in lines if line.startswith("ตรงกัน\t")}
    assert names < matched and len(names) == len(FILES)
    assert lines[-1] == f"ตรวจ 1 ฉบับ {len(FILES)} ไฟล์: ไม่ตรงกัน 0 รายการ"


def test_a_stored_file_whose_bytes_changed_is_reported_and_the_exit_is_non_zero(
    published, organization
):
    record = PublishedFile.objects.get(plan=published, document="pd02", fmt="xlsx")
    with record.file.open("ab") as handle:
        handle.write(b"tampered")
    out = StringIO()
    with pytest.raises(CommandError, match="ไม่ตรงกัน 1 รายการ"):
        call_command("verify_publications", "--plan", str(published.pk), stdout=out)
    (line,) = [x for x in out.getvalue().splitlines() if x.startswith("ไม่ตรงกัน")]
    assert record.name in line and f"บันทึกไว้ {record.sha256}" in line
    assert f"พิมพ์ใหม่ {record.sha256}" in line  # the fresh render still matches the record
    assert "ไฟล์ที่เก็บ " in line and f"ไฟล์ที่เก็บ {record.sha256}" not in line


def test_a_snapshot_that_no_longer_matches_its_sha256_is_reported(published):
    snapshot = Snapshot.objects.get(plan=published)
    content = snapshot.content | {"announced_by": "ผู้อื่น"}
    Snapshot.objects.filter(pk=snapshot.pk).update(content=content)  # tampering, as a test
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_publications", stdout=out)
    (line,) = [x for x in out.getvalue().splitlines() if x.startswith("ไม่ตรงกัน")]
    assert "บันทึกฉบับที่ประกาศ" in line and snapshot.sha256 in line


def test_an_edition_announced_before_printed_values_were_recorded_says_when_they_were_captured(
    plan, planner, support_member, committee_member, executive
):
    make_project(plan, strategy=make_strategy(plan.organization))
    endorse(plan, by=planner)
    workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                     announced_by="นายก")  # fmt: skip
    snapshot = Snapshot.objects.get(plan=plan)
    old = {key: value for key, value in snapshot.content.items() if key != "printed"}
    Snapshot.objects.filter(pk=snapshot.pk).update(content=old, sha256=digest(old))  # as before
    plan.refresh_from_db()
    publish(plan)
    lines = verify().splitlines()
    assert lines[-1] == f"ตรวจ 1 ฉบับ {len(FILES)} ไฟล์: ไม่ตรงกัน 0 รายการ"
    assert any(x.startswith("ตรงกัน") and "ค่าที่พิมพ์ซึ่งบันทึกภายหลังการประกาศ" in x for x in lines)
    (note,) = [x for x in lines if x.startswith("หมายเหตุ")]
    assert "หลังการประกาศ" in note


def test_drafts_are_not_checked_and_an_unpublished_edition_is_listed(plan, published, organization):
    assert make_plan(organization, fiscal_year=2571).status == "draft"
    PublishedFile.objects.all().delete()
    assert verify().splitlines() == [
        f"ยังไม่เผยแพร่\t{organization.slug}\tแผน {published.pk}\t{published.title}",
        f"ตรงกัน\t{organization.slug}\tแผน {published.pk}\tบันทึกฉบับที่ประกาศ\t"
        f"{Snapshot.objects.get().sha256}",
        "ตรวจ 1 ฉบับ 0 ไฟล์: ไม่ตรงกัน 0 รายการ",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "abc"], "ต้องเป็นตัวเลข"),
        (["--plan", "99999"], "ไม่พบแผนรหัส 99999"),
        (["--organization", "no-such-org"], r"ไม่พบ อปท\. ที่มี slug “no-such-org”"),
    ],
)
def test_bad_arguments_are_refused_in_thai(args, message, db):
    with pytest.raises(CommandError, match=message):
        verify(*args)


def test_a_draft_or_another_organisations_plan_is_refused(published, organization, other_plan):
    draft = make_plan(organization, fiscal_year=2571)
    with pytest.raises(CommandError, match="ยังไม่ได้ประกาศใช้"):
        verify("--plan", str(draft.pk))
    with pytest.raises(CommandError, match=r"ไม่ใช่แผนของ อปท\."):
        verify("--plan", str(published.pk), "--organization", other_plan.organization.slug)


def test_after_a_corrected_announcement_both_sets_and_both_revisions_verify(published, executive):
    workflow.correct_announcement(published, by=executive, announced_on=date(2026, 10, 21),
                                  announced_by="นายสมศักดิ์ นำชุมชน", reason="พิมพ์วันที่ผิด")  # fmt: skip
    published.refresh_from_db()
    publish(published)
    out = verify("--plan", str(published.pk))
    lines = out.splitlines()
    assert lines[-1] == f"ตรวจ 1 ฉบับ {2 * len(FILES)} ไฟล์: ไม่ตรงกัน 0 รายการ"
    assert sum("บันทึกฉบับที่ประกาศ" in line and "ตรงกัน" in line for line in lines) == 2
    # Tampering with a first-revision file is still caught.
    record = PublishedFile.objects.get(plan=published, revision=1, document="pd02", fmt="pdf")
    with record.file.open("wb") as handle:
        handle.write(b"%PDF-1.7 altered")
    with pytest.raises(CommandError):
        verify("--plan", str(published.pk))
