"""Seed 003's layout: Ref / Outcome / Activity / ... with each row's progress on the rows below, a
row with an empty Ref continuing the row above, and a table of rates in the progress rows."""

from __future__ import annotations

from decimal import Decimal

from legacy import layouts
from legacy.layouts import Context, camden_003
from tests.legacy.layouts import tables

HEADER = ["Ref", "Outcome", "Activity / Action", "Baseline Data", "Performance Measure",
          "Lead Agency and project leader", "Outputs", "Funding source and cost"]


def test_the_header_row_is_recognised():
    plan = tables(HEADER)
    assert camden_003.detect(plan) > 0
    assert layouts.detect(plan) == "camden_003"
    assert camden_003.detect(tables(["Ref", "Outcome", "Action"])) == 0  # Baseline, Lead and Outputs are required


def test_a_reference_row_its_continuation_and_its_progress_map_to_one_action():
    parsed = camden_003.parse(tables(
        HEADER,
        ["DV 1", "Fewer repeat victims", "Run the MARAC", "40 cases", "Repeats", "Police", "Monthly meetings",
         "£2,000"],
        ["", "", "and review its cases", "", "", "", "", ""],
        ["• Meeting monthly since May"],
        ["% Achieved", "% Target"],
        ["Detection Rate", "51.2%", "40%"],
    ), Context(year_start=2007))
    assert parsed.problems == []
    assert [(o.ref, o.title, o.label) for o in parsed.objectives] == [("DV1", "Fewer repeat victims", "Ref")]
    [action] = parsed.actions
    assert (action.ref, action.objective_ref, action.lead) == ("DV1", "DV1", "Police")
    assert action.description == "Run the MARAC\nand review its cases"
    assert (action.text["baseline"], action.text["outputs"], action.cost) == (
        "40 cases", "Monthly meetings", Decimal("2000"))
    assert action.update is not None
    assert action.update.narrative.startswith("• Meeting monthly since May")
    assert action.status == "on_track"
    value, target = parsed.figures
    assert (value.indicator, value.value, value.is_target, value.own_area, value.new_unit) == (
        "Detection Rate", Decimal("51.2"), False, True, "percent")
    assert (target.value, target.is_target) == (Decimal("40"), True)


def test_outstanding_progress_is_a_barrier_and_puts_the_action_at_risk():
    parsed = camden_003.parse(tables(
        HEADER, ["DV2", "Awareness", "Publicity campaign", "None", "Reach", "Council", "Leaflets", ""],
        ["Publicity campaign outstanding"],
    ), Context(year_start=2007))
    [action] = parsed.actions
    assert action.update is not None
    assert (action.status, action.update.barriers) == ("at_risk", "Publicity campaign outstanding")


def test_a_first_row_that_is_not_a_reference_is_a_problem():
    parsed = camden_003.parse(tables(HEADER, ["Notes", "", "", "", "", "", "", ""]), Context(year_start=2007))
    assert [str(p) for p in parsed.problems] == ["row 2, Ref: 'Notes' is not a reference such as DV1"]
