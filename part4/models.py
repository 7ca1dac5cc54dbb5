"""The Domestic Abuse Act 2021 Part 4 duty of a tier-one council: its Local Partnership Board, its needs
assessment and safe accommodation strategy, and its annual return to the government department.

Sources read for the model (public documents):
- Domestic Abuse Act 2021, Part 4 (ss57-61), https://www.legislation.gov.uk/ukpga/2021/17/part/4:
  s57(1) assess the need for accommodation-based support, prepare and publish a strategy, monitor and
  evaluate it; s57(4) consult the domestic abuse local partnership board (and any local authority within
  the area) before publishing; s57(5) keep the strategy under review, publish any altered or replacement
  strategy; s58 the board, whose members must include the authority itself and at least one person
  representing each of: the local authorities within its area (district councils, where there are any),
  victims of domestic abuse, children of victims, charities and voluntary organisations working with
  victims, persons providing health care services, persons with functions relating to policing or
  criminal justice; s59 an annual report to the Secretary of State.
- The Domestic Abuse Support (Local Authority Strategies and Annual Reports) Regulations 2021
  (SI 2021/990), https://www.legislation.gov.uk/uksi/2021/990/made: reg 3 first strategy published before
  5 January 2022; reg 4(1) the strategy reviewed within the period of three years beginning with the
  date of its first publication, and within each subsequent three-year period (the review clock below).
- MHCLG, "Delivery of support to victims of domestic abuse in domestic abuse safe accommodation services:
  statutory guidance for local authorities across England" (October 2021),
  https://www.gov.uk/government/publications/domestic-abuse-support-within-safe-accommodation: Part B1
  local partnership boards, B2 needs assessments, B3 strategies, C2 reporting.
- MHCLG, "Support in Domestic Abuse Safe Accommodation" annual statistics (2023-24, 2024-25 releases), the
  items of the annual return: see part4/returns.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from part4.returns import CODES, consistency_errors
from partnerships.limits import LONG_TEXT, limit
from partnerships.models import Group, GroupMember, Partnership, ScopedQuerySet

REVIEW_PERIOD_YEARS = 3  # SI 2021/990 reg 4(1)


class Category(models.TextChoices):
    """The membership the Act's s58(2) requires of a Local Partnership Board."""

    TIER_ONE = "tier_one", "The tier-one council itself"
    DISTRICT = "district", "District councils in its area"
    VICTIMS = "victims", "Representing victims of domestic abuse"
    CHILDREN = "children", "Representing children of victims"
    CHARITIES = "charities", "Domestic abuse charities and voluntary organisations"
    HEALTH = "health", "Health care services"
    JUSTICE = "justice", "Policing and criminal justice"


class Board(models.Model):
    """A governance group of the partnership designated as a tier-one council's Local Partnership Board."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="part4_boards")
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="part4_board")
    council = models.CharField("Tier-one council", max_length=200,
                               help_text="The council whose board this is, e.g. 'Bedford Borough Council'")
    has_districts = models.BooleanField(
        "The council's area has district councils", default=False,
        help_text="A county council's area does; a unitary, metropolitan or London authority's does not",
    )
    appointed_on = models.DateField("Board appointed", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "council"]
        constraints = [models.UniqueConstraint(fields=["partnership", "council"], name="part4_board_council_unique")]

    def __str__(self) -> str:
        return f"{self.council} Local Partnership Board"

    def required_categories(self) -> list[Category]:
        return [c for c in Category if c != Category.DISTRICT or self.has_districts]

    def coverage(self, seats: list[Seat]) -> list[Coverage]:
        """Each category the Act requires, with the board's members who fill it (empty: missing)."""
        return [Coverage(c, [s.member for s in seats if s.category == c]) for c in self.required_categories()]


@dataclass(frozen=True)
class Coverage:
    category: Category
    members: list[GroupMember]

    @property
    def filled(self) -> bool:
        return bool(self.members)


class SeatQuerySet(ScopedQuerySet):
    partnership_path = "board__partnership"


