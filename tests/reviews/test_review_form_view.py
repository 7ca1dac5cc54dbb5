from __future__ import annotations

import datetime as dt

from django.urls import reverse

from reviews.models import Review
from tests.conftest import World, client_for
from tests.reviews.factories import make_review

ADD = reverse("reviews:review_add", kwargs={"partnership": "north"})
DATA = {"reference": "DARDR 2025/01", "pseudonym": "Dee", "kind": "dardr", "notified_on": "2025-01-06"}


def test_coordinator_records_a_review(world: World) -> None:
    response = client_for(world.coordinator).post(ADD, {**DATA, "notified_by": world.police.pk})
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/reviews/{review.pk}/")
    assert review.notified_by == world.police and review.history.get().history_user == world.coordinator


def test_decision_before_notification_is_refused_with_a_clear_message(world: World) -> None:
    response = client_for(world.coordinator).post(ADD, {**DATA, "decision": "hold", "decision_on": "2025-01-01"})
    assert response.status_code == 400
    assert "Decision made (01/01/2025) cannot be before CSP notified (06/01/2025)." in response.content.decode()
    assert not Review.objects.exists()


def test_a_decision_needs_its_date(world: World) -> None:
    response = client_for(world.coordinator).post(ADD, {**DATA, "decision": "hold"})
    assert "Give the date of the decision." in response.content.decode() and not Review.objects.exists()


def test_a_review_not_held_has_no_later_stages(world: World) -> None:
    response = client_for(world.coordinator).post(ADD, {
        **DATA, "decision": "not_hold", "decision_on": "2025-01-20", "published_on": "2025-06-01"})
    assert response.status_code == 400 and "decided not to hold a review" in response.content.decode()


def test_publication_before_quality_assurance_approval_is_refused(world: World) -> None:
    response = client_for(world.coordinator).post(ADD, {
        **DATA, "decision": "hold", "decision_on": "2025-01-20", "overview_completed_on": "2025-06-01",
        "qa_submitted_on": "2025-06-10", "qa_approved_on": "2025-09-01", "published_on": "2025-08-01"})
    assert response.status_code == 400 and "Published (01/08/2025) cannot be before" in response.content.decode()


def test_reference_used_already_is_refused(world: World) -> None:
    make_review(world.north, "DARDR 2025/01")
    response = client_for(world.coordinator).post(ADD, DATA)
    assert "This partnership already has a review DARDR 2025/01." in response.content.decode()
    assert Review.objects.count() == 1


def test_edit_moves_the_review_on(world: World) -> None:
    review = make_review(world.north)
    edit = reverse("reviews:review_edit", kwargs={"partnership": "north", "pk": review.pk})
    client = client_for(world.admin)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"reference": review.reference, "pseudonym": "Anna", "kind": "dhr",
                                  "notified_on": "2024-01-10", "decision": "hold", "decision_on": "2024-02-01",
                                  "home_office_notified_on": "2024-02-02", "decision_reason": "Criteria met"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.decision_on == dt.date(2024, 2, 1) and review.stage_label == "Home Office notified"


def test_lead_may_not_record_a_review(world: World) -> None:
    assert client_for(world.lead).post(ADD, DATA).status_code == 403 and not Review.objects.exists()
