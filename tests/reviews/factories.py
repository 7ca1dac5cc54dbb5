"""Reviews for the tests, made directly (the services are tested in test_services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partnerships.models import Partnership, Person
from reviews.models import PanelMember, Recommendation, Review


def make_review(partnership: Partnership, reference: str = "DHR 2024/01", **fields: Any) -> Review:
    fields.setdefault("pseudonym", "Anna")
    fields.setdefault("notified_on", dt.date(2024, 1, 10))
    return Review.objects.create(partnership=partnership, reference=reference, **fields)


def make_recommendation(review: Review, ref: str = "1", **fields: Any) -> Recommendation:
    fields.setdefault("text", f"Recommendation {ref}")
    fields.setdefault("addressed_to", "Home Office")
    return Recommendation.objects.create(review=review, ref=ref, **fields)


def seat(review: Review, person: Person, role: str = PanelMember.Role.MEMBER) -> PanelMember:
    return PanelMember.objects.create(review=review, person=person, role=role)
