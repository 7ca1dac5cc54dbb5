"""Seed 001's layout splits a Word row holding several actions into one action per paragraph only
where the other columns line up; the Word reader keeps paragraph breaks when it joins a row broken
over a page."""

from __future__ import annotations

from legacy.layouts.bedfordshire_001 import split_row
from legacy.readers.docx import _join


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


def test_a_paragraph_broken_by_the_page_is_joined_back_and_a_new_one_kept():
    assert _join("Review the provision in", "the borough\nMonitor it") == "Review the provision in the borough\nMonitor it"
    assert _join("Evaluate the pilot", "Agree funding") == "Evaluate the pilot\nAgree funding"
    assert _join("", "Agree funding") == "Agree funding"


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
    assert [p["action"] for p in parts] == ["Paper to be considered by:\nCentral Beds CSSG\nDA Delivery Group", "Decide on it"]
    # "o" followed by a lower-case word is text, not a mark.
    assert split_row(_row(action="o dear\nAgain", timescale="May\nJune"))[0]["action"] == "o dear"
