from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.retention import mail_prune


class Command(BaseCommand):
    help = (
        "Delete the outbox's sent and not-sent e-mails older than MAIL_RETENTION_DAYS (default 180: the round "
        "pages of this quarter and the last still say who was not e-mailed; --days to say otherwise; 0 keeps "
        "them all). Queued e-mails are never deleted. Safe to re-run; run nightly by portal-maintenance.service."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="delete e-mails older than this many days (default MAIL_RETENTION_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else getattr(settings, "MAIL_RETENTION_DAYS", 180)
        if days < 0:
            raise CommandError("--days cannot be negative")
        if days == 0:
            self.stdout.write("Mail retention is 0 days: every e-mail is kept.")
            return
        deleted = mail_prune(older_than=dt.timedelta(days=days))
        self.stdout.write(f"{deleted} e-mail(s) older than {days} days deleted from the outbox.")
