"""manage.py backup and restore: the database and every stored file in one archive.

The round trip runs on the test database's engine: SQLite in a developer's `make test`,
PostgreSQL when DATABASE_URL points there (CI). It compares every table, row by row, and
every file by SHA-256. Every refusal is in Thai, exits non-zero and changes nothing.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Organization, User
from files import backups
from tests.factories import make_organization, png_bytes, seed_demo
from tests.reference_data import restore_reference_data

OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}


def tables() -> dict[str, tuple[int, list]]:
    """Every table of the database: (row count, every row), rows in a stable order."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            names.append("sqlite_sequence")  # the next id of every table
        dump = {}
        for name in sorted(names):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")  # noqa: S608
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            dump[name] = (len(rows), sorted(rows, key=repr))
    return dump


def files() -> dict[str, str]:
    """Every file under MEDIA_ROOT: its name and SHA-256."""
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def state():
    return tables(), files()


def backup(path, *args):
    out = io.StringIO()
    call_command("backup", str(path), *args, stdout=out)
    return out.getvalue()


def restore(path, *args):
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(media, transactional_db):
    """The demo organisation (seed_demo: plans, meetings, announcements, published files,
    posting photos), plus a logo with a Thai name and a waiting import preview."""
    restore_reference_data()
    seed_demo()
    organization = Organization.objects.get(slug="demo")
    organization.logo.save("ตราสัญลักษณ์.png", ContentFile(png_bytes((16, 16), (0, 90, 40))))
    default_storage.save("imports/0123456789abcdef.xlsx", ContentFile(b"PK\x03\x04 preview"))
    return organization


def test_a_backup_restored_over_changed_data_gives_back_every_table_and_file(demo, tmp_path):
    before = state()
    assert len(before[1]) >= 18  # published PDFs and XLSX, photos, the logo, a preview
    archive = tmp_path / "opplan.tar.gz"
    output = backup(archive)
    assert output.startswith(f"สำรองข้อมูลแล้ว: {archive}")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # it holds password hashes
    assert state() == before  # a backup changes nothing

    # Afterwards people go on working: rows change, a file goes, another comes.
    User.objects.create_user("newcomer", password="x-1234-long")
    Organization.objects.filter(pk=demo.pk).update(name="อบต.ที่เปลี่ยนชื่อ")
    first = sorted(before[1])[0]
    os.unlink(Path(settings.MEDIA_ROOT) / first)
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("not in the backup")
    changed = state()

    with pytest.raises(CommandError, match=r"ระบบปลายทางมีข้อมูลอยู่แล้ว.*--force"):
        restore(archive)
    assert state() == changed

    output = restore(archive, "--force")
    assert output.startswith(f"กู้คืนแล้ว: {archive}")
    after = state()
    assert after[1] == before[1]
    assert after[0].keys() == before[0].keys()
    for table, (count, rows) in before[0].items():
        assert after[0][table] == (count, rows), table
    # The sequences came back too: a new row does not collide with a restored one.
    newcomer = User.objects.create_user("after-restore", password="x-1234-long")
    assert newcomer.pk > max(pk for (pk, *_) in before[0][User._meta.db_table][1])


def test_a_backup_restores_into_an_empty_installation_without_force(demo, tmp_path):
    before = state()
    archive = tmp_path / "opplan.tar.gz"
    backup(archive)
    call_command("flush", interactive=False, verbosity=0)
    for name in files():
        os.unlink(Path(settings.MEDIA_ROOT) / name)
    assert not User.objects.exists()
    restore(archive)
    assert state() == before


# --- refusals ----------------------------------------------------------------------------


@pytest.fixture
def archive(transactional_db, media, tmp_path):
    """A real backup of a small installation (one organisation, a logo)."""
    organization = make_organization(slug="small")
    organization.logo.save("logo.png", ContentFile(png_bytes()))
    path = tmp_path / "small.tar.gz"
    backups.create_backup(path)
    return path


def members(path: Path) -> list[tuple[str, bytes]]:
    with tarfile.open(path, "r:gz") as tar:
        return [(member.name, tar.extractfile(member).read()) for member in tar]


