"""Backups: `manage.py backup_portal` takes the database and the files together; `manage.py restore_portal`
(a separate process, as IT would run it) brings them back into an EMPTY database and an empty media
directory, and the restored rows of every table and the files' checksum match. Runs on SQLite and on
PostgreSQL (pg_dump / pg_restore), whichever the suite runs on."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from actions.models import ProgressUpdate, Status
from ops.backup import MANIFEST, BackupManifest, files_checksum
from tests.conftest import add_update

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan_with_files(world, media):
    """The personas' plan with progress, an evidence file on an update and other stored files."""
    update = add_update(world.police_action, 2009, 2, Status.ON_TRACK)
    update.evidence_file.save("minutes.pdf", ContentFile(b"%PDF-1.4 minutes of the SIG\n" * 50))
    default_storage.save("imports/north/plan 2009–10.xlsx", ContentFile(os.urandom(20_000)))
    default_storage.save("evidence/north/empty.txt", ContentFile(b""))
    return world


def database_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def directory_checksum(root: Path) -> str:
    """The files' checksum worked out here from the directory itself, as the manifest defines it."""
    files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in root.rglob("*") if p.is_file()}
    return files_checksum(files)


@pytest.fixture
def empty_database(tmp_path) -> Iterator[tuple[str, object]]:
    """(DATABASE_URL, a function counting its rows per table) of a new, empty database."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def sqlite_counts() -> dict[str, int]:
            with sqlite3.connect(path) as db:
                names = [r[0] for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
                return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}

        yield f"sqlite:///{path}", sqlite_counts
        return
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"  # runs sharing a server do not collide
    params = {"host": settings_dict["HOST"] or "127.0.0.1", "port": settings_dict["PORT"] or 5432,
              "user": settings_dict["USER"], "password": settings_dict["PASSWORD"] or None}

    def admin(sql: str) -> None:
        db = psycopg2.connect(dbname="postgres", **params)
        db.autocommit = True
        with db.cursor() as cursor:
            cursor.execute(sql)
        db.close()

    def pg_counts() -> dict[str, int]:
        db = psycopg2.connect(dbname=name, **params)
        with db.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            names = [r[0] for r in cursor.fetchall()]
            counts = {}
            for n in names:
                cursor.execute(f'SELECT COUNT(*) FROM "{n}"')
                counts[n] = cursor.fetchone()[0]
        db.close()
        return counts

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        password = f":{params['password']}" if params["password"] else ""
        yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}", pg_counts
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(backup: Path, database_url: str, media_root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root),
           "DJANGO_SETTINGS_MODULE": "portal.settings"}
    return subprocess.run([sys.executable, "manage.py", "restore_portal", str(backup), *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(plan_with_files, media, tmp_path,
                                                                          empty_database):
    database_url, restored_counts = empty_database
    before = database_counts()
    assert before["actions_progressupdate"] == 1 and before["partnerships_membership"] == 6
    call_command("backup_portal", str(tmp_path / "backup"))
    manifest = BackupManifest.read(tmp_path / "backup")
    assert manifest.tables == before
    assert manifest.files_sha256 == directory_checksum(media)
    assert len(manifest.files) == 3
    dump = (tmp_path / "backup" / manifest.database_file).read_bytes()
    assert dump.startswith(b"PGDMP" if connection.vendor == "postgresql" else b"SQLite format 3\x00")  # custom format

    restored_media = tmp_path / "restored-media"
    assert restored_counts() == {}  # empty before
    done = restore(tmp_path / "backup", database_url, restored_media)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "checked against its manifest" in done.stdout

    assert restored_counts() == before
    assert directory_checksum(restored_media) == directory_checksum(media)
    evidence = ProgressUpdate.objects.get().evidence_file.name
    assert (restored_media / evidence).read_bytes() == (media / evidence).read_bytes()


def test_restore_refuses_a_database_that_is_not_empty(plan_with_files, tmp_path):
    call_command("backup_portal", str(tmp_path / "backup"))
    add_update(plan_with_files.housing_action, 2009, 2, Status.AT_RISK)
    with pytest.raises(CommandError, match="restore into an empty database and storage, or pass --replace"):
        call_command("restore_portal", str(tmp_path / "backup"))
    assert ProgressUpdate.objects.count() == 2  # nothing was overwritten


def test_a_damaged_backup_is_refused_before_anything_is_written(plan_with_files, tmp_path, empty_database):
    database_url, restored_counts = empty_database
    call_command("backup_portal", str(tmp_path / "backup"))
    damaged = next(p for p in (tmp_path / "backup" / "files").rglob("*.pdf"))
    damaged.write_bytes(damaged.read_bytes() + b"tampered")
    done = restore(tmp_path / "backup", database_url, tmp_path / "restored-media")
    assert done.returncode != 0
    assert "the backup's files do not match its manifest (1 differ" in done.stderr
    assert restored_counts() == {}
    assert not (tmp_path / "restored-media").exists()


def test_a_damaged_database_dump_is_refused_before_anything_is_written(plan_with_files, tmp_path, empty_database):
    database_url, restored_counts = empty_database
    call_command("backup_portal", str(tmp_path / "backup"))
    manifest = BackupManifest.read(tmp_path / "backup")
    dump = tmp_path / "backup" / manifest.database_file
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the middle of the dump
    dump.write_bytes(bytes(data))
    done = restore(tmp_path / "backup", database_url, tmp_path / "restored-media")
    assert done.returncode != 0
    assert "does not match the backup's manifest (damaged): nothing was restored" in done.stderr
    assert restored_counts() == {}
    assert not (tmp_path / "restored-media").exists()


def test_a_backup_is_never_written_over_another(world, media, tmp_path):
    call_command("backup_portal", str(tmp_path / "backup"))
    first = (tmp_path / "backup" / MANIFEST).read_text()
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0  # no one but the portal's user reads it
    with pytest.raises(CommandError, match="already exists: give a new directory for each backup"):
        call_command("backup_portal", str(tmp_path / "backup"))
    assert (tmp_path / "backup" / MANIFEST).read_text() == first
