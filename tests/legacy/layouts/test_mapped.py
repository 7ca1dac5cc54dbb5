"""A layout of the partnership's own ("My own layout"): never recognised by itself, the columns
mapped by the admin (prefilled with guesses from the headers); plan tables and indicator tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from legacy import layouts
from legacy.layouts import Context, mapped
from legacy.layouts.mapped import guess_mapping, parse_mapping
from legacy.readers import ReadError
from tests.legacy.layouts import tables


def test_it_is_never_recognised_but_is_what_an_unknown_file_gets():
    own = tables(["Task no", "Strand", "Task", "Owner"])
    assert mapped.detect(own) == 0
    assert layouts.detect(own) == "mapped"


def test_mapped_columns_give_themes_objectives_and_actions_a_blank_carrying_the_one_above_down():
    parsed = mapped.parse(tables(
        ["Task no", "Strand", "Aim", "Task", "Owner", "Deadline", "RAG"],
        ["T1", "Victims", "Safer victims", "Run the MARAC", "Police", "Ongoing", "Green"],
        ["T2", "", "", "Train staff", "Council", "March 2010", "Red"],
    ), Context(year_start=2009, mapping={"ref": "Task no", "theme": "Strand", "objective": "Aim", "action": "Task",
                                         "lead": "Owner", "timescale": "Deadline", "status": "RAG"}))
    assert parsed.problems == []
    assert [(o.ref, o.title, o.label, o.parent_ref) for o in parsed.objectives] == [
        ("1", "Victims", "Theme", None), ("1.1", "Safer victims", "Objective", "1")]
    assert [(a.ref, a.objective_ref, a.description, a.lead, a.status) for a in parsed.actions] == [
        ("T1", "1.1", "Run the MARAC", "Police", "on_track"), ("T2", "1.1", "Train staff", "Council", "off_track")]


def test_an_indicator_table_maps_to_values_and_targets():
    parsed = mapped.parse(tables(
        ["Indicator code", "Area", "Quarter", "Actual", "Target"],
        ["NI 32", "North Town", "2011-12 Q1", "19", "25"],
    ), Context(year_start=2011))
    assert parsed.problems == []
    assert [(f.indicator, f.area, f.year_start, f.quarter, f.value, f.is_target) for f in parsed.figures] == [
        ("NI 32", "North Town", 2011, 1, Decimal("19"), False), ("NI 32", "North Town", 2011, 1, Decimal("25"), True)]


def test_a_mapping_to_a_header_the_file_lacks_is_a_problem():
    parsed = mapped.parse(tables(["Ref", "Action"], ["1", "Run it"]),
                          Context(year_start=2009, mapping={"action": "Activity"}))
    assert "the column 'Activity' mapped to action is not in the header row" in [p.reason for p in parsed.problems]


def test_a_mapping_is_written_field_equals_header():
    assert parse_mapping("action=Action, lead=Lead agency") == {"action": "Action", "lead": "Lead agency"}
    with pytest.raises(ReadError, match="'colour' is not a field"):
        parse_mapping("colour=Task")


def test_common_headers_are_guessed():
    headers = ["Ref", "Priority", "Aim", "Action", "Lead agency", "By whom", "Deadline", "RAG", "Notes"]
    assert guess_mapping(headers) == {
        "ref": "Ref", "theme": "Priority", "objective": "Aim", "action": "Action", "lead": "Lead agency",
        "by_whom": "By whom", "timescale": "Deadline", "status": "RAG", "comments": "Notes",
    }


def test_a_header_ending_in_a_reference_word_is_the_reference():
    guessed = guess_mapping(["Task no", "Task", "Owner"])
    assert (guessed["ref"], guessed["action"], guessed["lead"]) == ("Task no", "Task", "Owner")
    assert guess_mapping(["Action ref", "Action"])["ref"] == "Action ref"
    assert guess_mapping(["Item #", "Activity"])["ref"] == "Item #"


def test_an_indicator_table_is_guessed_as_one():
    assert guess_mapping(["Indicator code", "Area", "Quarter", "Actual"]) == {
        "indicator": "Indicator code", "area": "Area", "period": "Quarter", "value": "Actual",
    }


def test_headers_it_cannot_read_are_left_for_the_admin():
    assert "action" not in guess_mapping(["Piece of work", "Organisation"])
