from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from partnerships.models import Person
from partnerships.permissions import Forbidden, may_for_review, readable_reviews
from reviews import services
from reviews.models import Recommendation, Review, Theme
from tests.conftest import World
from tests.reviews.factories import make_recommendation, make_review, seat

DATA = {"reference": "DARDR 2025/02", "pseudonym": "Beth", "kind": Review.Kind.DARDR,
        "notified_on": dt.date(2025, 3, 3)}


def test_coordinator_creates_a_review_with_history(world: World) -> None:
    review = services.review_create(partnership=world.north, data=DATA, user=world.coordinator)
    assert review.partnership == world.north and review.history.count() == 1
    assert review.stage_label == "Awaiting decision"


@pytest.mark.parametrize("role", ["lead", "member", "viewer"])
def test_other_roles_may_not_create_a_review(world: World, role: str) -> None:
    with pytest.raises(Forbidden):
        services.review_create(partnership=world.north, data=DATA, user=world.user(role))
    assert not Review.objects.exists()


def test_outsider_gets_not_found(world: World) -> None:
    with pytest.raises(Http404):
        services.review_create(partnership=world.north, data=DATA, user=world.outsider)


def test_same_reference_twice_in_a_partnership_is_refused_but_another_partnership_may_use_it(world: World) -> None:
    services.review_create(partnership=world.north, data=DATA, user=world.coordinator)
    with pytest.raises(ValidationError, match="already has a review DARDR 2025/02"):
        services.review_create(partnership=world.north, data=DATA, user=world.coordinator)
    services.review_create(partnership=world.south, data=DATA, user=world.outsider)
    assert Review.objects.count() == 2


