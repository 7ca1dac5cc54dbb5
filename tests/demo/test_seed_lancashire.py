"""Seed 004 (Lancashire DV strategy action plan 2007/08 with its year-end comments) as
transcribed in fixtures/seed_004_lancashire.yaml."""

from pathlib import Path

import pytest
from django.conf import settings

from actions.models import Action, Objective, Status, YearEndReview
from demo.loader import LoadStats, load_demo_data

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed_004_lancashire.yaml"
ACTIONS = ["1.5", "1.6", "2.1", "4.1", "4.4", "4.6", "4.7", "4.8", "5.1", "5.2", "5.8", "5.9"]


def load() -> LoadStats:
    """Only this seed: the other seed files are not this test's concern."""
    return load_demo_data(only=[SEED.name])


@pytest.fixture
def lancashire() -> LoadStats:
    return load()


def lancashire_actions():
    return Action.objects.filter(plan__strategy__partnership__slug="lancashire")


def test_plan_has_priorities_1_2_4_5(lancashire):
    rows = list(Objective.objects.filter(plan__strategy__partnership__slug="lancashire").values_list("label", "ref"))
    assert rows == [("Priority", "1"), ("Priority", "2"), ("Priority", "4"), ("Priority", "5")]


def test_actions_are_exactly_those_of_the_seed_under_their_priority(lancashire):
    rows = list(lancashire_actions().values_list("ref", "objective__ref"))
    assert rows == [(ref, ref.split(".")[0]) for ref in ACTIONS]


def test_review_decisions_are_read_from_the_second_year_comments(lancashire):
    decisions = dict(
        YearEndReview.objects.filter(action__plan__strategy__partnership__slug="lancashire")
        .values_list("action__ref", "decision")
    )
    assert decisions["4.7"] == YearEndReview.Decision.COMPLETED
    assert decisions["1.5"] == YearEndReview.Decision.DEVELOP
    assert decisions["4.4"] == YearEndReview.Decision.KEEP
    assert len(decisions) == len(ACTIONS)


def test_review_comment_is_verbatim(lancashire):
    review = lancashire_actions().get(ref="4.4").review
    assert review.comment == (
        "Suggest keeping with it being prioritised for year 2 action plan as quality assurance model."
    )


def test_action_reported_completed_is_completed_and_mostly_completed_is_not(lancashire):
    assert lancashire_actions().get(ref="4.8").status == Status.COMPLETED
    assert lancashire_actions().get(ref="5.8").status == Status.ON_TRACK


def test_progress_is_the_year_end_quarter(lancashire):
    update = lancashire_actions().get(ref="4.7").updates.get()
    assert update.period.label == "2007-08 Q4"
    assert update.narrative == "Completed, refer to Lancashire SDVC Implementation Pack for details."


def test_leads_are_parsed_from_the_lead_agency_column(lancashire):
    a15 = lancashire_actions().get(ref="1.5")
    assert a15.by_whom == "LDVP (subgroup, chair Valerie Wise)"
    assert list(a15.lead_people.values_list("name", flat=True)) == ["Valerie Wise"]
    assert set(lancashire_actions().get(ref="4.4").lead_people.values_list("name", flat=True)) == {"LDVSC", "DCI PPU"}
    groups = lancashire_actions().get(ref="4.7").responsibility_groups.values_list("slug", flat=True)
    assert list(groups) == ["sdvc-board"]


def test_loading_twice_writes_nothing_the_second_time():
    assert load().total_written > 0
    history = Action.history.count()
    assert load().total_written == 0
    assert Action.history.count() == history
