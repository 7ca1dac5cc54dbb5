from __future__ import annotations

import datetime as dt

from django.urls import reverse

from partnerships.models import Person
from reviews.models import PanelMember, Review
from tests.conftest import World, client_for
from tests.reviews.factories import make_recommendation, make_review, seat


def url(review: Review, name: str = "reviews:review", **kwargs: int) -> str:
    return reverse(name, kwargs={"partnership": review.partnership.slug, "pk": review.pk, **kwargs})


def test_review_page_shows_stages_panel_imrs_and_recommendations(world: World) -> None:
    review = make_review(world.north, decision=Review.Decision.HOLD, decision_on=dt.date(2024, 2, 1))
    seat(review, Person.objects.get(name="Mo Member"))
    review.meetings.create(date=dt.date(2024, 3, 5))
    review.imrs.create(agency=world.police, requested_on=dt.date(2024, 2, 20))
    make_recommendation(review, "1", text="Review the DASH training", target_date=dt.date(2020, 1, 1))
    response = client_for(world.coordinator).get(url(review))
    assert response.status_code == 200
    stages = {s.key: s.date for s in response.context["stages"]}
    assert stages["decision_on"] == dt.date(2024, 2, 1) and stages["panel"] == dt.date(2024, 3, 5)
    assert stages["imrs"] == dt.date(2024, 2, 20) and stages["published_on"] is None
    assert response.context["overdue"] == 1
    for text in (b"Mo Member", b"North Police", b"Review the DASH training", b"Add a panel member"):
        assert text in response.content


def test_panel_member_reads_but_has_no_forms(world: World) -> None:
    review = make_review(world.north)
    seat(review, Person.objects.get(name="Mo Member"))
    response = client_for(world.member).get(url(review))
    assert response.status_code == 200 and b"Add a panel member" not in response.content


def test_lead_not_on_the_panel_gets_not_found(world: World) -> None:
    assert client_for(world.lead).get(url(make_review(world.north))).status_code == 404


def test_another_partnerships_review_is_not_found(world: World) -> None:
    south_review = make_review(world.south)
    wrong = reverse("reviews:review", kwargs={"partnership": "north", "pk": south_review.pk})
    assert client_for(world.coordinator).get(wrong).status_code == 404


def test_panel_add_and_remove(world: World) -> None:
    review = make_review(world.north)
    person = Person.objects.create(partnership=world.north, name="Ida IDVA", agency=world.housing)
    client = client_for(world.coordinator)
    response = client.post(url(review, "reviews:panel_add"), {"person": person.pk, "role": "member"})
    assert response.status_code == 302
    member = review.panel.get()
    assert member.agency == world.housing  # the person's own agency when none is chosen
    again = client.post(url(review, "reviews:panel_add"), {"person": person.pk, "role": "member"})
    assert again.status_code == 400 and "Ida IDVA is on the panel already." in again.content.decode()
    assert client.post(url(review, "reviews:panel_remove", member_pk=member.pk)).status_code == 302
    assert not PanelMember.objects.exists()


def test_panel_person_of_another_partnership_is_refused(world: World) -> None:
    review = make_review(world.north)
    stranger = Person.objects.create(partnership=world.south, name="Sam South")
    response = client_for(world.coordinator).post(url(review, "reviews:panel_add"), {"person": stranger.pk})
    assert response.status_code == 400 and not review.panel.exists()


def test_meeting_before_notification_is_refused(world: World) -> None:
    review = make_review(world.north)
    response = client_for(world.coordinator).post(url(review, "reviews:meeting_add"), {"date": "2023-12-01"})
    assert response.status_code == 400
    assert "The review was notified on 10/01/2024" in response.content.decode()
    assert not review.meetings.exists()


def test_imr_received_before_requested_is_refused(world: World) -> None:
    review = make_review(world.north)
    response = client_for(world.coordinator).post(url(review, "reviews:imr_record"), {
        "agency": world.police.pk, "requested_on": "2024-03-01", "received_on": "2024-02-01"})
    assert response.status_code == 400 and "cannot be before requested" in response.content.decode()
    assert not review.imrs.exists()


def test_post_endpoints_refuse_get(world: World) -> None:
    review = make_review(world.north)
    client = client_for(world.coordinator)
    for name in ("reviews:panel_add", "reviews:meeting_add", "reviews:imr_record"):
        assert client.get(url(review, name)).status_code == 405


def test_removed_panel_member_loses_the_review(world: World) -> None:
    review = make_review(world.north)
    member = seat(review, Person.objects.get(name="Mo Member"))
    reader = client_for(world.member)
    assert reader.get(url(review)).status_code == 200
    client_for(world.coordinator).post(url(review, "reviews:panel_remove", member_pk=member.pk))
    assert reader.get(url(review)).status_code == 404