def test_database_refuses_a_decision_before_notification(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_review(world.north, decision=Review.Decision.HOLD, decision_on=dt.date(2023, 12, 1))


def test_database_refuses_a_decision_without_a_date(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_review(world.north, decision=Review.Decision.HOLD)


def test_another_partnerships_agency_is_refused(world: World) -> None:
    from partnerships.models import Agency
    south_police = Agency.objects.create(partnership=world.south, name="South Police")
    with pytest.raises(ValidationError):
        services.review_create(partnership=world.north, data={**DATA, "notified_by": south_police},
                               user=world.coordinator)


def test_stage_follows_the_latest_dated_stage(world: World) -> None:
    review = make_review(world.north)
    assert review.decision_overdue(dt.date(2024, 2, 11)) and not review.decision_overdue(dt.date(2024, 2, 9))
    review.decision, review.decision_on = Review.Decision.HOLD, dt.date(2024, 2, 1)
    review.qa_submitted_on = dt.date(2024, 9, 1)
    assert review.stage_label == "Sent to the Quality Assurance Panel"
    review.published_on = dt.date(2025, 1, 1)
    assert review.stage_label == "Action plan monitoring"
    review.decision = Review.Decision.NOT_HOLD
    assert review.stage_label == "Not held"


def test_recommendation_refs_are_unique_per_review(world: World) -> None:
    review = make_review(world.north)
    data = {"ref": "3", "text": "Train GPs", "addressed_to": "NHS England"}
    services.recommendation_create(review=review, data=data, user=world.coordinator)
    with pytest.raises(ValidationError, match="already has a recommendation 3"):
        services.recommendation_create(review=review, data=data, user=world.coordinator)
    other = make_review(world.north, "DHR 2024/02")
    services.recommendation_create(review=other, data=data, user=world.coordinator)


def test_new_themes_are_made_once_per_partnership(world: World) -> None:
    review = make_review(world.north)
    first = services.recommendation_create(review=review, data={"ref": "1", "text": "A", "addressed_to": "HO"},
                                           new_themes=["Risk assessment"], user=world.coordinator)
    second = services.recommendation_create(review=review, data={"ref": "2", "text": "B", "addressed_to": "HO"},
                                            new_themes=["risk assessment", "Information sharing"],
                                            user=world.coordinator)
    assert Theme.objects.filter(partnership=world.north).count() == 2
    assert list(first.themes.values_list("name", flat=True)) == ["Risk assessment"]
    assert second.themes.count() == 2


def test_completed_needs_evidence_and_records_who_accepted_it(world: World) -> None:
    recommendation = make_recommendation(make_review(world.north))
    with pytest.raises(ValidationError, match="evidence"):
        services.recommendation_set_status(recommendation=recommendation, status="completed", evidence=" ",
                                           user=world.coordinator)
    services.recommendation_set_status(recommendation=recommendation, status="completed",
                                       evidence="Training delivered to 40 GPs", user=world.coordinator)
    recommendation.refresh_from_db()
    assert recommendation.accepted_by == world.coordinator and recommendation.accepted_on is not None
    assert recommendation.status_changed_by == world.coordinator
    services.recommendation_set_status(recommendation=recommendation, status="in_progress", evidence="",
                                       user=world.admin)
    recommendation.refresh_from_db()
    assert recommendation.accepted_by is None and recommendation.accepted_on is None
    assert recommendation.history.count() == 3


def test_a_lead_may_not_set_a_status(world: World) -> None:
    recommendation = make_recommendation(make_review(world.north))
    with pytest.raises(Forbidden):
        services.recommendation_set_status(recommendation=recommendation, status="in_progress", evidence="",
                                           user=world.lead)


def test_overdue_counts_open_recommendations_past_their_target(world: World) -> None:
    review = make_review(world.north)
    make_recommendation(review, "1", target_date=dt.date(2024, 6, 1))
    make_recommendation(review, "2", target_date=dt.date(2024, 6, 1), status=Recommendation.Status.NOT_ACCEPTED)
    make_recommendation(review, "3", target_date=dt.date(2025, 6, 1))
    assert list(Recommendation.objects.overdue(dt.date(2025, 1, 1)).values_list("ref", flat=True)) == ["1"]


def test_imr_asked_again_changes_the_dates(world: World) -> None:
    review = make_review(world.north)
    services.imr_record(review=review, agency=world.police, requested_on=dt.date(2024, 3, 1), received_on=None,
                        user=world.coordinator)
    services.imr_record(review=review, agency=world.police, requested_on=dt.date(2024, 3, 1),
                        received_on=dt.date(2024, 4, 1), user=world.coordinator)
    assert review.imrs.get().received_on == dt.date(2024, 4, 1)


def test_panel_members_read_their_review_only(world: World) -> None:
    on_panel, off_panel = make_review(world.north), make_review(world.north, "DHR 2024/02")
    seat(on_panel, Person.objects.get(name="Mo Member"))
    assert list(readable_reviews(world.member, world.north)) == [on_panel]
    assert "view_reviews" in may_for_review(world.member, on_panel)
    assert "view_reviews" not in may_for_review(world.member, off_panel)
    assert "edit_reviews" not in may_for_review(world.member, on_panel)
    assert readable_reviews(world.lead, world.north).count() == 0
    assert readable_reviews(world.coordinator, world.north).count() == 2
    assert readable_reviews(world.outsider, world.north).count() == 0


def test_services_hold_every_caller_to_the_stage_order(world: World) -> None:
    data = {**DATA, "decision": Review.Decision.HOLD, "decision_on": dt.date(2025, 3, 10),
            "overview_completed_on": dt.date(2025, 9, 1), "qa_submitted_on": dt.date(2025, 8, 1)}
    with pytest.raises(ValidationError, match=r"cannot be before Overview report completed \(01/09/2025\)"):
        services.review_create(partnership=world.north, data=data, user=world.coordinator)
    assert not Review.objects.exists()


def test_a_recommendation_addressed_to_nobody_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="Say who the recommendation is addressed to"):
        services.recommendation_create(review=make_review(world.north), data={"ref": "1", "text": "A"},
                                       user=world.coordinator)
