from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, RowNumber
from simple_history.models import HistoricalRecords

from partnerships.limits import LONG_TEXT, SHORT_TEXT, limit
from partnerships.models import Agency, Area, Partnership, ScopedQuerySet
from partnerships.periods import Quarter, period_label, year_label

SMALL_COUNT = 5
FEWER_THAN_SMALL = f"fewer than {SMALL_COUNT}"


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        COUNT = "count", "Count"
        RATE = "rate", "Rate"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        # No source says which way is better (e.g. more MARAC referrals of male victims): figures are shown,
        # never called improving or worsening, never judged met or not met.
        UNKNOWN = "unknown", "Not known which way is better"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=40, help_text="NI 32, SDR ...")
    name = models.CharField(max_length=300)
    definition = models.TextField(blank=True, **limit(LONG_TEXT))
    unit = models.CharField(max_length=10, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    source_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_text = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)
    # An equality breakdown (e.g. MARAC cases where the victim is LGBT+): its small counts could point
    # to a person, so everything published shows a count under SMALL_COUNT as "fewer than 5".
    suppress_small_counts = models.BooleanField(
        default=False, help_text="Show counts under 5 as 'fewer than 5' wherever the figure is published")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def polarity_known(self) -> bool:
        return self.polarity != self.Polarity.UNKNOWN

    def is_better(self, new: Decimal, old: Decimal) -> bool:
        return new > old if self.polarity == self.Polarity.HIGHER else new < old

    @property
    def scales_with_period(self) -> bool:
        """A count grows with the length of its period; a percentage or rate does not."""
        return self.unit == self.Unit.COUNT

    def published(self, value: Decimal | None) -> str:
        """The figure as published: a small count of a suppressed breakdown as 'fewer than 5'."""
        if value is not None and self.suppress_small_counts and value < SMALL_COUNT:
            return FEWER_THAN_SMALL
        return self.format(value)

    def format(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
        return f"{text}%" if self.unit == self.Unit.PERCENT else text


class PeriodQuerySet(ScopedQuerySet):
    partnership_path = "indicator__partnership"

    def in_quarter(self, quarter: Quarter) -> PeriodQuerySet:
        return self.filter(year_start=quarter.year_start, quarter=quarter.number)

    def chronological(self) -> PeriodQuerySet:
        """Oldest first; a whole-year figure comes after the year's fourth quarter."""
        return self.order_by("year_start", Coalesce("quarter", models.Value(5)), "pk")


class ValueQuerySet(PeriodQuerySet):
    def latest_per_area(self, n: int = 2) -> ValueQuerySet:
        """The n most recent values of each indicator in each area (recency 1 is the latest), in one query."""
        recent_first = [F("year_start").desc(), Coalesce("quarter", models.Value(5)).desc()]
        return self.annotate(
            recency=models.Window(RowNumber(), partition_by=[F("indicator_id"), F("area_id")], order_by=recent_first)
        ).filter(recency__lte=n)


class PeriodFigure(models.Model):
    """A figure for an indicator, for one area (or the whole partnership) and one period:
    a financial year (quarter empty) or a quarter of it."""

    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="Empty: every area"
    )
    year_start = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)], help_text="Empty: whole year"
    )
    value = models.DecimalField(max_digits=14, decimal_places=3)
    note = models.CharField(max_length=300, blank=True, help_text="e.g. 'to the end of January 2009'")

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def period_label(self) -> str:
        return period_label(self.year_start, self.quarter)

    @property
    def sort_key(self) -> int:
        return self.year_start * 4 + (self.quarter or 4) - 1

    @property
    def months(self) -> int:
        """How many months the figure covers: 12 for a whole year, 3 for a quarter, 3 x n to date."""
        if self.quarter is None:
            return 12
        return 3 * self.quarter if getattr(self, "year_to_date", False) else 3


