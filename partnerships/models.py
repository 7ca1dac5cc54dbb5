from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnerships.limits import DOCUMENT, LONG_TEXT, limit
from partnerships.periods import year_bounds, year_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Partnership]:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Partnership(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, **limit(LONG_TEXT))

    objects = PartnershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to one partnership, read through the partnerships a user is a member of."""

    partnership_path = "partnership"

    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> QuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{f"{self.partnership_path}__memberships__user": user})

    def in_partnership(self, partnership: Partnership) -> QuerySet:
        return self.filter(**{self.partnership_path: partnership})


class Area(models.Model):
    """A local authority area the partnership covers (BVPI 225 and indicators are per area)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Latest ONS mid-year estimate")
    population_source = models.CharField(max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="area_slug_unique")]

    def __str__(self) -> str:
        return self.name

    def refuge_places_per_10k(self, places: int) -> float | None:
        """BVPI 225 Q2: refuge places per 10,000 population."""
        if not self.population:
            return None
        return round(places * 10_000 / self.population, 2)


class Agency(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation"
        HEALTH = "health", "Health"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary sector"
        COURTS = "courts", "Courts and CPS"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name_plural = "agencies"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="agency_name_unique")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(models.Model):
    """A named person in the partnership's documents (a chair, an action lead known by initials);
    linked to a portal user when they have a login."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200, help_text="Full name, or a post such as 'DA Co-ordinator'")
    initials = models.CharField(max_length=10, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name_plural = "people"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="person_name_unique")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Partnership admin"
    COORDINATOR = "coordinator", "Coordinator"
    LEAD = "lead", "Action lead"
    MEMBER = "member", "Group member"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's place in a partnership: one role per partnership; a user may belong to several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships",
        help_text="The named person this user is in the plan (for actions that name them as lead)",
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "partnership"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} of {self.partnership}"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Bi-monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "6 monthly"
    ANNUALLY = "annually", "Annually"
    AS_REQUIRED = "as_required", "As required"


MEETINGS_PER_YEAR: dict[str, int] = {
    Frequency.MONTHLY: 12,
    Frequency.BIMONTHLY: 6,
    Frequency.QUARTERLY: 4,
    Frequency.SIX_MONTHLY: 2,
    Frequency.ANNUALLY: 1,
    Frequency.AS_REQUIRED: 0,
}


class GroupQuerySet(ScopedQuerySet):
    pass


# A group's terms of reference: what the group page edits (partnerships.forms.GroupForm) and
# services.group_change writes.
GROUP_TERMS_FIELDS = [
    "name", "short_name", "area", "accountable_to", "accountable_to_text", "accountability", "purpose", "duties",
    "membership_rules", "quorum_members", "quorum_agencies", "quorum_text", "frequency", "minutes_to_chair_days",
    "minutes_circulated_days", "agenda_days_before", "minutes_rules", "reports_to", "life_span", "version",
    "approved_by", "approved_on", "review_date",
]


class Group(models.Model):
    """A governance group, with the terms-of-reference fields of a partnership board."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups",
        help_text="Set for a group that serves one area (it sees that area's figures); empty for partnership-wide",
    )
    accountable_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="accountable_groups"
    )
    accountable_to_text = models.CharField(max_length=300, blank=True, help_text="When the body is not in the portal")
    accountability = models.TextField("how accountability is demonstrated", blank=True, **limit(LONG_TEXT))
    purpose = models.TextField(blank=True, **limit(LONG_TEXT))
    duties = models.TextField("terms of reference", blank=True, help_text="One duty per line", **limit(LONG_TEXT))
    membership_rules = models.TextField(blank=True, **limit(LONG_TEXT))
    quorum_members = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_agencies = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_text = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, blank=True)
    minutes_to_chair_days = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_circulated_days = models.PositiveSmallIntegerField(null=True, blank=True)
    agenda_days_before = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_rules = models.TextField(blank=True, **limit(LONG_TEXT))
    reports_to = models.CharField(max_length=300, blank=True)
    life_span = models.CharField(max_length=300, blank=True)
    version = models.CharField(max_length=20, blank=True)
    approved_by = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="group_slug_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def meetings_per_year(self) -> int:
        return MEETINGS_PER_YEAR.get(self.frequency, 0)

    def duty_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.duties.splitlines() if line.strip(" •-\t")]

    def chair(self) -> GroupMember | None:
        return next((m for m in self.members.all() if m.role == GroupMember.Role.CHAIR), None)

    def is_quorate(self, meeting: Meeting) -> bool | None:
        """Quorate when enough people from enough agencies attended; None when the group sets no quorum."""
        if self.quorum_members is None and self.quorum_agencies is None:
            return None
        attendees = list(meeting.attendees.all())
        agencies = {p.agency_id for p in attendees if p.agency_id}
        if self.quorum_members is not None and len(attendees) < self.quorum_members:
            return False
        if self.quorum_agencies is not None and len(agencies) < self.quorum_agencies:
            return False
        return True

    def meetings_in_year(self, year_start: int) -> QuerySet[Meeting]:
        first, last = year_bounds(year_start)
        return self.meetings.filter(date__range=(first, last))

    def meetings_expected(self, year_start: int, today: dt.date) -> int:
        """Meetings the terms of reference ask for in that financial year; for the year in progress,
        pro rata to the quarters completed so far."""
        expected = self.meetings_per_year
        if year_of(today) == year_start:
            quarters_done = ((today.month - 4) % 12) // 3
            expected = expected * quarters_done // 4
        return expected

    def met_frequency(self, year_start: int, today: dt.date | None = None, *, held: int | None = None) -> bool | None:
        """Did the group meet as often as its terms of reference say in that financial year?
        None when the group has no set frequency.

        held: the meetings held that year up to today, when the caller has counted them already
        (the groups list annotates the counts; otherwise they are counted here).
        """
        if not self.meetings_per_year:
            return None
        today = today or timezone.localdate()
        if held is None:
            held = self.meetings_in_year(year_start).filter(date__lte=today).count()
        return held >= self.meetings_expected(year_start, today)


class GroupMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice chair"
        SECRETARY = "secretary", "Secretary"
        MEMBER = "member", "Member"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="group_places")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200, blank=True, help_text="Post held, as the terms of reference give it")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person", "role"], name="group_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.group})"


class MeetingQuerySet(ScopedQuerySet):
    partnership_path = "group__partnership"


class Meeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    host_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    host_text = models.CharField(max_length=200, blank=True, help_text="Host when not an agency in the portal")
    attendees = models.ManyToManyField(Person, blank=True, related_name="meetings_attended")
    minutes = models.TextField(blank=True, **limit(DOCUMENT))

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["group", "-date"]
        constraints = [models.UniqueConstraint(fields=["group", "date"], name="meeting_unique")]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%d/%m/%Y}"

    @property
    def host(self) -> str:
        return str(self.host_agency) if self.host_agency else self.host_text

    def is_quorate(self) -> bool | None:
        return self.group.is_quorate(self)
