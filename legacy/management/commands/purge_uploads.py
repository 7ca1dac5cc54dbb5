from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from legacy import pending


class Command(BaseCommand):
    help = (
        "Delete the uploads waiting between an import's preview and its confirm that are older than a day "
        "(settings.IMPORT_PENDING_HOURS, default 24; --hours to say otherwise): their admin has left the preview. "
        "Refused and imported uploads are deleted at once; the originals of applied imports are kept (they are "
        "the import records' own copies, never touched here). Safe to re-run; run daily by the maintenance timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=float, default=None,
                            help="delete pending uploads older than this many hours (default 24)")

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["hours"] if options["hours"] is not None else getattr(settings, "IMPORT_PENDING_HOURS", 24)
        if hours < 0:
            raise CommandError("--hours cannot be negative")
        deleted = pending.purge(older_than=dt.timedelta(hours=hours))
        for name in deleted:
            self.stdout.write(f"deleted {name}", style_func=None)
        self.stdout.write(f"{len(deleted)} pending upload(s) older than {hours:g} hours deleted.")
