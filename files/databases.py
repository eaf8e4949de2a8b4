"""The database part of a backup: a consistent copy of the whole database in one file.

SQLite: its online backup API (`sqlite3.Connection.backup`) copies every page while
OpPlan keeps running, and copies them back on restore in one transaction of the target.
PostgreSQL: `pg_dump --format=custom`; the restore drops every table, sequence, view and
collation of the schema and loads the dump in one transaction (`pg_restore` writes the
SQL, `psql --single-transaction` runs it), so a failed restore leaves the database as it
was. Both work on Django's `default` database.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from glob import glob
from pathlib import Path

from django.db import DatabaseError as DjangoDatabaseError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class DatabaseError(Exception):
    """The database could not be copied or loaded (the message is Thai)."""


def engine() -> str:
    """ "sqlite" or "postgresql": the engine of the default database."""
    if connection.vendor not in ENGINES:
        raise DatabaseError(
            f"สำรองหรือกู้คืนฐานข้อมูลชนิด {connection.vendor} ไม่ได้ (รองรับ SQLite และ PostgreSQL)"
        )
    return connection.vendor


def connect() -> str:
    """The engine, once the default database answers."""
    name = engine()
    try:
        connection.ensure_connection()
    except DjangoDatabaseError as error:
        raise DatabaseError(
            f"เชื่อมต่อฐานข้อมูล {connection.settings_dict['NAME']} ไม่ได้: {error}".strip()
        ) from None
    return name


def applied_migrations() -> list[list[str]]:
    """[app, migration] of every migration recorded in the database, sorted."""
    if MigrationRecorder.Migration._meta.db_table not in connection.introspection.table_names():
        return []
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def known_migrations() -> set[tuple[str, str]]:
    """(app, migration) of every migration this copy of OpPlan has on disk."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _outside_transactions() -> None:
    # SQLite's backup waits for the connection's own open transaction forever.
    if connection.in_atomic_block:
        raise DatabaseError("สำรองหรือกู้คืนภายใน transaction ที่เปิดอยู่ไม่ได้")


def dump(target: Path) -> None:
    """Copy the whole database into the file `target`."""
    _outside_transactions()
    if engine() == "sqlite":
        connection.ensure_connection()
        try:
            with closing(sqlite3.connect(target)) as copy:
                connection.connection.backup(copy)
        except sqlite3.Error as error:
            raise DatabaseError(f"SQLite: {error}") from error
    else:
        _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")


def load(source: Path) -> None:
    """Replace the whole database by the copy in `source` (one transaction)."""
    _outside_transactions()
    if engine() == "sqlite":
        connection.ensure_connection()
        try:
            with closing(sqlite3.connect(source)) as copy:
                copy.backup(connection.connection)
        except sqlite3.Error as error:  # e.g. locked by a web server or worker still running
            raise DatabaseError(f"SQLite: {error}") from error
    else:
        script = source.with_suffix(".sql")
        _run("pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(source))
        drop = source.with_suffix(".drop.sql")
        drop.write_text(_drop_everything(), encoding="utf-8")
        _run("psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
             f"--file={drop}", f"--file={script}")  # fmt: skip
    # Whatever the connection knew (schema, cached statements) belongs to the old copy.
    connection.close()


# What a dump of OpPlan's schema creates: relations (tables with their sequences and
# indexes, views) and collations (thai/migrations/0001). Views go first, collations last.
_RELATIONS = """
    SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm', 'r', 'p', 'S')
"""
_COLLATIONS = """
    SELECT c.collname FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
    WHERE n.nspname = current_schema()
"""
_KINDS = {"v": "VIEW", "m": "MATERIALIZED VIEW", "r": "TABLE", "p": "TABLE", "S": "SEQUENCE"}


def _drop_everything() -> str:
    """SQL that drops every object of the current schema a restore will create again."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        cursor.execute(_RELATIONS)
        relations = cursor.fetchall()
        cursor.execute(_COLLATIONS)
        collations = [name for (name,) in cursor.fetchall()]
    lines = []
    for kind in ("v", "m", "r", "p", "S"):
        for name, _ in sorted(r for r in relations if r[1] == kind):
            lines.append(f"DROP {_KINDS[kind]} IF EXISTS {schema}.{quote(name)} CASCADE;")
    lines += [f"DROP COLLATION IF EXISTS {schema}.{quote(name)} CASCADE;" for name in collations]
    return "\n".join(lines) + "\n"


def _run(program: str, *args: str) -> None:
    """Run a PostgreSQL client on the default database (connection from the environment
    variables libpq reads, so a password never appears in a process list)."""
    settings = connection.settings_dict
    env = os.environ | {
        "PGDATABASE": settings["NAME"],
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
    }
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    env = {key: value for key, value in env.items() if value != ""}
    command = [_program(program), *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise DatabaseError(f"{program} ทำงานไม่สำเร็จ: " + " ".join(detail))


def _program(name: str) -> str:
    """The PostgreSQL client `name` on PATH, else the newest in Debian's
    /usr/lib/postgresql/<version>/bin (pg_dump must be as new as the server)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise DatabaseError(
            f"ไม่พบโปรแกรม {name} ของ PostgreSQL: ติดตั้งแพ็กเกจ postgresql-client "
            "(รุ่นเดียวกับเซิร์ฟเวอร์หรือใหม่กว่า)"
        )
    return candidates[-1]
