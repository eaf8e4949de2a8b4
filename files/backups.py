"""Backing up and restoring OpPlan: the database and every stored file in one archive.

The archive is a gzip'd tar whose members come in this order:

    opplan-backup.json    what it is: format, version, engine, when, applied migrations
    database.sqlite3      the database (SQLite's online backup) — or database.pgdump
                          (pg_dump's custom format) on PostgreSQL
    files/<name>          every file in the default storage, by its storage name
    manifest.json         the SHA-256 and size of every member above

The database is copied before the files: a file is stored before the row that names it
is committed and is never changed afterwards, so every file a copied row names is in the
archive. The manifest comes last because the files are hashed while they are written.

`restore_backup` reads the archive once into a temporary folder, checking each member
against the manifest, and changes nothing until everything has been checked: a file that
is not an OpPlan backup, a damaged one, one of the other database engine or of a newer
OpPlan is refused in Thai; so is a target that already holds data, unless `force`.
Files go through Django's storage API (ADR 0027 says what S3 would need).
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.db import connection
from django.utils import timezone

from files import databases

FORMAT = "opplan-backup"
VERSION = 1
HEADER = "opplan-backup.json"
MANIFEST = "manifest.json"
FILES = "files/"
CHUNK = 1024 * 1024

NOT_A_BACKUP = "ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของ OpPlan"
DAMAGED = "ไฟล์สำรองข้อมูลเสียหาย"


class BackupError(Exception):
    """A backup could not be made or restored; the message says why, in Thai."""


@dataclass
class Summary:
    engine: str
    database_bytes: int = 0
    files: int = 0
    files_bytes: int = 0
    archive_bytes: int = 0
    pending_migrations: list[str] = field(default_factory=list)


# --- backup ----------------------------------------------------------------------------


def create_backup(target: Path, *, overwrite: bool = False) -> Summary:
    """Write the database and every stored file to the archive `target`.

    The archive is written beside `target` under a temporary name and renamed once
    complete (readable by its owner only: it holds password hashes), so a failed backup
    never leaves a partial file under the final name. Raises BackupError.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise BackupError(f"ไม่พบโฟลเดอร์ {target.parent} สำหรับเก็บไฟล์สำรองข้อมูล")
    if target.is_dir():
        raise BackupError(f"{target} เป็นโฟลเดอร์ ต้องระบุชื่อไฟล์ เช่น {target / 'opplan.tar.gz'}")
    if target.exists() and not overwrite:
        raise BackupError(f"มีไฟล์ {target} อยู่แล้ว ใช้ --force เพื่อเขียนทับ")
    try:
        engine = databases.connect()
        summary = Summary(engine=engine)
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(handle)
        try:
            with tempfile.TemporaryDirectory(prefix="opplan-backup-") as work:
                _write_archive(Path(partial), Path(work), engine, summary)
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    except databases.DatabaseError as error:
        raise BackupError(f"สำรองฐานข้อมูลไม่สำเร็จ: {error}") from error
    except OSError as error:
        raise BackupError(f"เขียนไฟล์สำรองข้อมูลไม่สำเร็จ: {error}") from error
    summary.archive_bytes = target.stat().st_size
    return summary


def _write_archive(partial: Path, work: Path, engine: str, summary: Summary) -> None:
    manifest = {}
    with tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
        header = {
            "format": FORMAT,
            "version": VERSION,
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "migrations": databases.applied_migrations(),
        }
        _add_bytes(tar, HEADER, json.dumps(header, ensure_ascii=False, indent=1).encode())
        dump = work / databases.DUMP_NAMES[engine]
        databases.dump(dump)
        with dump.open("rb") as handle:
            manifest[dump.name] = _add_stream(tar, dump.name, handle, dump.stat().st_size)
        summary.database_bytes = dump.stat().st_size
        for name in stored_names():
            size = default_storage.size(name)
            with default_storage.open(name, "rb") as handle:
                manifest[FILES + name] = _add_stream(tar, FILES + name, handle, size)
            summary.files += 1
            summary.files_bytes += size
        _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())


def stored_names(top: str = ""):
    """Every file name in the default storage, folder by folder, sorted."""
    try:
        folders, names = default_storage.listdir(top)
    except FileNotFoundError:
        return
    for name in sorted(names):
        yield f"{top}/{name}" if top else name
    for folder in sorted(folders):
        yield from stored_names(f"{top}/{folder}" if top else folder)


