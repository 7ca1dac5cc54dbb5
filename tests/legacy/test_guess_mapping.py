"""The column mapping prefilled from a file's headers ("My own layout")."""

from legacy.layouts.mapped import guess_mapping


def test_common_headers_are_guessed():
    assert guess_mapping(["Ref", "Priority", "Aim", "Action", "Lead agency", "By whom", "Deadline", "RAG", "Notes"]) == {
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
