"""Smiley marks in a status column: a smile is on track, a straight or sad face at risk."""

from __future__ import annotations

import pytest

from legacy.layouts.base import read_status


@pytest.mark.parametrize(("mark", "status"), [("☺", "on_track"), ("🙂", "on_track"), ("😊", "on_track"),
                                              ("☹", "at_risk"), ("😐", "at_risk"), ("🙁", "at_risk")])
def test_a_smiley_reads_as_a_status(mark, status):
    read = read_status(mark)
    assert (read.status, read.understood) == (status, True)


def test_two_faces_in_one_cell_are_not_guessed_between():
    assert read_status("🙂/🙁").status is None
