from __future__ import annotations

from django.urls import reverse

from partnerships.models import Agency, Person
from reviews.models import Recommendation, Theme
from tests.conftest import World, client_for
from tests.reviews.factories import make_recommendation, make_review, seat


def url(name: str, review_pk: int, **kwargs: int) -> str:
    return reverse(name, kwargs={"partnership": "north", "pk": review_pk, **kwargs})


DATA = {"ref": "4", "scope": "national", "addressed_to": "Home Office", "text": "Update the DASH guidance",
        "action_agreed": "Write to the Home Office", "lead": "CSP Manager", "target_date": "2025-03-31"}


def test_coordinator_adds_a_recommendation_with_themes(world: World) -> None:
    review = make_review(world.north)
    existing = Theme.objects.create(partnership=world.north, name="Risk assessment")
    response = client_for(world.coordinator).post(url("reviews:recommendation_add", review.pk), {
        **DATA, "themes": [existing.pk], "new_themes": "Information sharing, risk assessment"})
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert sorted(recommendation.themes.values_list("name", flat=True)) == ["Information sharing", "Risk assessment"]


def test_a_recommendation_must_say_who_it_is_addressed_to(world: World) -> None:
    review = make_review(world.north)
    response = client_for(world.coordinator).post(url("reviews:recommendation_add", review.pk),
                                                  {**DATA, "addressed_to": ""})
    assert response.status_code == 400 and "Say who the recommendation is addressed to" in response.content.decode()


def test_another_partnerships_agency_is_not_a_choice(world: World) -> None:
    review = make_review(world.north)
    south_agency = Agency.objects.create(partnership=world.south, name="South Police")
    response = client_for(world.coordinator).post(url("reviews:recommendation_add", review.pk),
                                                  {**DATA, "agency": south_agency.pk})
    assert response.status_code == 400 and not Recommendation.objects.exists()


def test_edit_keeps_the_ref_unique(world: World) -> None:
    review = make_review(world.north)
    make_recommendation(review, "1")
    second = make_recommendation(review, "2")
    client = client_for(world.coordinator)
    response = client.post(url("reviews:recommendation_edit", review.pk, rec_pk=second.pk), {**DATA, "ref": "1"})
    assert response.status_code == 400 and "DHR 2024/01 already has a recommendation 1." in response.content.decode()
    assert client.post(url("reviews:recommendation_edit", review.pk, rec_pk=second.pk),
                       {**DATA, "ref": "2"}).status_code == 302
    second.refresh_from_db()
    assert second.text == "Update the DASH guidance"


def test_status_completed_records_evidence_and_who_accepted_it(world: World) -> None:
    review = make_review(world.north)
    recommendation = make_recommendation(review)
    client = client_for(world.coordinator)
    status_url = url("reviews:recommendation_status", review.pk, rec_pk=recommendation.pk)
    refused = client.post(status_url, {"status": "completed", "evidence": ""})
    assert refused.status_code == 400 and "Give the evidence of completion" in refused.content.decode()
    assert '<option value="completed" selected>' in refused.content.decode()  # what was asked for, kept
    assert client.post(status_url, {"status": "completed", "evidence": "Policy v2 issued"}).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "completed" and recommendation.accepted_by == world.coordinator
    page = client.get(url("reviews:review", review.pk)).content.decode()
    assert "Accepted as complete by carol-coordinator" in page


def test_status_is_refused_on_get_and_for_a_panel_member(world: World) -> None:
    review = make_review(world.north)
    recommendation = make_recommendation(review)
    seat(review, Person.objects.get(name="Mo Member"))
    status_url = url("reviews:recommendation_status", review.pk, rec_pk=recommendation.pk)
    assert client_for(world.coordinator).get(status_url).status_code == 405
    assert client_for(world.member).post(status_url, {"status": "completed", "evidence": "x"}).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


def test_recommendation_of_another_review_path_is_not_found(world: World) -> None:
    review, other = make_review(world.north), make_review(world.north, "DHR 2024/02")
    recommendation = make_recommendation(other)
    response = client_for(world.coordinator).get(url("reviews:recommendation_edit", review.pk,
                                                     rec_pk=recommendation.pk))
    assert response.status_code == 404
