from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, describe, portal_backup


class Command(BaseCommand):
    help = (
        "Backs up the portal: the database (PostgreSQL with pg_dump --format=custom, SQLite with the online "
        "backup API) and every uploaded file (evidence, import originals) into DIRECTORY, with manifest.json "
        "holding each table's row count and the files' checksums. The portal can keep running meanwhile. "
        "DIRECTORY must not exist yet: a backup is never written over another (use a dated name). "
        "restore_portal DIRECTORY brings it back."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", type=Path,
                            help="a new directory for this backup, e.g. /var/backups/portal/2026-12-01")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = portal_backup(directory=options["directory"])
        except BackupError as exc:
            raise CommandError(f"no backup taken: {exc}") from exc
        self.stdout.write(f"Backup written to {options['directory']}: {describe(manifest)}")
