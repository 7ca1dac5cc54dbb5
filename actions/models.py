from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.money import format_pounds
from actions.timescale import Cadence, parse_timescale
from partnerships.limits import ACTION_TEXT, LONG_TEXT, SHORT_TEXT, TITLE, limit
from partnerships.models import Agency, Group, Partnership, Person, ScopedQuerySet
from partnerships.periods import Quarter, year_label

if TYPE_CHECKING:
    from partnerships.models import Membership


class Strategy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "In consultation"
        APPROVED = "approved", "Approved"
        ARCHIVED = "archived", "Archived"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="strategies")
    slug = models.SlugField()
    title = models.CharField(max_length=300)
    period_start = models.DateField()
    period_end = models.DateField()
    vision = models.TextField(blank=True, **limit(LONG_TEXT))
    purpose = models.TextField(blank=True, **limit(LONG_TEXT))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-period_start"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="strategy_slug_unique"),
            models.CheckConstraint(condition=Q(period_end__gt=models.F("period_start")), name="strategy_period_order"),
        ]

    def __str__(self) -> str:
        return self.title


class StrategyRevision(models.Model):
    """One step of a strategy's draft history: Draft 1, Draft 2, ... Final."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="revisions")
    order = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    drafted_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, **limit(SHORT_TEXT))
    consultation_ends = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "order"]
        constraints = [models.UniqueConstraint(fields=["strategy", "order"], name="revision_order_unique")]

    def __str__(self) -> str:
        return f"{self.strategy}: {self.label}"


class StrategyApproval(models.Model):
    """A body that discussed, checked or approved a revision, on a date (or still to)."""

    class Decision(models.TextChoices):
        DISCUSSED = "discussed", "Discussed"
        CHECKED_APPROVED = "checked_approved", "Checked and approved"
        APPROVED = "approved", "Approved"
        TO_DISCUSS = "to_discuss", "To be discussed"
        TO_APPROVE = "to_approve", "For approval"

    revision = models.ForeignKey(StrategyRevision, on_delete=models.CASCADE, related_name="approvals")
    body = models.CharField(max_length=200)
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["revision", "order", "id"]

    def __str__(self) -> str:
        return f"{self.body}: {self.get_decision_display()}"


class PlanQuerySet(ScopedQuerySet):
    partnership_path = "strategy__partnership"


class ActionPlan(models.Model):
    """The action plan for one financial year of a strategy."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="plans")
    year_start = models.PositiveSmallIntegerField(help_text="2009 for 2009-10")
    title = models.CharField(max_length=300)
    action_label = models.CharField(max_length=40, default="Action", help_text="What this plan calls an action")
    introduction = models.TextField(blank=True, **limit(LONG_TEXT))

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "-year_start"]
        constraints = [models.UniqueConstraint(fields=["strategy", "year_start"], name="plan_year_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_label})"

    @property
    def year_label(self) -> str:
        return year_label(self.year_start)

    @property
    def partnership(self) -> Partnership:
        return self.strategy.partnership

    def quarters(self) -> list[Quarter]:
        return [Quarter(self.year_start, n) for n in (1, 2, 3, 4)]


class ObjectiveQuerySet(ScopedQuerySet):
    partnership_path = "plan__strategy__partnership"


class Objective(models.Model):
    """A node of the plan's hierarchy. Labels differ per plan: Objective 1 > 1.1 (Bedfordshire),
    Priority One > Objective 1 (Luton), DV1 (Camden), Priority 1 (Lancashire)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="objectives")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=40, blank=True, help_text="Objective, Priority, Theme ...")
    ref = models.CharField(max_length=40)
    title = models.TextField(**limit(TITLE))
    description = models.TextField(blank=True, help_text="Aims or outcomes of this objective, one per line",
                                   **limit(SHORT_TEXT))
    outcome = models.TextField(blank=True, **limit(SHORT_TEXT))
    performance_measures = models.TextField(blank=True, **limit(SHORT_TEXT))
    lead = models.TextField(blank=True, **limit(SHORT_TEXT))
    order = models.PositiveIntegerField(default=0)

    objects = ObjectiveQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="objective_ref_unique")]

    def __str__(self) -> str:
        return f"{self.heading}: {self.title[:80]}"

    @property
    def heading(self) -> str:
        return f"{self.label} {self.ref}".strip()


def objective_tree(objectives: list[Objective]) -> tuple[list[tuple[Objective, int]], dict[int, int]]:
    """Objectives in reading order with their depth, and each objective's top-level ancestor."""
    children: dict[int | None, list[Objective]] = defaultdict(list)
    ids = {o.pk for o in objectives}
    for o in objectives:
        children[o.parent_id if o.parent_id in ids else None].append(o)
    ordered: list[tuple[Objective, int]] = []
    root_of: dict[int, int] = {}

    def walk(node: Objective, depth: int, root: int) -> None:
        ordered.append((node, depth))
        root_of[node.pk] = root
        for child in children.get(node.pk, []):
            walk(child, depth + 1, root)

    for top in children.get(None, []):
        walk(top, 0, top.pk)
    return ordered, root_of


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETED = "completed", "Completed"
    DROPPED = "dropped", "Dropped"


CLOSED_STATUSES = (Status.COMPLETED, Status.DROPPED)
STATUS_LABELS: dict[str, str] = dict(Status.choices)


class ActionQuerySet(ScopedQuerySet):
    partnership_path = "plan__strategy__partnership"

    def open(self) -> ActionQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: dt.date | None = None) -> ActionQuerySet:
        """Open and past due, by the rule of Action.is_overdue: an action with milestones by its open ones."""
        today = today or timezone.localdate()
        milestones = Milestone.objects.filter(action=OuterRef("pk"))
        late = milestones.filter(due_on__lt=today).filter(Q(completed_on=None) | Q(completed_on__gt=today))
        return self.open().filter(
            (Q(due_date__lt=today) & ~Exists(milestones)) | Exists(late)
        )

    def led_by(self, membership: Membership) -> ActionQuerySet:
        """Actions naming the member's agency or the member's person as lead (through subqueries on
        the link tables: no join, so no duplicates and no DISTINCT)."""
        q = Q(pk__in=[])
        if membership.agency_id:
            q |= Q(pk__in=Action.lead_agencies.through.objects.filter(agency_id=membership.agency_id)
                   .values("action_id"))
        if membership.person_id:
            q |= Q(pk__in=Action.lead_people.through.objects.filter(person_id=membership.person_id)
                   .values("action_id"))
        return self.filter(q)

    def with_latest_update(self) -> ActionQuerySet:
        latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
            "-year_start", "-quarter", "-recorded_at"
        )
        return self.annotate(latest_update_id=Subquery(latest.values("pk")[:1]))


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    ref = models.CharField(max_length=40, blank=True)
    order = models.PositiveIntegerField(default=0)
    aim = models.TextField(blank=True, help_text="The objective cell of this row, where the row states its own",
                           **limit(SHORT_TEXT))
    description = models.TextField("action", **limit(ACTION_TEXT))
    outcome = models.TextField("expected outcomes", blank=True, **limit(SHORT_TEXT))
    responsibility = models.TextField(blank=True, help_text="Responsible group(s), as the plan writes it",
                                      **limit(SHORT_TEXT))
    responsibility_groups = models.ManyToManyField(Group, blank=True, related_name="actions")
    by_whom = models.TextField(blank=True, **limit(SHORT_TEXT))
    lead_agencies = models.ManyToManyField(Agency, blank=True, related_name="led_actions")
    lead_people = models.ManyToManyField(Person, blank=True, related_name="led_actions")
    resources = models.TextField("resources needed", blank=True, **limit(SHORT_TEXT))
    cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True, help_text="Total in pounds")
    funding_source = models.TextField(blank=True, **limit(SHORT_TEXT))
    timescale = models.CharField(max_length=300, blank=True, help_text="As the plan writes it")
    due_date = models.DateField(null=True, blank=True)
    cadence = models.CharField(max_length=20, choices=Cadence.choices, blank=True)
    baseline = models.TextField(blank=True, **limit(SHORT_TEXT))
    performance_measures = models.TextField(blank=True, **limit(SHORT_TEXT))
    outputs = models.TextField(blank=True, **limit(SHORT_TEXT))
    comments = models.TextField(blank=True, **limit(LONG_TEXT))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_STARTED,
        help_text="The status of the latest progress update (kept by progress_record)",
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised on every edit; a stale form is refused")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[lead_agencies, lead_people, responsibility_groups])

    class Meta:
        ordering = ["plan", "order", "id"]
        indexes = [models.Index(fields=["plan", "status"]), models.Index(fields=["plan", "due_date"])]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], condition=~Q(ref=""), name="action_ref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.description[:80]}".strip()

    @property
    def partnership(self) -> Partnership:
        return self.plan.strategy.partnership

    def set_timescale(self, text: str) -> None:
        """Read the timescale text; an action with dated milestones stays due at its last milestone."""
        parsed = parse_timescale(text)
        self.timescale = parsed.text
        self.cadence = parsed.cadence
        last = due_at_last_milestone(self._loaded_milestones()) if self.pk else None
        self.due_date = last or parsed.due_date

    def _loaded_milestones(self) -> Sequence[Milestone]:
        """The milestones loaded with the action (prefetch_related("milestones")), else read now."""
        return list(self.milestones.all())

    def is_overdue(self, today: dt.date | None = None, status: str | None = None,
                   milestones: Sequence[Milestone] | None = None) -> bool:
        """Not closed and past due: today, or on another day with the status it had then. An action with
        milestones is overdue only when one of its own milestones, still open on that day, was due before
        it; one without, when its own due date is past. `milestones` are the action's milestones as on that
        day (actions.milestones.milestones_for(actions, as_at=...)); by default those loaded with the
        action (prefetch_related("milestones")), else they are read here (one query)."""
        today = today or timezone.localdate()
        status = self.status if status is None else status
        if status in CLOSED_STATUSES:
            return False
        if milestones is None:
            milestones = self._loaded_milestones()
        if milestones:
            return any(m.is_overdue(today) for m in milestones)
        return bool(self.due_date and self.due_date < today)

    @property
    def cost_display(self) -> str:
        return format_pounds(self.cost)

    def current_status(self) -> str:
        return self.status

    def latest_update(self) -> ProgressUpdate | None:
        return self.updates.order_by("-year_start", "-quarter", "-recorded_at").first()


