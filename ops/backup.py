"""Backup and restore of the whole portal: the database and the uploaded files (evidence, import
originals: the default storage, MEDIA_ROOT or an S3 bucket) together in one directory, with a manifest of the row
count of every table and a checksum of the files, checked again after a restore.

PostgreSQL is dumped with `pg_dump --format=custom` inside an exported snapshot, so the row counts
are those of the dump; SQLite is copied with the online backup API (sqlite3.Connection.backup)
and counted in the copy. Both are consistent while the portal runs. The database is taken first,
then the files: every file the database names was there when the database was taken, and files
are not deleted, so a file uploaded meanwhile is at worst an extra one.

A backup directory:
    manifest.json        what is in it (see BackupManifest)
    database.dump        PostgreSQL (pg_restore reads it), or
    database.sqlite3     SQLite
    files/<name>         each file of the default storage under its storage name
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
FILES_DIR = "files"
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason in words for whoever runs it."""


@dataclass
class BackupManifest:
    created_at: str
    database_vendor: str
    database_file: str
    tables: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)  # storage name -> sha256
    files_bytes: int = 0
    files_sha256: str = ""
    database_sha256: str = ""  # of database_file: a damaged dump is refused before anything is written
    format: int = FORMAT

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def write(self, directory: Path) -> None:
        (directory / MANIFEST).write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")

    @classmethod
    def read(cls, directory: Path) -> BackupManifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise BackupError(f"{directory} holds no {MANIFEST}: not a portal backup")
        data: dict[str, Any] = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise BackupError(f"{path}: backup format {data.get('format')!r}, this portal reads {FORMAT}")
        return cls(**data)


def files_checksum(files: dict[str, str]) -> str:
    """One checksum over every file's name and content checksum."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{files[name]}\n".encode())
    return digest.hexdigest()


def _sha256(stream: Any) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def storage_names(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file in the storage, by its storage name (directories walked)."""
    try:
        dirs, names = storage.listdir(path)
    except FileNotFoundError:  # MEDIA_ROOT not made yet: no files
        return
    for name in sorted(names):
        yield f"{path}/{name}" if path else name
    for directory in sorted(dirs):
        yield from storage_names(storage, f"{path}/{directory}" if path else directory)


def storage_checksums(storage: Storage) -> tuple[dict[str, str], int]:
    files, total = {}, 0
    for name in storage_names(storage):
        with storage.open(name, "rb") as stream:
            files[name], size = _sha256(stream)
        total += size
    return files, total


# -- database ---------------------------------------------------------------------------------

def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _count_rows(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """The connection arguments of pg_dump / pg_restore for the default database."""
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client (apt-get install postgresql-client)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def _dump_postgresql(target: Path) -> dict[str, int]:
    args, env = _pg_env()
    pg_dump = _pg_tool("pg_dump")
    # One snapshot for the counts and the dump: the manifest counts exactly what the dump holds.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor, _tables())
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file", str(target), *args,
              str(connection.settings_dict["NAME"])], env)
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: int(db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # the online backup API: a consistent copy while others write
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal / -shm beside it
    finally:
        copy.close()
    return _sqlite_counts(target)


def _database_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _count_rows(cursor, _tables())


# -- backup -----------------------------------------------------------------------------------

def portal_backup(*, directory: Path) -> BackupManifest:
    """Write a backup of the database and the files into `directory`, which must not exist yet (a
    backup is never written over another). Written beside it first and renamed when complete, so a
    directory with a manifest is always a whole backup."""
    directory = directory.resolve()
    if directory.exists():
        raise BackupError(f"{directory} already exists: give a new directory for each backup")
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"backups of a {vendor} database are not supported (PostgreSQL or SQLite)")
    directory.parent.mkdir(parents=True, exist_ok=True)
    partial = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)  # OFFICIAL-SENSITIVE: readable by the portal's own user only
    try:
        dump = partial / DUMP_FILES[vendor]
        counts = _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)
        storage = storages["default"]
        files, total = {}, 0
        for name in storage_names(storage):
            target = partial / FILES_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            with target.open("rb") as copied:
                files[name], size = _sha256(copied)
            total += size
        with dump.open("rb") as stream:
            database_sha256, _ = _sha256(stream)
        manifest = BackupManifest(
            created_at=timezone.now().isoformat(timespec="seconds"), database_vendor=vendor,
            database_file=dump.name, tables=counts, files=files, files_bytes=total, files_sha256=files_checksum(files),
            database_sha256=database_sha256,
        )
        manifest.write(partial)
        partial.rename(directory)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


