from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import audit_prune


class Command(BaseCommand):
    help = (
        "Delete the security audit log's events older than AUDIT_RETENTION_DAYS (default 730: two years; --days "
        "to say otherwise; 0 keeps every event). Every partnership's events and those of nobody's partnership "
        "alike; nothing newer is touched. Safe to re-run; run nightly by portal-maintenance.service."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="delete events older than this many days (default AUDIT_RETENTION_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else getattr(settings, "AUDIT_RETENTION_DAYS", 730)
        if days < 0:
            raise CommandError("--days cannot be negative")
        if days == 0:
            self.stdout.write("Audit retention is 0 days: every event is kept.")
            return
        deleted = audit_prune(older_than=dt.timedelta(days=days))
        self.stdout.write(f"{deleted} audit event(s) older than {days} days deleted.")