class MilestoneQuerySet(ScopedQuerySet):
    partnership_path = "action__plan__strategy__partnership"


class Milestone(models.Model):
    """One dated step of an action ("Draft protocol - September 2009", "Launch - January 2010"), where
    the plan's cell lists several, each with its own timescale. The action is due at its last dated
    milestone (services in actions.milestones keep Action.due_date so) and is overdue only by its own
    open milestones (Action.is_overdue)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("milestone", **limit(SHORT_TEXT))
    timescale = models.CharField(max_length=300, blank=True, help_text="As the plan writes it")
    due_on = models.DateField("due", null=True, blank=True,
                              help_text="Read from the timescale; none when the timescale names no date")
    completed_on = models.DateField("done on", null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "order", "id"]
        indexes = [models.Index(fields=["action", "order"])]

    def __str__(self) -> str:
        return self.text[:80]

    def set_timescale(self, text: str) -> None:
        """Read as the action's timescale is; an unreadable one is kept as written with no due date."""
        parsed = parse_timescale(text)
        self.timescale = parsed.text
        self.due_on = parsed.due_date

    def is_open(self, on: dt.date | None = None) -> bool:
        """Not yet done (on a given day: not done by the end of it)."""
        return self.completed_on is None or (on is not None and self.completed_on > on)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Due before `today` and not done by then."""
        today = today or timezone.localdate()
        return bool(self.due_on and self.due_on < today and self.is_open(today))


def due_at_last_milestone(milestones: Sequence[Milestone]) -> dt.date | None:
    """The latest due date of the milestones (None when none of them is dated)."""
    return max((m.due_on for m in milestones if m.due_on), default=None)


# Fields a coordinator edits on the action form (the status follows the progress updates instead),
# and its links, each with the key its many-to-many history records name the target by.
EDITABLE_FIELDS = [
    "ref", "objective", "aim", "description", "outcome", "responsibility", "by_whom", "resources", "cost",
    "funding_source", "timescale", "baseline", "performance_measures", "outputs", "comments",
]
EDITABLE_M2M = {"lead_agencies": "agency", "lead_people": "person", "responsibility_groups": "group"}


class ProgressUpdateQuerySet(ScopedQuerySet):
    partnership_path = "action__plan__strategy__partnership"

    def in_quarter(self, quarter: Quarter) -> ProgressUpdateQuerySet:
        return self.filter(year_start=quarter.year_start, quarter=quarter.number)


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"evidence/{instance.action.plan_id}/{instance.action_id}/{filename}"


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    year_start = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    status = models.CharField(max_length=20, choices=Status.choices)
    narrative = models.TextField(blank=True, **limit(LONG_TEXT))
    barriers = models.TextField(blank=True, **limit(LONG_TEXT))
    evidence = models.TextField("backed up by", blank=True, **limit(LONG_TEXT))
    evidence_file = models.FileField(upload_to=evidence_path, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="progress_updates"
    )
    author_name = models.CharField(max_length=200, blank=True, help_text="Who reported it, when not a portal user")
    recorded_at = models.DateTimeField()

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-year_start", "-quarter", "-recorded_at"]
        indexes = [models.Index(fields=["action", "year_start", "quarter"])]
        constraints = [
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="update_quarter_range"),
            # One update per action per quarter: a second record corrects the first (progress_record).
            models.UniqueConstraint(fields=["action", "year_start", "quarter"], name="update_one_per_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.action.ref or self.action_id} {self.period}: {self.get_status_display()}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year_start, self.quarter)

    @property
    def author_display(self) -> str:
        if self.author is not None:
            return self.author.get_full_name() or self.author.get_username()
        return self.author_name


class YearEndReview(models.Model):
    """The year-end decision on an action: what happens to it in next year's plan."""

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep"
        DEVELOP = "develop", "Keep and develop"
        COMPLETED = "completed", "Completed"
        DROP = "drop", "Drop"

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="review")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True, **limit(SHORT_TEXT))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.action}: {self.get_decision_display()}"


class PlanChildQuerySet(ScopedQuerySet):
    partnership_path = "plan__strategy__partnership"


class UpdateRound(models.Model):
    """A coordinator asks every lead for their quarter's progress."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="rounds")
    year_start = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField()
    due_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    objects = PlanChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-year_start", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["plan", "year_start", "quarter"], name="round_unique")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.period} round"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year_start, self.quarter)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class QuarterLock(models.Model):
    """Issuing a quarterly return locks that quarter's progress updates; a coordinator may reopen."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="locks")
    year_start = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    locked_at = models.DateTimeField()
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(blank=True, **limit(SHORT_TEXT))

    objects = PlanChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-year_start", "-quarter", "-locked_at"]
        constraints = [
            # Two returns issued at once must not lock the quarter twice (each return would then be
            # the first under its own lock).
            models.UniqueConstraint(fields=["plan", "year_start", "quarter"], condition=Q(reopened_at=None),
                                    name="one_active_lock_per_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {Quarter(self.year_start, self.quarter)} locked"

    @property
    def is_locked(self) -> bool:
        return self.reopened_at is None