class _Hashing:
    """A reader that hashes and counts what passes through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add_stream(tar, name: str, handle, size: int) -> dict:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    reader = _Hashing(handle)
    tar.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": reader.size}


def _add_bytes(tar, name: str, data: bytes) -> None:
    _add_stream(tar, name, io.BytesIO(data), len(data))


# --- restore ---------------------------------------------------------------------------


@dataclass
class _Contents:
    header: dict
    database: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)  # storage name → extracted copy
    members: dict[str, dict] = field(default_factory=dict)  # member → sha256, size
    manifest: dict | None = None


def restore_backup(source: Path, *, force: bool = False) -> Summary:
    """Replace the database and every stored file by those in the archive `source`.

    Everything is checked before anything changes: the archive is OpPlan's, undamaged
    (every member matches the manifest's SHA-256), of this database engine and of this
    OpPlan or an older one; the target holds no data unless `force`. The database is
    then replaced in one transaction, then the files (those not in the backup are
    deleted). Raises BackupError.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรองข้อมูล {source}")
    engine = _engine()
    with tempfile.TemporaryDirectory(prefix="opplan-restore-") as work:
        contents = _read_archive(source, Path(work), engine, force=force)
        summary = Summary(engine=engine, archive_bytes=source.stat().st_size)
        summary.database_bytes = contents.database.stat().st_size
        try:
            databases.load(contents.database)
        except databases.DatabaseError as error:
            raise BackupError(f"กู้คืนฐานข้อมูลไม่สำเร็จ (ฐานข้อมูลยังเป็นแบบเดิม): {error}") from error
        try:
            _replace_files(contents.files, summary)
        except OSError as error:
            raise BackupError(
                f"กู้คืนฐานข้อมูลแล้ว แต่กู้คืนไฟล์ไม่สำเร็จ: {error} กรุณากู้คืนอีกครั้งด้วย --force"
            ) from error
    known = databases.known_migrations()
    applied = {tuple(pair) for pair in contents.header["migrations"]}
    summary.pending_migrations = sorted(f"{app}.{name}" for app, name in known - applied)
    return summary


def _engine() -> str:
    try:
        return databases.connect()
    except databases.DatabaseError as error:
        raise BackupError(str(error)) from error


def _read_archive(source: Path, work: Path, engine: str, *, force: bool) -> _Contents:
    try:
        tar = tarfile.open(source, "r|gz")  # noqa: SIM115 -- closed by the `with` below
    except (tarfile.ReadError, tarfile.CompressionError, EOFError, zlib.error):
        raise BackupError(NOT_A_BACKUP) from None
    try:
        with tar:
            members = iter(tar)
            contents = _read_header(tar, next(members, None), engine)
            if not force:
                _require_empty_target()
            for number, member in enumerate(members):
                _read_member(tar, member, work / f"{number:06d}", contents)
    except (tarfile.ReadError, tarfile.CompressionError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"{DAMAGED} (อ่านไม่ได้ครบ: {error})") from None
    _check_manifest(contents)
    return contents


def _read_header(tar, member, engine: str) -> _Contents:
    if member is None or member.name != HEADER or not member.isfile():
        raise BackupError(NOT_A_BACKUP)
    try:
        header = json.loads(tar.extractfile(member).read().decode())
    except (ValueError, UnicodeDecodeError):
        raise BackupError(NOT_A_BACKUP) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(NOT_A_BACKUP)
    if header.get("version") != VERSION:
        raise BackupError(
            f"ไฟล์สำรองข้อมูลนี้เป็นรูปแบบรุ่นที่ {header.get('version')} ซึ่ง OpPlan รุ่นนี้ไม่รู้จัก"
            f" (รู้จักรุ่นที่ {VERSION}) กรุณากู้คืนด้วย OpPlan รุ่นที่สร้างไฟล์นี้"
        )
    theirs = header.get("engine")
    if theirs != engine:
        raise BackupError(
            f"ไฟล์สำรองข้อมูลนี้เป็นฐานข้อมูล {databases.ENGINES.get(theirs, theirs)} "
            f"แต่ระบบนี้ใช้ {databases.ENGINES[engine]} จึงกู้คืนไม่ได้ "
            "(กู้คืนได้เฉพาะในระบบที่ใช้ฐานข้อมูลชนิดเดียวกัน)"
        )
    migrations = header.get("migrations")
    if not isinstance(migrations, list) or not all(
        isinstance(pair, list) and len(pair) == 2 for pair in migrations
    ):
        raise BackupError(NOT_A_BACKUP)
    unknown = sorted(
        f"{app}.{name}"
        for app, name in {tuple(p) for p in migrations} - databases.known_migrations()
    )
    if unknown:
        raise BackupError(
            "ไฟล์สำรองข้อมูลนี้มาจาก OpPlan รุ่นที่ใหม่กว่าโปรแกรมนี้ (ฐานข้อมูลมีการปรับโครงสร้างที่"
            f"โปรแกรมนี้ไม่รู้จัก เช่น {unknown[0]}) กรุณาปรับรุ่นโปรแกรมก่อนกู้คืน"
        )
    return _Contents(header=header)


def _read_member(tar, member, copy: Path, contents: _Contents) -> None:
    name = member.name
    if not member.isfile():
        raise BackupError(f"{DAMAGED}: มีรายการ {name} ที่ไม่ใช่ไฟล์")
    if name in contents.members or (contents.manifest is not None):
        raise BackupError(f"{DAMAGED}: มีรายการ {name} ซ้ำหรือต่อท้ายรายการตรวจสอบ")
    if name == MANIFEST:
        try:
            manifest = json.loads(tar.extractfile(member).read().decode())
        except (ValueError, UnicodeDecodeError):
            raise BackupError(f"{DAMAGED}: อ่านรายการตรวจสอบ (manifest) ไม่ได้") from None
        if not isinstance(manifest, dict):
            raise BackupError(f"{DAMAGED}: อ่านรายการตรวจสอบ (manifest) ไม่ได้")
        contents.manifest = manifest
        return
    if name == databases.DUMP_NAMES[contents.header["engine"]] and contents.database is None:
        contents.database = copy
    elif name.startswith(FILES) and _is_storage_name(name.removeprefix(FILES)):
        contents.files[name.removeprefix(FILES)] = copy
    else:
        raise BackupError(f"{DAMAGED}: มีรายการ {name} ที่ไม่ใช่ของไฟล์สำรองข้อมูล OpPlan")
    digest = hashlib.sha256()
    size = 0
    reader = tar.extractfile(member)
    with copy.open("wb") as out:
        while chunk := reader.read(CHUNK):  # a damaged archive fails here (caller)
            digest.update(chunk)
            size += len(chunk)
            try:
                out.write(chunk)
            except OSError as error:
                raise BackupError(f"เขียนไฟล์ชั่วคราวระหว่างตรวจไฟล์สำรองไม่ได้: {error}") from None
    contents.members[name] = {"sha256": digest.hexdigest(), "size": size}


def _is_storage_name(name: str) -> bool:
    try:
        validate_file_name(name, allow_relative_path=True)
    except SuspiciousFileOperation:
        return False
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _check_manifest(contents: _Contents) -> None:
    manifest = contents.manifest
    if manifest is None:
        raise BackupError(f"{DAMAGED}: ไม่มีรายการตรวจสอบ (manifest) ท้ายไฟล์ ไฟล์อาจถูกตัดขาด")
    if contents.database is None:
        raise BackupError(f"{DAMAGED}: ไม่มีฐานข้อมูลในไฟล์")
    missing = sorted(set(manifest) - set(contents.members))
    if missing:
        raise BackupError(f"{DAMAGED}: ขาด {missing[0]} (และอื่นรวม {len(missing)} รายการ)")
    for name, found in contents.members.items():
        expected = manifest.get(name)
        if not isinstance(expected, dict) or expected.get("sha256") != found["sha256"]:
            raise BackupError(f"{DAMAGED}: {name} ไม่ตรงกับ SHA-256 ในรายการตรวจสอบ")


def _require_empty_target() -> None:
    """Refuse to restore over data: any account, organisation or stored file."""
    tables = set(connection.introspection.table_names())
    held = []
    for label in (settings.AUTH_USER_MODEL, "accounts.Organization"):
        model = apps.get_model(label)
        if model._meta.db_table in tables and model._base_manager.exists():
            held.append(str(model._meta.verbose_name_plural))
    if next(stored_names(), None) is not None:
        held.append("ไฟล์ที่อัปโหลดหรือเผยแพร่")
    if held:
        raise BackupError(
            f"ระบบปลายทางมีข้อมูลอยู่แล้ว ({', '.join(held)}) การกู้คืนจะแทนที่ทั้งหมด "
            "หากต้องการแทนที่จริง ให้สั่งอีกครั้งพร้อม --force"
        )


def _replace_files(files: dict[str, Path], summary: Summary) -> None:
    for name in list(stored_names()):
        if name not in files:
            default_storage.delete(name)
    for name, copy in sorted(files.items()):
        if default_storage.exists(name):
            default_storage.delete(name)
        with copy.open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise OSError(f"ที่เก็บไฟล์บันทึก {name} เป็น {saved}")
        summary.files += 1
        summary.files_bytes += copy.stat().st_size
