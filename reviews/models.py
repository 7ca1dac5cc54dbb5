"""Domestic abuse related death reviews (DHR / DARDR) and their recommendations, tracked to closure.

A review's stages are dated fields on the review, in the order the statutory guidance names them
(one row reads as the review's timeline; the form checks that no stage is dated before the one it
follows). Panel meetings, the agencies asked for individual management reviews (IMRs) and the
recommendations are rows of their own.

Sources read for the model (public documents):
- Domestic Violence, Crime and Victims Act 2004 s9 (domestic homicide reviews; s9(3B): a copy of the
  report to the Domestic Abuse Commissioner), https://www.legislation.gov.uk/ukpga/2004/28/section/9
- Victims and Prisoners Act 2024 s19, inserting the "domestic abuse related death review" into the 2004
  Act (a death that has, or appears to have, resulted from domestic abuse within the Domestic Abuse Act
  2021; a copy of the report to the Secretary of State and the Commissioner as soon as reasonably
  practicable), https://www.legislation.gov.uk/ukpga/2024/21/section/19
- Home Office, Multi-agency Statutory Guidance for the Conduct of Domestic Homicide Reviews (December
  2016): notification of the CSP (by the police), the CSP's decision whether to hold a review and its
  notification to the Home Office, establishing the panel, appointing an independent chair, scoping
  (terms of reference), individual management reviews, the overview report and its action plan,
  the Home Office Quality Assurance Panel before publication, publication, monitoring of the action
  plan, https://www.gov.uk/government/publications/revised-statutory-guidance-for-the-conduct-of-domestic-homicide-reviews
- Home Office, Draft Domestic Homicide Review Statutory Guidance (May 2024 consultation draft), and
  the government response renaming the reviews "Domestic Abuse Related Death Reviews",
  https://www.gov.uk/government/consultations/updating-the-domestic-homicide-review-statutory-guidance
- Domestic Abuse Commissioner, "Learning from loss: ensuring the lessons from domestic homicide
  reviews lead to change" (July 2025): only a quarter of 110 national recommendations from reviews of
  2019-21 fully implemented and no system making sure recommendations are acted on; hence the
  recommendation's scope, the body it is addressed to, its status and evidence of completion,
  https://www.gov.uk/government/publications/ensuring-the-lessons-from-domestic-homicide-reviews-lead-to-change

Victim and family details are never stored: the review is known by its reference and the pseudonym the
review chooses (the guidance asks for a pseudonym agreed with the family in the published report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnerships.limits import LONG_TEXT, SHORT_TEXT, limit
from partnerships.models import Agency, Partnership, Person, ScopedQuerySet

# The guidance: the CSP decides whether to hold a review within one month of being notified.
DECISION_DUE_DAYS = 31


class ReviewQuerySet(ScopedQuerySet):
    pass


class Review(models.Model):
    class Kind(models.TextChoices):
        DHR = "dhr", "Domestic homicide review (DHR)"
        DARDR = "dardr", "Domestic abuse related death review (DARDR)"

    class Decision(models.TextChoices):
        PENDING = "", "Not decided yet"
        HOLD = "hold", "Hold a review"
        NOT_HOLD = "not_hold", "Not to hold a review"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reviews")
    reference = models.CharField(max_length=40, help_text="The CSP's reference, e.g. 'DHR 2024/01'")
    pseudonym = models.CharField(
        max_length=80, blank=True,
        help_text="The pseudonym the review chose for the person who died. Never enter the real name or any "
                  "detail of the victim or their family.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DARDR)
    notified_on = models.DateField("CSP notified", help_text="When the death was notified to the CSP")
    notified_by = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    help_text="The agency that notified the CSP (usually the police)")
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True, default=Decision.PENDING)
    decision_on = models.DateField("Decision made", null=True, blank=True)
    decision_reason = models.TextField("Reason for the decision", blank=True, **limit(LONG_TEXT))
    home_office_notified_on = models.DateField("Home Office notified", null=True, blank=True)
    chair = models.CharField("Independent chair", max_length=200, blank=True)
    chair_appointed_on = models.DateField("Chair appointed", null=True, blank=True)
    author = models.CharField("Overview report author", max_length=200, blank=True,
                              help_text="Leave blank when the chair writes the report")
    scoping_agreed_on = models.DateField("Scoping and terms of reference agreed", null=True, blank=True)
    overview_completed_on = models.DateField("Overview report completed", null=True, blank=True)
    commissioner_sent_on = models.DateField("Report sent to the Domestic Abuse Commissioner", null=True, blank=True)
    qa_submitted_on = models.DateField("Sent to the Home Office Quality Assurance Panel", null=True, blank=True)
    qa_approved_on = models.DateField("Quality Assurance Panel approved publication", null=True, blank=True)
    published_on = models.DateField("Published", null=True, blank=True)
    publication_url = models.URLField("Link to the published report", blank=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-notified_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="review_reference_unique"),
            # A decision has a date, and no date without a decision.
            models.CheckConstraint(
                condition=Q(decision="", decision_on__isnull=True) | (~Q(decision="") & Q(decision_on__isnull=False)),
                name="review_decision_dated",
            ),
            models.CheckConstraint(condition=Q(decision_on__isnull=True) | Q(decision_on__gte=F("notified_on")),
                                   name="review_decision_after_notification"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.pseudonym})" if self.pseudonym else self.reference

    def clean(self) -> None:
        """A decision has its date; a review not held has no later stages; no stage is dated before the
        stage it follows (STAGE_ORDER); a publication link has its publication date."""
        errors: dict[str, str] = {}

        def label(name: str) -> str:
            field = self._meta.get_field(name)
            return str(getattr(field, "verbose_name", name))

        if self.decision and not self.decision_on:
            errors["decision_on"] = "Give the date of the decision."
        if self.decision_on and not self.decision:
            errors["decision"] = "Say what was decided on that date, or leave the date empty."
        if self.decision == self.Decision.NOT_HOLD:
            for name in HELD_ONLY:
                if getattr(self, name):
                    errors[name] = f'The CSP decided not to hold a review: it has no "{label(name)}" date.'
        for earlier, later in STAGE_ORDER:
            first, then = getattr(self, earlier), getattr(self, later)
            if first and then and then < first and later not in errors:
                errors[later] = (f"{label(later)} ({then:%d/%m/%Y}) cannot be before "
                                 f"{label(earlier)} ({first:%d/%m/%Y}).")
        if self.publication_url and not self.published_on:
            errors["published_on"] = "Give the date the report was published."
        if errors:
            raise ValidationError(errors)

    @property
    def held(self) -> bool:
        return self.decision == self.Decision.HOLD

    def decision_due(self) -> dt.date:
        return self.notified_on + dt.timedelta(days=DECISION_DUE_DAYS)

    def decision_overdue(self, today: dt.date) -> bool:
        return self.decision == self.Decision.PENDING and today > self.decision_due()

    def stages(self, first_panel_meeting: dt.date | None = None,
               first_imr_requested: dt.date | None = None) -> list[Stage]:
        """The stages in the guidance's order with their dates (None: not reached, or not recorded)."""
        dates = {name: getattr(self, name) for name, _ in STAGE_FIELDS}
        dates["panel"], dates["imrs"] = first_panel_meeting, first_imr_requested
        return [Stage(key, label, dates[key]) for key, label in STAGES]

    @property
    def stage_label(self) -> str:
        """Where the review stands: the last stage with a date (the panel and IMR stages are read off
        their own rows, on the review page)."""
        if self.decision == self.Decision.NOT_HOLD:
            return "Not held"
        if self.decision == self.Decision.PENDING:
            return "Awaiting decision"
        reached = [label for name, label in STAGE_FIELDS if getattr(self, name)]
        if self.published_on:
            return "Action plan monitoring"
        return reached[-1] if reached else STAGES[0][1]


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    date: dt.date | None


