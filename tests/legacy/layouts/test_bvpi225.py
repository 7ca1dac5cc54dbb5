"""The BVPI 225 monitoring sheet: recognised by its headers; a numbered row is a question's answer,
the row without a number the assessment's purpose, the month columns monitoring entries."""

from __future__ import annotations

import datetime as dt

from legacy import layouts
from legacy.layouts import Context, bvpi225
from tests.legacy.layouts import tables

HEADER = ["Description", "Notes", "Completion date &/or key milestones", "Resp Manager", "Apr-05", "Oct-05",
          "Progress Indicator", "Year end Answer", "Backed up by", "Signed Off"]


def test_the_monitoring_sheet_headers_are_recognised():
    sheet = tables(["BVPI 225 monitoring 2005/06"], HEADER)
    assert bvpi225.detect(sheet) > 0
    assert layouts.detect(sheet) == "bvpi225"
    assert bvpi225.detect(tables(["Ref", "Objective", "Action"])) == 0


def test_question_rows_map_to_answers_with_their_monitoring():
    parsed = bvpi225.parse(tables(
        HEADER,
        ["To reduce domestic violence", "", "", "", "", "", "", "", "", ""],
        ["1 Has the local authority a strategy?", "Agreed in May", "May 2005", "A. Manager", "Drafted", "",
         "☺", "Yes", "Strategy document", "Chair"],
        ["6. Is there a sanctuary scheme?", "Not yet", "", "", "", "Scoping", "☹", "No", "", ""],
    ), Context(year_start=2005))
    assert parsed.problems == []
    assert parsed.bvpi_purpose == "To reduce domestic violence"
    first, sixth = parsed.answers
    assert (first.question, first.notes, first.milestones, first.responsible_manager) == (
        1, "Agreed in May", "May 2005", "A. Manager")
    assert (first.progress, first.answer, first.backed_up_by, first.signed_off_by) == (
        "good", True, "Strategy document", "Chair")
    assert [(m.label, m.date, m.text) for m in first.monitoring] == [("Apr-05", dt.date(2005, 4, 1), "Drafted")]
    assert (sixth.question, sixth.progress, sixth.answer) == (6, "concern", False)
    assert [(m.label, m.text) for m in sixth.monitoring] == [("Oct-05", "Scoping")]


def test_an_answer_that_is_not_yes_or_no_and_a_question_out_of_range_are_problems():
    parsed = bvpi225.parse(tables(
        HEADER,
        ["2 Is there a forum?", "", "", "", "", "", "☺", "Maybe", "", ""],
        ["12 Is there a twelfth question?", "", "", "", "", "", "", "", "", ""],
    ), Context(year_start=2005))
    assert [str(p) for p in parsed.problems] == [
        "row 2, Year end Answer: 'Maybe' is not Yes or No",
        "row 3, Description: question 12 does not exist: BVPI 225 has questions 1 to 11",
        "file, Description: no question rows found (rows start with the question number)",
    ]
