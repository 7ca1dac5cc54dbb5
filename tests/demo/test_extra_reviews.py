"""demo/extra_reviews.py: North Northamptonshire CSP's published DHR 005 as a review of the Bedfordshire
demo partnership, known only by the report's pseudonym, with its overview and IMR recommendations and
their themes, citing its source and labelled as demonstration data; loading again writes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from demo import extra_reviews
from demo.loader import FIXTURES_DIR, LoadStats, load_demo_data
from reviews.models import Recommendation, Review


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data(only=[(FIXTURES_DIR / "seed_001_bedfordshire.yaml").name])
        stats = LoadStats()
        extra_reviews.load(stats)
        yield stats
        transaction.set_rollback(True)


@pytest.fixture
def review(loaded_once: LoadStats, db) -> Review:
    return Review.objects.get(partnership__slug="bedfordshire", reference=extra_reviews.REFERENCE)


def test_the_review_cites_its_published_source_under_the_reports_pseudonym(review: Review) -> None:
    assert review.pseudonym == "A"
    assert review.publication_url == extra_reviews.SOURCE
    assert "Demonstration data" in review.decision_reason
    review.full_clean()  # the stages are in the guidance's order
    assert review.stage_label == "Action plan monitoring"


def test_the_recommendations_are_the_reports_with_their_scope_and_themes(review: Review) -> None:
    recommendations = {r.ref: r for r in review.recommendations.prefetch_related("themes")}
    assert list(recommendations) == ["1", "2", "IMR-EMAS-1", "IMR-POL-1", "IMR-POL-2"]
    assert recommendations["1"].scope == Recommendation.Scope.NATIONAL
    assert recommendations["1"].addressed_to == "Department of Health"
    assert "professional curiosity" in recommendations["2"].text
    assert [t.name for t in recommendations["IMR-POL-2"].themes.all()] == ["Risk assessment"]
    for r in recommendations.values():
        r.full_clean()


def test_loading_again_writes_nothing(loaded_once: LoadStats, db) -> None:
    assert loaded_once.created["Recommendation"] == 5
    again = LoadStats()
    extra_reviews.load(again)
    assert again.total_written == 0
