"""The reviews in the Django admin: a partnership admin (is_staff) sees and edits their own partnership's
reviews only; another partnership's review is not found."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from partnerships.admin_scoping import PartnershipScopedAdmin
from reviews.models import Recommendation, Review
from tests.conftest import World, client_for
from tests.reviews.factories import make_recommendation, make_review


@pytest.fixture
def staff_admin(world: World):
    world.admin.is_staff = True
    world.admin.save()
    return world.admin


def test_every_reviews_admin_is_scoped() -> None:
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "reviews":
            assert isinstance(model_admin, PartnershipScopedAdmin), model
            for inline in model_admin.inlines:
                assert issubclass(inline, PartnershipScopedAdmin), inline


def test_partnership_admin_sees_only_their_reviews_and_recommendations(world: World, staff_admin) -> None:
    make_recommendation(make_review(world.north, "NORTH 1"), "1", text="North's own")
    south = make_review(world.south, "SOUTH 1")
    make_recommendation(south, "1", text="South's own")
    client = client_for(staff_admin)
    reviews = client.get(reverse("admin:reviews_review_changelist")).content.decode()
    assert "NORTH 1" in reviews and "SOUTH 1" not in reviews
    recommendations = client.get(reverse("admin:reviews_recommendation_changelist")).content.decode()
    assert "NORTH 1" in recommendations and "SOUTH 1" not in recommendations
    assert client.get(reverse("admin:reviews_review_change", args=[south.pk])).status_code == 404
    south_recommendation = Recommendation.objects.get(review=south)
    assert client.get(reverse("admin:reviews_recommendation_change",
                              args=[south_recommendation.pk])).status_code == 404
    assert Review.objects.count() == 2
