"""Seed 002's layout: objective rows and activity rows, each block under its own header;
activities are referenced by their objective and a letter; a barrier line puts one at risk."""

from __future__ import annotations

from legacy import layouts
from legacy.layouts import Context, luton_002
from tests.legacy.layouts import tables

OBJECTIVE_HEADER = ["", "Objective", "Outcome", "Performance Measures", "Lead"]
ACTIVITY_HEADER = ["", "Activity", "Outcome", "Progress / Barriers", "Lead"]


def test_objective_and_activity_headers_together_are_recognised():
    plan = tables(OBJECTIVE_HEADER, ["1", "Safer victims", "Fewer repeats", "NI 32", "Police"], ACTIVITY_HEADER)
    assert luton_002.detect(plan) > 0
    assert layouts.detect(plan) == "luton_002"
    assert luton_002.detect(tables(OBJECTIVE_HEADER)) == 0  # an objective header alone is not this layout


def test_rows_map_to_objectives_and_lettered_activities():
    parsed = luton_002.parse(tables(
        OBJECTIVE_HEADER,
        ["1", "Safer victims", "Fewer repeats", "NI 32", "Police"],
        ACTIVITY_HEADER,
        ["a", "Run the MARAC", "Cases heard", "Meeting monthly", "Police"],
        ["b", "Train staff", "Staff trained", "Barrier- no trainer as of 23/09/13 Police to report back", "Council"],
    ), Context(year_start=2012))
    assert parsed.problems == []
    [objective] = parsed.objectives
    assert (objective.ref, objective.title, objective.outcome, objective.performance_measures, objective.lead) == (
        "1", "Safer victims", "Fewer repeats", "NI 32", "Police")
    marac, training = parsed.actions
    assert (marac.ref, marac.objective_ref, marac.description, marac.lead, marac.status) == (
        "1a", "1", "Run the MARAC", "Police", "on_track")
    assert (training.ref, training.status) == ("1b", "at_risk")
    assert training.update is not None
    assert training.update.barriers == "Barrier- no trainer as of 23/09/13"
    assert training.update.narrative == "Police to report back"


def test_an_activity_without_a_letter_is_a_problem():
    parsed = luton_002.parse(tables(
        OBJECTIVE_HEADER, ["1", "Safer victims", "", "", ""], ACTIVITY_HEADER, ["7", "Run the MARAC", "", "", ""],
    ), Context(year_start=2012))
    assert [str(p) for p in parsed.problems] == [
        "row 4, Ref: activity reference '7' is not a letter under an objective"]
