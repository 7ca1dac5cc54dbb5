"""Seed 001's layout: objective title rows, their aims, then numbered sub-objectives whose action
rows are referenced by position; a Word row holding several actions is split into one action per
paragraph only where the other columns line up."""

from __future__ import annotations

from legacy import layouts
from legacy.layouts import Context, bedfordshire_001
from legacy.layouts.bedfordshire_001 import split_row
from tests.legacy.layouts import tables

# The ref column has no heading.
HEADER = ["", "Objective", "Action", "Responsibility", "By Whom", "Resources needed", "Timescale Plan", "Outcomes"]


def test_the_header_row_is_recognised():
    plan = tables(["Objective 1 - Data Collection"], HEADER)
    assert bedfordshire_001.detect(plan) > 0
    assert layouts.detect(plan) == "bedfordshire_001"
    assert bedfordshire_001.detect(tables(["Ref", "Objective", "Action", "Responsibility"])) == 0


def test_title_rows_aims_and_numbered_rows_map_to_objectives_and_actions():
    parsed = bedfordshire_001.parse(tables(
        ["Objective 1 - Data Collection and Information Sharing:"],
        ["To share information"],
        HEADER,
        ["1.1", "Agree a protocol\nEvery agency signs it", "Draft it", "SIG", "Police", "Time", "May 2009",
         "A protocol"],
        ["", "", "Sign it", "SIG", "Council", "", "June 2009", ""],
    ), Context(year_start=2009))
    assert parsed.problems == []
    assert [(o.ref, o.title, o.parent_ref, o.description) for o in parsed.objectives] == [
        ("1", "Data Collection and Information Sharing", None, "To share information"),
        ("1.1", "Agree a protocol", "1", "Every agency signs it"),
    ]
    draft, sign = parsed.actions
    assert (draft.ref, draft.objective_ref, draft.description, draft.text["by_whom"], draft.text["outcome"]) == (
        "1.1.1", "1.1", "Draft it", "Police", "A protocol")
    assert (sign.ref, sign.objective_ref, sign.description, sign.text["timescale"]) == (
        "1.1.2", "1.1", "Sign it", "June 2009")


def test_an_action_row_before_a_numbered_objective_is_a_problem():
    parsed = bedfordshire_001.parse(tables(
        ["Objective 1 - Data"], HEADER, ["", "", "Draft it", "", "", "", "", ""],
    ), Context(year_start=2009))
    assert [str(p) for p in parsed.problems] == [
        "row 3, Ref: an action row before the first numbered objective (1.1)"]


def _row(**cells: str) -> dict[str, str]:
    base = dict.fromkeys(["aim", "action", "responsibility", "by_whom", "resources", "timescale", "outcome"], "")
    return base | cells


def test_lined_up_paragraphs_become_one_action_each_and_a_single_paragraph_applies_to_all():
    parts = split_row(_row(action="Write it\nAgree it", responsibility="SIG", resources="Time\nMore time",
                           timescale="May 2009\nJune 2009", outcome="Better"))
    assert [(p["action"], p["resources"], p["timescale"], p["responsibility"], p["outcome"]) for p in parts] == [
        ("Write it", "Time", "May 2009", "SIG", "Better"),
        ("Agree it", "More time", "June 2009", "SIG", ""),
    ]


def test_columns_that_do_not_line_up_keep_the_row_as_one_action():
    values = _row(action="A\nB\nC", resources="Time\nMoney", timescale="May\nJune\nJuly")
    assert split_row(values) == [values]


def test_a_single_sum_is_not_repeated_on_every_action():
    values = _row(action="Plan it\nHold it", resources="£3500 venue", timescale="Ongoing")
    assert split_row(values) == [values]


def test_a_list_item_goes_on_with_the_paragraph_above_and_loses_its_mark():
    parts = split_row(_row(action="Train\n• pool\n• trainers\nEvaluate", timescale="June\nMarch"))
    assert [p["action"] for p in parts] == ["Train\npool\ntrainers", "Evaluate"]


def test_the_same_paragraph_on_every_line_counts_as_one():
    parts = split_row(_row(action="Encourage\nTrain\nMonitor", timescale="Ongoing\nOngoing\nOngoing\nOngoing",
                           resources="Time\nTime"))
    assert [(p["action"], p["timescale"], p["resources"]) for p in parts] == [
        ("Encourage", "Ongoing", "Time"), ("Train", "Ongoing", "Time"), ("Monitor", "Ongoing", "Time"),
    ]


def test_responsibility_that_does_not_line_up_is_shared_by_every_action():
    parts = split_row(_row(action="Enquire\nMonitor", responsibility="SIG\nDepartment leads\nStakeholders",
                           timescale="September 2009\nMarch 2010"))
    assert [p["responsibility"] for p in parts] == ["SIG\nDepartment leads\nStakeholders"] * 2
    lined_up = split_row(_row(action="Enquire\nMonitor", responsibility="SIG\nLSCB", timescale="May\nJune"))
    assert [p["responsibility"] for p in lined_up] == ["SIG", "LSCB"]


def test_an_o_bullet_is_a_list_item_of_the_paragraph_above():
    parts = split_row(_row(action="Paper to be considered by:\no Central Beds CSSG\no DA Delivery Group\nDecide on it",
                           timescale="April 2009\nJune 2009"))
    assert [p["action"] for p in parts] == ["Paper to be considered by:\nCentral Beds CSSG\nDA Delivery Group",
                                            "Decide on it"]
    # "o" followed by a lower-case word is text, not a mark.
    assert split_row(_row(action="o dear\nAgain", timescale="May\nJune"))[0]["action"] == "o dear"