class Target(PeriodFigure):
    class Kind(models.TextChoices):
        LOCAL = "local", "Local target"
        NATIONAL = "national", "National figure"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LOCAL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year_start", "quarter"]
        constraints = [
            # Coalesce: "all areas" and "whole year" are NULL, and NULLs never clash in a plain unique index.
            models.UniqueConstraint(
                "indicator", "kind", Coalesce("area", models.Value(0)), "year_start",
                Coalesce("quarter", models.Value(0)), name="target_unique",
            ),
        ]

    def __str__(self) -> str:
        figure = self.indicator.format(self.value)
        return f"{self.indicator.code} {self.get_kind_display()} {self.period_label}: {figure}"

    @staticmethod
    def local_for(targets: list[Target], *, area_id: int | None, year_start: int,
                  quarter: int | None) -> Target | None:
        """The local target for an area and period among one indicator's targets: the area's own
        before the all-areas one, the quarter's before the whole year's."""
        return _applying(targets, Target.Kind.LOCAL, area_id=area_id, year_start=year_start, quarter=quarter)

    @staticmethod
    def national_for(targets: list[Target], *, area_id: int | None, year_start: int,
                     quarter: int | None) -> Target | None:
        """The national figure to compare with, chosen as local_for does. National figures are
        published a year or more late: without one for the year, the latest earlier whole-year one."""
        national = [t for t in targets if t.kind == Target.Kind.NATIONAL and t.year_start <= year_start]
        if national and not any(t.year_start == year_start for t in national):
            year_start, quarter = max(t.year_start for t in national), None
        return _applying(national, Target.Kind.NATIONAL, area_id=area_id, year_start=year_start, quarter=quarter)


def _applying(targets: list[Target], kind: str, *, area_id: int | None, year_start: int,
              quarter: int | None) -> Target | None:
    of_year = [t for t in targets if t.kind == kind and t.year_start == year_start]
    for area in (area_id, None):
        for period in (quarter, None):
            for target in of_year:
                if target.area_id == area and target.quarter == period:
                    return target
    return None


class Value(PeriodFigure):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    # A quarter's figure is the quarter alone unless it counts the year so far (April to the quarter's
    # end, as "3,395 to the end of December"): a year to date count is annualised before it is
    # compared with a whole year's.
    year_to_date = models.BooleanField(
        default=False, help_text="The figure counts from April to the end of this quarter, not the quarter alone"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects: ClassVar = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area", "year_start", "quarter"]
        constraints = [
            models.UniqueConstraint(
                "indicator", Coalesce("area", models.Value(0)), "year_start",
                Coalesce("quarter", models.Value(0)), name="value_unique",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="value_not_negative"),
        ]

    def __str__(self) -> str:
        figure = self.indicator.format(self.value)
        return f"{self.indicator.code} {self.area or 'all areas'} {self.period_label}: {figure}"

    def target_for(self, targets: list[Target]) -> Target | None:
        """The local target that applies: same area before all-areas, same quarter before the year."""
        return Target.local_for(targets, area_id=self.area_id, year_start=self.year_start, quarter=self.quarter)

    def met_target(self, target: Target | None) -> bool | None:
        if target is None or not self.indicator.polarity_known:
            return None
        if self.indicator.polarity == Indicator.Polarity.HIGHER:
            return self.value >= target.value
        return self.value <= target.value

    def direction(self, previous: Value | None) -> str:
        """'improving', 'worsening', 'same' against the previous value, or '' with none to compare
        or when which way is better is not known."""
        if previous is None or not self.indicator.polarity_known:
            return ""
        if self.value == previous.value:
            return "same"
        return "improving" if self.indicator.is_better(self.value, previous.value) else "worsening"


# BVPI 225 "Actions against domestic violence"


class Bvpi225Question(models.Model):
    """One of the 11 official questions, with its guidance: the same for every authority."""

    number = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(1), MaxValueValidator(11)])
    text = models.TextField(**limit(LONG_TEXT))
    note = models.TextField(blank=True, help_text="The italic qualification printed with the question",
                            **limit(LONG_TEXT))
    definition = models.TextField(blank=True, help_text="The official definition / guidance", **limit(LONG_TEXT))

    history = HistoricalRecords()  # a reworded question is a change to what returns print

    class Meta:
        ordering = ["number"]
        verbose_name = "BVPI 225 question"

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


QUESTION_COUNT = 11


class AssessmentQuerySet(ScopedQuerySet):
    pass


