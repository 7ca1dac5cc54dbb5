from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, describe, portal_restore


class Command(BaseCommand):
    help = (
        "Restores a backup_portal DIRECTORY into the configured database (DATABASE_URL) and file storage "
        "(MEDIA_ROOT). The backup is checked against its manifest first; both targets must be empty (a new "
        "database made with createdb, an empty MEDIA_ROOT) unless --replace, which drops the database's tables "
        "and deletes the stored files first. Afterwards every table's row count and the files' checksum are "
        "compared with the manifest. Stop the web server and the task workers before restoring; run "
        "`manage.py migrate` after restoring into a newer version of the portal."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", type=Path, help="a directory written by backup_portal")
        parser.add_argument("--replace", action="store_true",
                            help="overwrite a database and file storage that are not empty")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = portal_restore(directory=options["directory"], replace=options["replace"])
        except BackupError as exc:
            raise CommandError(f"not restored: {exc}") from exc
        self.stdout.write(f"Restored from {options['directory']} and checked against its manifest: "
                          f"{describe(manifest)}")
