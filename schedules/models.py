"""The reporting calendar: per action plan, when each quarter's update round opens, its deadline, the
reminders before and after it and the escalation digest; and what `run_schedule` has done, one row
per quarter and step, whose uniqueness is what makes it safe to run on several machines at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from actions.models import ActionPlan, PlanChildQuerySet
from partnerships.periods import Quarter


@dataclass(frozen=True)
class Step:
    """One thing the calendar does for a quarter, on a day: open the round, remind, escalate."""

    key: str  # "open", "before-7", "after-1", "escalate-7": unique per quarter
    kind: str  # "open" | "reminder" | "escalation"
    on: dt.date
    label: str


class ReportingCalendar(models.Model):
    plan = models.OneToOneField(ActionPlan, on_delete=models.CASCADE, related_name="calendar")
    active = models.BooleanField(default=True, help_text="Off: run_schedule does nothing for this plan")
    opens_days_after_quarter = models.SmallIntegerField(
        default=1, validators=[MinValueValidator(-60), MaxValueValidator(90)],
        help_text="Days after the quarter's last day the round opens (negative: before it ends)")
    deadline_days = models.PositiveSmallIntegerField(
        default=21, validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Days from the round's opening to its deadline")
    reminders_before = models.JSONField(default=list, blank=True,
                                        help_text="Days before the deadline a reminder goes, e.g. [7]")
    reminders_after = models.JSONField(default=list, blank=True,
                                       help_text="Days after the deadline a reminder goes, e.g. [1, 5]")
    escalate_days_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(90)],
        help_text="Days after the deadline the coordinators get a digest of who is outstanding (empty: none)")
    escalate_to_chairs = models.BooleanField(
        default=False, help_text="The digest also goes to the chairs of the outstanding actions' responsible groups")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="Rounds are opened and chased in this coordinator's name")
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "reporting calendar"

    def __str__(self) -> str:
        return f"Reporting calendar of {self.plan}"

    def opens_on(self, quarter: Quarter) -> dt.date:
        return quarter.end + dt.timedelta(days=self.opens_days_after_quarter)

    def deadline(self, quarter: Quarter) -> dt.date:
        return self.opens_on(quarter) + dt.timedelta(days=self.deadline_days)

    def steps(self, quarter: Quarter) -> list[Step]:
        """The quarter's steps in date order."""
        deadline = self.deadline(quarter)
        steps = [Step("open", "open", self.opens_on(quarter), "Round opens, leads e-mailed")]
        for days in sorted(set(self.reminders_before), reverse=True):
            steps.append(Step(f"before-{days}", "reminder", deadline - dt.timedelta(days=days),
                              f"Reminder, {days} day{'s' if days != 1 else ''} before the deadline"))
        for days in sorted(set(self.reminders_after)):
            steps.append(Step(f"after-{days}", "reminder", deadline + dt.timedelta(days=days),
                              f"Reminder, {days} day{'s' if days != 1 else ''} after the deadline"))
        if self.escalate_days_after is not None:
            days = self.escalate_days_after
            steps.append(Step(f"escalate-{days}", "escalation", deadline + dt.timedelta(days=days),
                              "Digest of who is outstanding to the coordinators"
                              + (" and chairs" if self.escalate_to_chairs else "")))
        return sorted(steps, key=lambda s: (s.on, s.kind != "open"))


class ScheduledSend(models.Model):
    """A step of the calendar done (or passed over) for a quarter: written in the same transaction as
    the e-mails it queues, so a second run, here or on another machine, finds it and sends nothing."""

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Passed over"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="scheduled_sends")
    year_start = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    step = models.CharField(max_length=30)
    done_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    emails = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=500, blank=True)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "year_start", "quarter", "done_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "year_start", "quarter", "step"],
                                               name="scheduled_send_once")]

    def __str__(self) -> str:
        return f"{self.plan} {Quarter(self.year_start, self.quarter).label} {self.step}: {self.outcome}"