# -- restore ----------------------------------------------------------------------------------

def backup_verify(directory: Path) -> BackupManifest:
    """The manifest, once the backup's own files match it (nothing restored from a damaged backup)."""
    manifest = BackupManifest.read(directory)
    if not (directory / manifest.database_file).is_file():
        raise BackupError(f"{directory / manifest.database_file} is missing")
    with (directory / manifest.database_file).open("rb") as stream:
        database_sha256, _ = _sha256(stream)
    if database_sha256 != manifest.database_sha256:
        raise BackupError(f"{directory / manifest.database_file} does not match the backup's manifest (damaged): "
                          "nothing was restored")
    found: dict[str, str] = {}
    root = directory / FILES_DIR
    for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
        with path.open("rb") as stream:
            found[path.relative_to(root).as_posix()], _ = _sha256(stream)
    if files_checksum(found) != manifest.files_sha256:
        damaged = sorted(n for n in set(found) | set(manifest.files) if found.get(n) != manifest.files.get(n))
        raise BackupError(f"the backup's files do not match its manifest ({len(damaged)} differ, first: {damaged[0]})")
    return manifest


def portal_restore(*, directory: Path, replace: bool = False) -> BackupManifest:
    """Restore a backup into the configured database and default storage. Both must be empty unless
    `replace` (the database's tables are dropped and the storage's files deleted first). Afterwards
    every table's row count and the files' checksum are checked against the manifest."""
    directory = directory.resolve()
    manifest = backup_verify(directory)
    vendor = connection.vendor
    if vendor != manifest.database_vendor:
        raise BackupError(f"the backup is of a {manifest.database_vendor} database; this portal uses {vendor}")
    storage = storages["default"]
    existing_tables = _tables()
    existing_files = list(storage_names(storage))
    if not replace and (existing_tables or existing_files):
        raise BackupError(
            f"the database has {len(existing_tables)} tables and the file storage {len(existing_files)} files: "
            "restore into an empty database and storage, or pass --replace to overwrite them"
        )
    dump = directory / manifest.database_file
    if vendor == "postgresql":
        args, env = _pg_env()
        clean = ["--clean", "--if-exists"] if existing_tables else []
        connection.close()  # pg_restore works on its own connection; ours holds no locks meanwhile
        _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              *clean, *args, "--dbname", str(connection.settings_dict["NAME"]), str(dump)], env)
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)  # replaces the whole database, pages and all
        finally:
            source.close()
        connection.close()
    for name in existing_files:
        storage.delete(name)
    for name in manifest.files:
        with (directory / FILES_DIR / name).open("rb") as stream:
            saved = storage.save(name, File(stream, name=name))
        if saved != name:
            raise BackupError(f"the file storage saved {name} as {saved}: it was not empty")
    _check_restored(manifest, storage)
    return manifest


def _check_restored(manifest: BackupManifest, storage: Storage) -> None:
    counts = _database_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest.tables.items() if counts.get(t) != n}
    if wrong:
        table, (expected, got) = next(iter(wrong.items()))
        raise BackupError(f"restored row counts differ from the manifest in {len(wrong)} tables "
                          f"(first: {table}, {expected} in the backup, {got} restored)")
    files, _ = storage_checksums(storage)
    if files_checksum(files) != manifest.files_sha256:
        raise BackupError("the restored files' checksum differs from the manifest")


def describe(manifest: BackupManifest) -> str:
    created = dt.datetime.fromisoformat(manifest.created_at)
    return (f"{manifest.database_vendor} database: {len(manifest.tables)} tables, {manifest.rows} rows; "
            f"{len(manifest.files)} files, {manifest.files_bytes} bytes, sha256 {manifest.files_sha256[:16]}…; "
            f"taken {created:%Y-%m-%d %H:%M %Z}")
