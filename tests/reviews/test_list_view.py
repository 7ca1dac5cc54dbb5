from __future__ import annotations

import datetime as dt

from django.urls import reverse

from partnerships.models import Person
from reviews.models import Recommendation, Review, Theme
from tests.conftest import World, client_for
from tests.reviews.factories import make_recommendation, make_review, seat


def url(slug: str = "north") -> str:
    return reverse("reviews:list", kwargs={"partnership": slug})


def test_coordinator_sees_every_review_with_its_stage_and_overdue_count(world: World) -> None:
    review = make_review(world.north, decision=Review.Decision.HOLD, decision_on=dt.date(2024, 2, 1),
                         chair_appointed_on=dt.date(2024, 2, 20))
    make_recommendation(review, "1", target_date=dt.date(2020, 1, 1))
    make_recommendation(review, "2", target_date=dt.date(2020, 1, 1), status=Recommendation.Status.NOT_ACCEPTED)
    make_review(world.north, "DHR 2024/02", notified_on=dt.date(2020, 1, 1))
    make_review(world.south, "SOUTH 1")
    response = client_for(world.coordinator).get(url())
    assert response.status_code == 200
    rows = {r.reference: r for r in response.context["reviews"]}
    assert set(rows) == {"DHR 2024/01", "DHR 2024/02"}
    assert rows["DHR 2024/01"].overdue_count == 1 and rows["DHR 2024/01"].recommendation_count == 2
    assert rows["DHR 2024/01"].stage_label == "Chair appointed"
    assert b"decision overdue" in response.content  # DHR 2024/02: notified in 2020, no decision


def test_member_sees_only_the_reviews_on_whose_panel_they_sit(world: World) -> None:
    seated = make_review(world.north)
    make_review(world.north, "DHR 2024/02", pseudonym="Secret")
    seat(seated, Person.objects.get(name="Mo Member"))
    response = client_for(world.member).get(url())
    assert [r.reference for r in response.context["reviews"]] == ["DHR 2024/01"]
    assert b"Secret" not in response.content and b"Export recommendations" not in response.content


def test_themes_are_counted_per_year_over_readable_reviews(world: World) -> None:
    risk = Theme.objects.create(partnership=world.north, name="Risk assessment")
    sharing = Theme.objects.create(partnership=world.north, name="Information sharing")
    older = make_review(world.north, "DHR 2022/01", notified_on=dt.date(2022, 5, 1))
    newer = make_review(world.north, "DHR 2024/01", notified_on=dt.date(2024, 5, 1))
    make_recommendation(older, "1").themes.set([risk])
    make_recommendation(newer, "1").themes.set([risk, sharing])
    make_recommendation(newer, "2").themes.set([risk])
    response = client_for(world.coordinator).get(url())
    assert response.context["theme_years"] == ["2022-23", "2024-25"]
    assert response.context["themes"][0] == {"theme": "Risk assessment", "counts": [1, 2], "total": 3, "reviews": 2}
    assert response.context["themes"][1]["counts"] == [0, 1]
    # The member sits on no panel: no theme counts from reviews they may not read.
    assert client_for(world.member).get(url()).context["themes"] == []


def test_another_partnership_is_not_found(world: World) -> None:
    assert client_for(world.coordinator).get(url("south")).status_code == 404


def test_published_review_with_every_recommendation_closed_says_so(world: World) -> None:
    review = make_review(world.north, decision=Review.Decision.HOLD, decision_on=dt.date(2024, 2, 1),
                         published_on=dt.date(2025, 2, 1))
    make_recommendation(review, "1", status=Recommendation.Status.NOT_ACCEPTED)
    assert b"every recommendation closed" in client_for(world.coordinator).get(url()).content
    make_recommendation(review, "2")
    assert b"every recommendation closed" not in client_for(world.coordinator).get(url()).content