class Bvpi225Assessment(models.Model):
    """An authority's BVPI 225 return for a financial year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bvpi_assessments")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="bvpi_assessments")
    year_start = models.PositiveSmallIntegerField()
    purpose = models.TextField(blank=True, **limit(SHORT_TEXT))

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "area", "-year_start"]
        verbose_name = "BVPI 225 assessment"
        constraints = [models.UniqueConstraint(fields=["area", "year_start"], name="assessment_unique")]

    def __str__(self) -> str:
        return f"BVPI 225 {self.area} {self.year_label}"

    @property
    def year_label(self) -> str:
        return year_label(self.year_start)

    def tally(self, answers: list[Bvpi225Answer] | None = None) -> tuple[int, int]:
        """(yes answers, answered questions)."""
        answers = list(self.answers.all()) if answers is None else answers
        answered = [a for a in answers if a.year_end_answer is not None]
        return sum(1 for a in answered if a.year_end_answer), len(answered)

    @property
    def score(self) -> Decimal | None:
        """yes / 11 x 100, one decimal place; None while any question is unanswered."""
        yes, answered = self.tally()
        if answered < QUESTION_COUNT:
            return None
        return bvpi_score(yes)

    def score_display(self) -> str:
        yes, answered = self.tally()
        if answered < QUESTION_COUNT:
            return f"incomplete: {answered} of {QUESTION_COUNT} answered, {yes} yes"
        return f"{bvpi_score(yes)}%"


def bvpi_score(yes: int) -> Decimal:
    return (Decimal(yes) * 100 / QUESTION_COUNT).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class AnswerQuerySet(ScopedQuerySet):
    partnership_path = "assessment__partnership"


# What an answer's editor changes (indicators.forms.AnswerForm, services.bvpi_answer_change).
ANSWER_FIELDS = ["notes", "milestones", "responsible_manager", "progress", "year_end_answer", "backed_up_by"]

YES_NEEDS_EVIDENCE = (
    "A yes answer needs the evidence it is backed up by. Under the BVPI 225 rules answer yes only when the "
    "goal is fully achieved, not while it is being worked towards; otherwise answer no."
)


class Bvpi225Answer(models.Model):
    class Progress(models.TextChoices):
        GOOD = "good", "☺ achieved / on track"
        CONCERN = "concern", "☹ not achieved"
        NEUTRAL = "neutral", "😐 in progress"

    assessment = models.ForeignKey(Bvpi225Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Bvpi225Question, on_delete=models.PROTECT, related_name="answers")
    notes = models.TextField(blank=True, **limit(LONG_TEXT))
    milestones = models.TextField("completion date and/or key milestones", blank=True, **limit(SHORT_TEXT))
    responsible_manager = models.CharField(max_length=200, blank=True)
    progress = models.CharField("progress indicator", max_length=10, choices=Progress.choices, blank=True)
    year_end_answer = models.BooleanField(null=True, blank=True, help_text="Yes only when fully achieved")
    backed_up_by = models.TextField(blank=True, **limit(LONG_TEXT))
    signed_off_by = models.CharField(max_length=200, blank=True)
    signed_off_on = models.DateField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "question__number"]
        verbose_name = "BVPI 225 answer"
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="answer_unique")]

    def __str__(self) -> str:
        answer = {True: "Yes", False: "No", None: "unanswered"}[self.year_end_answer]
        return f"{self.assessment} Q{self.question.number}: {answer}"


class Bvpi225MonitoringEntry(models.Model):
    """In-year monitoring of one answer (the sheet's Apr, Oct, Jan, Mar columns)."""

    answer = models.ForeignKey(Bvpi225Answer, on_delete=models.CASCADE, related_name="monitoring")
    label = models.CharField(max_length=40, help_text="Column heading, e.g. Apr-05")
    date = models.DateField()
    text = models.TextField(**limit(LONG_TEXT))

    history = HistoricalRecords()

    class Meta:
        ordering = ["answer", "date"]
        verbose_name_plural = "BVPI 225 monitoring entries"
        constraints = [models.UniqueConstraint(fields=["answer", "date"], name="monitoring_unique")]

    def __str__(self) -> str:
        return f"{self.answer} {self.label}"