class Seat(models.Model):
    """A member of the board's group, counted as representing one of the Act's categories (a member may
    represent several: one seat each)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="part4_seats")
    category = models.CharField(max_length=20, choices=Category.choices)

    objects = SeatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "category", "member__order", "member_id"]
        constraints = [models.UniqueConstraint(fields=["member", "category"], name="part4_seat_unique")]

    def __str__(self) -> str:
        return f"{self.member.person} ({self.get_category_display()})"


class DocumentQuerySet(ScopedQuerySet):
    partnership_path = "board__partnership"


class Document(models.Model):
    """The board's needs assessment or its safe accommodation strategy, published in versions."""

    class Kind(models.TextChoices):
        NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment"
        STRATEGY = "strategy", "Safe accommodation strategy"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "kind"]
        constraints = [models.UniqueConstraint(fields=["board", "kind"], name="part4_document_kind_unique")]

    def __str__(self) -> str:
        return self.title

    def review_clock(self, versions: list[Version]) -> ReviewClock | None:
        """The strategy's review clock (SI 2021/990 reg 4(1)): three-year periods from its first
        publication, each of which must hold a review; the due date is the last day of the first period
        without one. None for a needs assessment, or a strategy not published yet."""
        if self.kind != self.Kind.STRATEGY:
            return None
        published = sorted(v.published_on for v in versions if v.published_on)
        if not published:
            return None
        first = published[0]
        # A later published version (an altered or replacement strategy) is a review; so is a review
        # recorded on a version that left the strategy as it was.
        reviews = sorted({d for v in versions for d in (v.reviewed_on, v.published_on) if d and d > first})
        period = 0
        while True:
            start = _add_years(first, REVIEW_PERIOD_YEARS * period)
            end = _add_years(first, REVIEW_PERIOD_YEARS * (period + 1))
            if not any(start <= d < end for d in reviews):
                return ReviewClock(first_published=first, last_review=reviews[-1] if reviews else None,
                                   due=end - dt.timedelta(days=1))
            period += 1


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class ReviewClock:
    first_published: dt.date
    last_review: dt.date | None
    due: dt.date

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


class VersionQuerySet(ScopedQuerySet):
    partnership_path = "document__board__partnership"


VERSION_FIELDS = ["label", "consulted_on", "consultation_outcome", "published_on", "url", "reviewed_on", "notes"]


class Version(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField("Version", max_length=60, help_text="e.g. 'Draft 1', 'Final', '2025 refresh'")
    consulted_on = models.DateField("Board consulted", null=True, blank=True,
                                    help_text="When the Local Partnership Board was consulted on this version")
    consultation_outcome = models.TextField("Outcome of the consultation", blank=True, **limit(LONG_TEXT))
    published_on = models.DateField("Published", null=True, blank=True)
    url = models.URLField("Link to the published document", blank=True)
    reviewed_on = models.DateField(
        "Strategy reviewed", null=True, blank=True,
        help_text="When a review of the strategy concluded with this version (leave empty for a first draft)",
    )
    notes = models.TextField(blank=True, **limit(LONG_TEXT))

    objects = VersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "published_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "label"], name="part4_version_label_unique"),
            # s57(4): the board is consulted before the strategy is published.
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(consulted_on__isnull=False, consulted_on__lte=models.F("published_on")),
                name="part4_version_consulted_before_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.label})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.published_on and not self.consulted_on:
            errors["consulted_on"] = ("The Act (s57(4)) requires the Local Partnership Board to be consulted before "
                                      "publication: give the date it was consulted.")
        elif self.published_on and self.consulted_on and self.consulted_on > self.published_on:
            errors["consulted_on"] = (f"The Board was consulted on {self.consulted_on:%d/%m/%Y}, after publication on "
                                      f"{self.published_on:%d/%m/%Y}: it must be consulted before.")
        if self.url and not self.published_on:
            errors["published_on"] = "Give the date the document was published."
        if self.consultation_outcome.strip() and not self.consulted_on:
            errors["consulted_on"] = "Give the date of the consultation whose outcome you recorded."
        if errors:
            raise ValidationError(errors)


class AnnualReturnQuerySet(ScopedQuerySet):
    partnership_path = "board__partnership"


class AnnualReturn(models.Model):
    """A tier-one council's figures for one April-March year, item by item (part4/returns.py)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="annual_returns")
    year_start = models.PositiveSmallIntegerField("Year (April to March), first year")
    figures = models.JSONField(default=dict, blank=True,
                               help_text="Item code (part4.returns.ITEMS) to count; an item not given is absent")
    submitted_on = models.DateField("Submitted to the department", null=True, blank=True)
    notes = models.TextField(blank=True, **limit(LONG_TEXT))

    objects = AnnualReturnQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "-year_start"]
        constraints = [models.UniqueConstraint(fields=["board", "year_start"], name="part4_return_year_unique")]

    def __str__(self) -> str:
        return f"{self.board.council} annual return {self.year_start}-{(self.year_start + 1) % 100:02d}"

    def value(self, code: str) -> int | None:
        value = self.figures.get(code)
        return value if isinstance(value, int) else None

    def clean(self) -> None:
        unknown = set(self.figures) - set(CODES)
        if unknown:
            raise ValidationError({"figures": f"Not items of the return: {', '.join(sorted(unknown))}."})
        bad = [c for c, v in self.figures.items()
               if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0)]
        if bad:
            raise ValidationError({"figures": f"Counts are whole numbers, 0 or more: {', '.join(sorted(bad))}."})
        errors: dict[str, Any] = consistency_errors({c: self.value(c) for c in CODES}, complete=bool(self.submitted_on))
        if errors:
            raise ValidationError(errors)
