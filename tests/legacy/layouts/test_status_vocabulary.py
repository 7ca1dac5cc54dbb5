"""The status words of trackers (legacy/layouts/base.py read_status): negations and partial states
are never completion; RAG letters and words, completion words, Y/N in a completion column; a word
the portal cannot read is a warning kept in the comments, never a refusal."""

from __future__ import annotations

import pytest

from legacy.layouts import Context, mapped
from legacy.layouts.base import leading_status, parse_status, progress_status, read_status
from legacy.services import legacy_import
from tests.legacy.layouts import tables


@pytest.mark.parametrize("text", [
    "not complete", "Not Complete", "incomplete", "partially complete", "Part complete", "in progress",
    "Complete - evidence awaited", "50% complete", "not yet started", "Not yet completed", "Partly done",
    "Complete (awaiting evidence)", "To be completed by March", "Still to be done", "Nearly complete",
])
def test_negations_and_partial_states_are_never_completion(text):
    assert parse_status(text) != "completed"


@pytest.mark.parametrize(("text", "status"), [
    ("partially complete", "on_track"), ("part complete", "on_track"), ("in progress", "on_track"),
    ("complete - evidence awaited", "on_track"), ("50% complete", "on_track"), ("not yet started", "not_started"),
    ("Not started", "not_started"),
])
def test_partial_states_are_on_track_and_not_started_is_not_started(text, status):
    assert parse_status(text) == status


@pytest.mark.parametrize("text", ["not complete", "incomplete", "Amber/Red", "Purple", "Pending"])
def test_a_negation_or_two_rag_statuses_or_an_unknown_word_reads_no_status(text):
    assert read_status(text) == read_status(text).__class__(None, False)


@pytest.mark.parametrize(("text", "status"), [
    ("G", "on_track"), ("A", "at_risk"), ("R", "off_track"), ("g", "on_track"), ("B", "completed"),
    ("Green", "on_track"), ("Amber", "at_risk"), ("Red", "off_track"), ("Blue", "completed"),
    ("RED", "off_track"), ("Green - on track", "on_track"),
    ("Complete", "completed"), ("Completed", "completed"), ("Done", "completed"), ("Closed", "completed"),
    ("Achieved", "completed"), ("100% complete", "completed"),
    ("Ongoing", "on_track"), ("On-going", "on_track"), ("In progress", "on_track"), ("Started", "on_track"),
    ("Delayed", "off_track"), ("Slipped", "off_track"), ("Behind schedule", "off_track"),
    ("Dropped", "dropped"), ("Withdrawn", "dropped"), ("Ditched", "dropped"), ("No longer required", "dropped"),
    ("On track", "on_track"), ("at_risk", "at_risk"), ("☺", "on_track"), ("☹", "at_risk"),
])
def test_status_words(text, status):
    assert parse_status(text) == status


def test_words_are_matched_whole_not_inside_other_words():
    assert parse_status("Reduced funding") is None  # 'red' inside a word
    assert parse_status("Abandoned") == "dropped"
    assert parse_status("Greenwich") is None


@pytest.mark.parametrize(("text", "status", "understood"), [
    ("Y", "completed", True), ("Yes", "completed", True), ("N", None, True), ("No", None, True),
])
def test_yes_no_in_a_completion_column(text, status, understood):
    assert read_status(text, "Complete Y/N") == read_status(text).__class__(status, understood)
    # In a column that is not about completion, Y is not read as anything.
    assert read_status(text, "Status").status is None


def test_a_progress_note_beginning_with_a_status_word_takes_that_status():
    assert leading_status("At risk: the venue fell through") == "at_risk"
    assert progress_status("At risk: the venue fell through") == "at_risk"
    assert progress_status("Red - no funding agreed") == "off_track"
    assert progress_status("Not complete: waiting on the police") == "on_track"  # negation: nothing read
    assert progress_status("Partially complete: two of four sessions run") == "on_track"
    assert progress_status("Training: 40 staff trained") == "on_track"
    assert progress_status("Completed\nAll staff trained") == "completed"


def _plan(*rows: list[str]):
    return mapped.parse(tables(["Ref", "Action", "Status"], *rows), Context(year_start=2024))


def test_an_unknown_status_word_is_a_warning_kept_in_the_comments_not_a_refusal():
    parsed = _plan(["1", "Run the MARAC", "Purple"], ["2", "Train staff", "G"])
    assert parsed.problems == []
    assert [(w.row, w.column) for w in parsed.warnings] == [(2, "Status")]
    assert "'Purple' is not a status" in parsed.warnings[0].reason
    first, second = parsed.actions
    assert first.status is None and first.text["comments"] == "Status: Purple"
    assert second.status == "on_track" and second.text["comments"] == ""


def test_a_completion_column_headed_complete_y_n_is_guessed_as_the_status():
    parsed = mapped.parse(tables(["Ref", "Action", "Complete Y/N"], ["1", "Run it", "Y"], ["2", "Train", "N"]),
                          Context(year_start=2024))
    assert parsed.problems == [] and parsed.warnings == []
    assert [a.status for a in parsed.actions] == ["completed", None]


def test_a_file_with_an_unknown_status_imports_with_a_warning(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = b"Ref,Objective,Action,Status\n1.1,Safety,Run the MARAC,Purple\n1.2,Safety,Train staff,Partially complete\n"
    preview, _ = legacy_import(user=None, data=data, filename="s.csv", partnership=world.north, year_start=2009)
    assert preview.problems == []
    assert [w.row for w in preview.warnings] == [2]
    marac = world.plan.actions.get(ref="1.1")
    assert "Purple" in marac.comments
    assert world.plan.actions.get(ref="1.2").status != "completed"


def test_a_sentence_before_a_dash_is_not_a_status_prefix():
    assert leading_status("Initial scoping completed by CSP Analyst – identifies problems") is None
