"""manage.py run_schedule: send what the reporting calendars say is due today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from schedules.services import schedule_due
from schedules.tasks import run_schedule_step


class Command(BaseCommand):
    help = (
        "Send what each plan's reporting calendar says is due: open the quarter's update round, remind the "
        "leads still outstanding before and after the deadline, and send the coordinators (and, if set, the "
        "responsible groups' chairs) the digest of who is outstanding. Each step is enqueued as a task "
        "(TASKS_BACKEND: at once, or for the workers); each is done once however often this runs, on however "
        "many machines, so run it as often as you like (hourly from cron or a systemd timer). Of several "
        "reminders due at once only the latest goes; quarters whose last step is more than a week past are "
        "left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The day to run as (YYYY-MM-DD; default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today {options['today']!r}: write the day as YYYY-MM-DD") from None
        due = schedule_due(today)
        for item in due:
            run_schedule_step.enqueue(item.calendar.pk, item.quarter.year_start, item.quarter.number,
                                      item.step.key, item.passed_over)
            self.stdout.write(f"{item.calendar.plan} {item.quarter.label}: {item.step.label} ({item.step.on:%d/%m/%Y})"
                              f"{' passed over' if item.passed_over else ''}: queued")
        self.stdout.write(f"{len(due)} step{'s' if len(due) != 1 else ''} queued for {today:%d/%m/%Y}.")
