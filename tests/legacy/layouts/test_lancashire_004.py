"""Seed 004's layout: Priority / Action / Lead Agency / Progress Report / Comments, the priority
carried down over its actions, the year-end comment read as the review decision."""

from __future__ import annotations

from legacy import layouts
from legacy.layouts import Context, lancashire_004
from tests.legacy.layouts import tables

HEADER = ["Priority", "Action", "Lead Agency", "Progress Report", "Comments for 2nd Year Action Plan"]


def test_the_header_row_is_recognised():
    plan = tables(HEADER)
    assert lancashire_004.detect(plan) > 0
    assert layouts.detect(plan) == "lancashire_004"
    assert lancashire_004.detect(tables(["Priority", "Action", "Lead"])) == 0


def test_priorities_carry_down_and_comments_give_the_review():
    parsed = lancashire_004.parse(tables(
        HEADER,
        ["1. Awareness and training", "1.1 Train frontline staff", "Council", "Pack and training completed.",
         "Completed."],
        ["", "1.2 Run a campaign", "Police", "Posters printed", "Consider developing it. Or ditch action?"],
    ), Context(year_start=2007))
    assert parsed.problems == []
    assert [(o.ref, o.title, o.label) for o in parsed.objectives] == [("1", "Awareness and training", "Priority")]
    training, campaign = parsed.actions
    assert (training.ref, training.objective_ref, training.description, training.lead) == (
        "1.1", "1", "Train frontline staff", "Council")
    assert training.review == ("completed", "Completed.")
    assert training.status == "completed"
    assert (campaign.ref, campaign.objective_ref) == ("1.2", "1")
    assert campaign.review == ("develop", "Consider developing it. Or ditch action?")  # the ditch is only asked
    assert campaign.status == "on_track"


def test_an_action_without_its_reference_is_a_problem():
    parsed = lancashire_004.parse(tables(HEADER, ["2. Resources", "Pool the budgets", "", "", ""]),
                                  Context(year_start=2007))
    assert [str(p) for p in parsed.problems] == [
        "row 2, Action: the action does not start with its reference (e.g. '1.5 Multi-agency ...')"]
