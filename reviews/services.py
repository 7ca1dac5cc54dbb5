"""Writes for death reviews and their recommendations. Each takes the acting `user` and holds them to
the permissions module (coordinators and admins edit reviews), whoever calls it. Partnership-owned
choices (agencies, people, themes) are checked to be the review's partnership's own here too, so a
caller other than the forms cannot cross partnerships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from partnerships.models import Agency, Partnership, Person
from partnerships.permissions import Perm, User, require
from partnerships.saving import save_or_clash
from reviews.models import (
    RECOMMENDATION_FIELDS,
    REVIEW_FIELDS,
    ManagementReview,
    PanelMeeting,
    PanelMember,
    Recommendation,
    Review,
    Theme,
)


def _own(partnership: Partnership, name: str, *objects: Model | None) -> None:
    if any(o is not None and getattr(o, "partnership_id", None) != partnership.pk for o in objects):
        raise ValidationError({name: "Choose one of this partnership's own."})


def _set_fields(obj: Model, data: dict[str, Any], allowed: list[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"not fields of {type(obj).__name__}: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)


@transaction.atomic
def review_create(*, partnership: Partnership, data: dict[str, Any], user: User) -> Review:
    require(user, partnership, Perm.EDIT_REVIEWS)
    _own(partnership, "notified_by", data.get("notified_by"))
    review = Review(partnership=partnership)
    _set_fields(review, data, REVIEW_FIELDS)
    save_or_clash(review, {"reference": f"This partnership already has a review {review.reference}."})
    return review


@transaction.atomic
def review_change(*, review: Review, data: dict[str, Any], user: User) -> Review:
    require(user, review.partnership, Perm.EDIT_REVIEWS)
    _own(review.partnership, "notified_by", data.get("notified_by"))
    _set_fields(review, data, REVIEW_FIELDS)
    save_or_clash(review, {"reference": f"This partnership already has a review {review.reference}."})
    return review


@transaction.atomic
def panel_member_add(*, review: Review, person: Person, agency: Agency | None, role: str, user: User) -> PanelMember:
    require(user, review.partnership, Perm.EDIT_REVIEWS)
    _own(review.partnership, "person", person)
    _own(review.partnership, "agency", agency)
    member = PanelMember(review=review, person=person, agency=agency or person.agency, role=role)
    save_or_clash(member, {"person": f"{person} is on the panel already."})
    return member


@transaction.atomic
def panel_member_remove(*, member: PanelMember, user: User) -> None:
    require(user, member.review.partnership, Perm.EDIT_REVIEWS)
    member.delete()


@transaction.atomic
def panel_meeting_record(*, review: Review, date: dt.date, note: str, user: User) -> PanelMeeting:
    require(user, review.partnership, Perm.EDIT_REVIEWS)
    meeting = PanelMeeting(review=review, date=date, note=note)
    save_or_clash(meeting, {"date": f"A panel meeting on {date:%d/%m/%Y} is recorded already."})
    return meeting


@transaction.atomic
def imr_record(*, review: Review, agency: Agency, requested_on: dt.date, received_on: dt.date | None,
               user: User) -> ManagementReview:
    """Ask an agency for an IMR, or (for an agency asked already) change its dates."""
    require(user, review.partnership, Perm.EDIT_REVIEWS)
    _own(review.partnership, "agency", agency)
    if received_on is not None and received_on < requested_on:
        raise ValidationError({"received_on": "Received cannot be before requested."})
    imr = ManagementReview.objects.filter(review=review, agency=agency).first() or ManagementReview(
        review=review, agency=agency)
    imr.requested_on, imr.received_on = requested_on, received_on
    save_or_clash(imr, {"agency": f"An IMR from {agency} is recorded already."})
    return imr


def _themes(partnership: Partnership, themes: Iterable[Theme], new_themes: Iterable[str]) -> list[Theme]:
    chosen = list(themes)
    _own(partnership, "themes", *chosen)
    for name in new_themes:
        theme = Theme.objects.filter(partnership=partnership, name__iexact=name).first()
        chosen.append(theme or Theme.objects.create(partnership=partnership, name=name))
    return list({t.pk: t for t in chosen}.values())


@transaction.atomic
def recommendation_create(*, review: Review, data: dict[str, Any], new_themes: Iterable[str] = (),
                          user: User) -> Recommendation:
    require(user, review.partnership, Perm.EDIT_REVIEWS)
    data = dict(data)
    themes = _themes(review.partnership, data.pop("themes", []), new_themes)
    _own(review.partnership, "agency", data.get("agency"))
    recommendation = Recommendation(review=review)
    _set_fields(recommendation, data, RECOMMENDATION_FIELDS)
    save_or_clash(recommendation, {"ref": f"{review.reference} already has a recommendation {recommendation.ref}."})
    recommendation.themes.set(themes)
    return recommendation


@transaction.atomic
def recommendation_change(*, recommendation: Recommendation, data: dict[str, Any], new_themes: Iterable[str] = (),
                          user: User) -> Recommendation:
    review = recommendation.review
    require(user, review.partnership, Perm.EDIT_REVIEWS)
    data = dict(data)
    themes = _themes(review.partnership, data.pop("themes", []), new_themes)
    _own(review.partnership, "agency", data.get("agency"))
    _set_fields(recommendation, data, RECOMMENDATION_FIELDS)
    save_or_clash(recommendation, {"ref": f"{review.reference} already has a recommendation {recommendation.ref}."})
    recommendation.themes.set(themes)
    return recommendation


@transaction.atomic
def recommendation_set_status(*, recommendation: Recommendation, status: str, evidence: str,
                              user: User) -> Recommendation:
    """A new status, recorded with who set it and when. Completed needs evidence and records the user
    as having accepted it as complete, today; any other status clears that acceptance."""
    require(user, recommendation.review.partnership, Perm.EDIT_REVIEWS)
    if status not in Recommendation.Status.values:
        raise ValidationError({"status": f"Not a status: {status!r}."})
    evidence = evidence.strip()
    if status == Recommendation.Status.COMPLETED and not evidence:
        raise ValidationError({"evidence": "Give the evidence of completion before accepting it as completed."})
    now = timezone.now()
    recommendation.status, recommendation.evidence = status, evidence
    recommendation.status_changed_by, recommendation.status_changed_at = user, now  # type: ignore[assignment]
    if status == Recommendation.Status.COMPLETED:
        recommendation.accepted_by, recommendation.accepted_on = user, timezone.localdate(now)  # type: ignore[assignment]
    else:
        recommendation.accepted_by, recommendation.accepted_on = None, None
    recommendation.save()
    return recommendation
