"""The portal's own export layout: recognised by its headers, mapped back to the same plan."""

from __future__ import annotations

from legacy import layouts
from legacy.layouts import Context, portal
from tests.legacy.layouts import tables

HEADER = ["Plan year", "Objective refs", "Objective titles", "Ref", "Action", "Lead agencies", "Lead people",
          "Timescale", "Status", "Latest progress quarter", "Latest progress"]


def test_the_export_headers_are_recognised_before_any_other_layout():
    exported = tables(HEADER, ["2009-10", "1 > 1.1", "Safety > Refuges", "1.1.1", "Run the refuge", *[""] * 6])
    assert portal.detect(exported) > 100
    assert layouts.detect(exported) == "portal"
    assert portal.detect(tables(["Ref", "Objective", "Action"])) == 0


def test_a_row_maps_to_its_objective_path_action_leads_and_progress():
    parsed = portal.parse(tables(
        HEADER,
        ["2009-10", "1 > 1.1", "Safety > Refuges", "1.1.1", "'=Run the refuge", "North Police", "Ann Lead",
         "March 2010", "At risk", "2009-10 Q2", "Half the beds open"],
    ), Context(year_start=2009))
    assert parsed.problems == []
    assert parsed.objective_titles_only
    assert [(o.ref, o.title, o.parent_ref) for o in parsed.objectives] == [
        ("1", "Safety", None), ("1.1", "Refuges", "1")]
    action = parsed.actions[0]
    assert (action.ref, action.objective_ref, action.description) == ("1.1.1", "1.1", "=Run the refuge")
    assert action.lead == "North Police; Ann Lead"
    assert action.update is not None
    assert (action.update.year_start, action.update.quarter, action.update.narrative) == (2009, 2, "Half the beds open")
    assert action.status == "at_risk"


def test_a_row_without_its_objective_reference_is_a_problem():
    parsed = portal.parse(tables(HEADER, ["2009-10", "", "", "1.1.1", "Run the refuge", "", "", "", "", "", ""]),
                          Context(year_start=2009))
    assert [str(p) for p in parsed.problems] == ["row 2, Objective refs: the objective reference is empty"]