# The stages in order: (key, label). A key that is a Review field is dated by that field; "panel" and
# "imrs" by the first panel meeting and the first IMR request.
STAGES: list[tuple[str, str]] = [
    ("notified_on", "CSP notified"),
    ("decision_on", "Decision"),
    ("home_office_notified_on", "Home Office notified"),
    ("chair_appointed_on", "Chair appointed"),
    ("scoping_agreed_on", "Scoping agreed"),
    ("imrs", "IMRs requested"),
    ("panel", "First panel meeting"),
    ("overview_completed_on", "Overview report completed"),
    ("commissioner_sent_on", "Sent to the Commissioner"),
    ("qa_submitted_on", "Sent to the Quality Assurance Panel"),
    ("qa_approved_on", "Quality Assurance Panel approved"),
    ("published_on", "Published"),
]
STAGE_FIELDS = [(key, label) for key, label in STAGES if key not in ("panel", "imrs")]

# Pairs of dated stages where the later may not come before the earlier (the form says so by name).
STAGE_ORDER: list[tuple[str, str]] = [
    ("notified_on", "decision_on"),
    ("decision_on", "home_office_notified_on"),
    ("decision_on", "chair_appointed_on"),
    ("decision_on", "scoping_agreed_on"),
    ("decision_on", "overview_completed_on"),
    ("overview_completed_on", "commissioner_sent_on"),
    ("overview_completed_on", "qa_submitted_on"),
    ("qa_submitted_on", "qa_approved_on"),
    ("qa_approved_on", "published_on"),
]
# Stages a review the CSP decided not to hold does not have.
HELD_ONLY = [name for name, _ in STAGE_FIELDS if name not in ("notified_on", "decision_on", "home_office_notified_on")]