def write(path: Path, contents: list[tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in contents:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def with_header(path: Path, change) -> list[tuple[str, bytes]]:
    contents = members(path)
    header = json.loads(contents[0][1])
    change(header)
    return [(backups.HEADER, json.dumps(header).encode()), *contents[1:]]


def refused(path, message, *args):
    before = state()
    with pytest.raises(CommandError, match=message):
        restore(path, "--force", *args)
    assert state() == before


def test_a_file_that_is_not_a_backup_is_refused(archive, tmp_path):
    text = tmp_path / "notes.tar.gz"
    text.write_text("แผนการดำเนินงาน ปี 2570")
    refused(text, "ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของ OpPlan")
    headless = write(tmp_path / "headless.tar.gz", members(archive)[1:])
    refused(headless, "ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของ OpPlan")
    refused(tmp_path / "missing.tar.gz", "ไม่พบไฟล์สำรองข้อมูล")


def test_a_changed_member_is_named_as_damage(archive, tmp_path):
    contents = [(n, d + b"x" if n == "files/logos/logo.png" else d) for n, d in members(archive)]
    damaged = write(tmp_path / "damaged.tar.gz", contents)
    refused(damaged, r"ไฟล์สำรองข้อมูลเสียหาย: files/logos/logo\.png ไม่ตรงกับ SHA-256")


def test_a_truncated_archive_is_damaged(archive, tmp_path):
    data = archive.read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    refused(cut, "ไฟล์สำรองข้อมูลเสียหาย")


def test_a_missing_member_is_damaged(archive, tmp_path):
    contents = [(n, d) for n, d in members(archive) if not n.startswith("files/")]
    refused(write(tmp_path / "gone.tar.gz", contents),
            r"ไฟล์สำรองข้อมูลเสียหาย: ขาด files/logos/logo\.png")  # fmt: skip


def test_a_member_outside_the_layout_is_refused(archive, tmp_path):
    *contents, manifest = members(archive)
    evil = [*contents, ("files/../../etc/cron.d/opplan", b"* * * * * root true"), manifest]
    refused(write(tmp_path / "evil.tar.gz", evil), "ไม่ใช่ของไฟล์สำรองข้อมูล OpPlan")


def test_a_backup_of_the_other_engine_is_refused(archive, tmp_path):
    other = OTHER_ENGINE[connection.vendor]
    swapped = write(
        tmp_path / "swapped.tar.gz", with_header(archive, lambda h: h.update(engine=other))
    )
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    refused(swapped, f"ไฟล์สำรองข้อมูลนี้เป็นฐานข้อมูล {label[other]} แต่ระบบนี้ใช้ {label[connection.vendor]}")


def test_a_backup_of_a_newer_opplan_is_refused(archive, tmp_path):
    contents = with_header(archive, lambda h: h["migrations"].append(["projects", "9999_future"]))
    refused(write(tmp_path / "newer.tar.gz", contents),
            "มาจาก OpPlan รุ่นที่ใหม่กว่าโปรแกรมนี้.*projects.9999_future")  # fmt: skip


def test_the_backup_command_refuses_a_missing_folder_and_an_existing_file(archive, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบโฟลเดอร์"):
        backup(tmp_path / "no-such-folder" / "b.tar.gz")
    assert not (tmp_path / "no-such-folder").exists()
    before = archive.read_bytes()
    with pytest.raises(CommandError, match="อยู่แล้ว ใช้ --force เพื่อเขียนทับ"):
        backup(archive)
    assert archive.read_bytes() == before
    backup(archive, "--force")
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.getnames()[0] == backups.HEADER
        assert tar.getnames()[-1] == backups.MANIFEST
    assert sorted(os.listdir(tmp_path)) == ["media", "small.tar.gz"]  # no partial file left


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_an_unreachable_database_is_a_thai_message(command, tmp_path):
    archive = tmp_path / "opplan.tar.gz"
    archive.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", command, str(archive), "--force"],
        cwd=Path(__file__).resolve().parents[2],
        env=os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path}/no-such-folder/db.sqlite3",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "เชื่อมต่อฐานข้อมูล" in result.stderr and "ไม่ได้" in result.stderr
    assert "Traceback" not in result.stderr
    assert archive.read_bytes() == b""
