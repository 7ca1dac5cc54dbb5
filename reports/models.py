from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from actions.models import ActionPlan, QuarterLock
from partnerships.models import Group, Partnership, ScopedQuerySet
from partnerships.periods import Quarter


class IssuedReturnQuerySet(ScopedQuerySet):
    def without_pdf(self) -> Self:
        """For lists: the stored bytes stay in the database until someone downloads them."""
        return self.defer("pdf")

    def for_quarter(self, plan: ActionPlan, quarter: Quarter) -> Self:
        return self.filter(plan=plan, year_start=quarter.year_start, quarter=quarter.number)

    def before(self, quarter: Quarter) -> Self:
        """Returns issued for a quarter earlier than this one."""
        return self.filter(Q(year_start__lt=quarter.year_start) | Q(year_start=quarter.year_start,
                                                                     quarter__lt=quarter.number))


class IssuedReturn(models.Model):
    """A quarterly return as issued to a group: the PDF bytes are kept exactly as issued and are
    never regenerated; the SHA-256 lets anyone check a copy against the record."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="issued_returns")
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="issued_returns")
    year_start = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="issued_returns")
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(editable=False)
    filename = models.CharField(max_length=200)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField()
    # The lock the quarter was under when this return was issued: one return per group and lock, so a
    # second "Issue" is refused by the database, and a reopened quarter (a new lock) may issue again.
    # Empty only on returns issued before locks were recorded here.
    lock = models.ForeignKey(QuarterLock, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="issued_returns")

    objects = IssuedReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["plan", "year_start", "quarter"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="issued_quarter_range"),
            models.UniqueConstraint(fields=["lock", "group"], name="issued_once_per_group_and_lock"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.period} return issued {self.issued_at:%d/%m/%Y %H:%M}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year_start, self.quarter)


class ReturnBatch(models.Model):
    """'Issue all groups of this quarter', or one group's return (group set): one background task, its
    progress shown on the page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="return_batches")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="return_batches")
    year_start = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Groups whose return for the quarter was already issued")
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                              help_text="The one group whose return is issued; empty: every group with members")
    annex = models.BooleanField(default=False, help_text="With the action plan in full as an annex")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} {self.period}: {self.done}/{self.total} {self.get_status_display()}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year_start, self.quarter)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
