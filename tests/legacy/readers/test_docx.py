"""The Word reader keeps paragraph breaks when it joins a row broken over a page."""

from __future__ import annotations

from legacy.readers.docx import _join


def test_a_paragraph_broken_by_the_page_is_joined_back_and_a_new_one_kept():
    assert _join("Review the provision in",
                 "the borough\nMonitor it") == "Review the provision in the borough\nMonitor it"
    assert _join("Evaluate the pilot", "Agree funding") == "Evaluate the pilot\nAgree funding"
    assert _join("", "Agree funding") == "Agree funding"