class ReviewChildQuerySet(ScopedQuerySet):
    partnership_path = "review__partnership"


class PanelMember(models.Model):
    """A member of the review panel: one of the partnership's people, for an agency, in a role. The
    review's panel members may read the review (see partnerships.permissions.may_read_review)."""

    class Role(models.TextChoices):
        MEMBER = "member", "Panel member"
        ADVISER = "adviser", "Specialist adviser"
        SECRETARIAT = "secretariat", "Secretariat"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panel")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="review_panels")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    objects = ReviewChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "person__name"]
        constraints = [models.UniqueConstraint(fields=["review", "person"], name="panel_member_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class PanelMeeting(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    objects = ReviewChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "date"]
        constraints = [models.UniqueConstraint(fields=["review", "date"], name="panel_meeting_unique")]

    def __str__(self) -> str:
        return f"Panel meeting {self.date:%d/%m/%Y}"


class ManagementReview(models.Model):
    """An individual management review (IMR) asked of an agency: when requested, when received."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="imrs")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)

    objects = ReviewChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "requested_on", "agency__name"]
        verbose_name = "individual management review"
        constraints = [
            models.UniqueConstraint(fields=["review", "agency"], name="imr_agency_unique"),
            models.CheckConstraint(condition=Q(received_on__isnull=True) | Q(received_on__gte=F("requested_on")),
                                   name="imr_received_after_requested"),
        ]

    def __str__(self) -> str:
        return f"IMR from {self.agency}"


class Theme(models.Model):
    """A theme tagged on recommendations across reviews ("risk assessment", "information sharing")."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="review_themes")
    name = models.CharField(max_length=80)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="theme_name_unique")]

    def __str__(self) -> str:
        return self.name


class RecommendationQuerySet(ReviewChildQuerySet):
    def open(self) -> RecommendationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date) -> RecommendationQuerySet:
        return self.open().filter(target_date__lt=today)


class Recommendation(models.Model):
    class Scope(models.TextChoices):
        LOCAL = "local", "Local"
        REGIONAL = "regional", "Regional"
        NATIONAL = "national", "National"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        NOT_ACCEPTED = "not_accepted", "Not accepted"
        SUPERSEDED = "superseded", "Superseded"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    ref = models.CharField("Number", max_length=20, help_text="As numbered in the overview report, e.g. '1' or 'N3'")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.LOCAL)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="Addressed to (agency)")
    addressed_to = models.CharField("Addressed to (when not one of the partnership's agencies)", max_length=200,
                                    blank=True, help_text="e.g. 'Home Office', 'NHS England'")
    text = models.TextField("Recommendation", **limit(LONG_TEXT))
    action_agreed = models.TextField("Action agreed", blank=True, **limit(LONG_TEXT))
    lead = models.CharField(max_length=200, blank=True, help_text="Who leads the action (a post or a name)")
    milestones = models.TextField(blank=True, **limit(SHORT_TEXT))
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField("Evidence of completion", blank=True, **limit(LONG_TEXT))
    status_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    status_changed_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="Accepted as complete by")
    accepted_on = models.DateField("Accepted as complete on", null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["review", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["review", "ref"], name="recommendation_ref_unique"),
            # Completed means someone accepted the evidence, on a date.
            models.CheckConstraint(condition=~Q(status="completed") | Q(accepted_on__isnull=False),
                                   name="recommendation_completed_accepted"),
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} recommendation {self.ref}"

    def clean(self) -> None:
        if not self.agency_id and not self.addressed_to.strip():
            raise ValidationError({"agency": "Say who the recommendation is addressed to: one of the partnership's "
                                             "agencies, or another body in the box below."})

    @property
    def addressed_to_label(self) -> str:
        return str(self.agency) if self.agency_id else self.addressed_to

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.target_date is not None and self.target_date < today


OPEN_STATUSES = [Recommendation.Status.OPEN, Recommendation.Status.IN_PROGRESS]

# The fields a review's and a recommendation's forms edit and the services write.
REVIEW_FIELDS = [
    "reference", "pseudonym", "kind", "notified_on", "notified_by", "decision", "decision_on", "decision_reason",
    "home_office_notified_on", "chair", "chair_appointed_on", "author", "scoping_agreed_on",
    "overview_completed_on", "commissioner_sent_on", "qa_submitted_on", "qa_approved_on", "published_on",
    "publication_url",
]
RECOMMENDATION_FIELDS = ["ref", "scope", "agency", "addressed_to", "text", "action_agreed", "lead", "milestones",
                         "target_date", "themes"]
