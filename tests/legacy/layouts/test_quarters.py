"""Progress by quarter: per-quarter columns ("Q1 RAG", "Q2 Update", "Apr-Jun") become one progress
update per quarter, a "Q1:" note is filed in Q1, and a note with no quarter is filed in Q4 with a
warning saying so."""

from __future__ import annotations

from actions.models import ProgressUpdate
from legacy.layouts import Context, mapped
from legacy.layouts.mapped import quarter_columns
from legacy.services import legacy_import
from tests.legacy.layouts import tables


def test_per_quarter_headers_are_recognised():
    headers = ["Ref", "Action", "Q1 RAG", "Q1 Update", "Q2 RAG", "Quarter 3 progress", "Oct-Dec RAG", "Q4 target"]
    assert quarter_columns(headers, set()) == {1: {"status": 2, "progress": 3}, 2: {"status": 4},
                                               3: {"progress": 5, "status": 6}}
    assert quarter_columns(["Action", "Q1 RAG"], set()) == {}  # one column alone: the status column


def test_per_quarter_columns_become_one_update_per_quarter():
    parsed = mapped.parse(tables(
        ["Ref", "Action", "Lead", "Q1 RAG", "Q1 Update", "Q2 RAG", "Q2 Update", "Q3 RAG", "Q3 Update"],
        ["1", "Run the MARAC", "Police", "G", "Meeting monthly", "A", "Chair left", "", ""],
        ["2", "Train staff", "Council", "R", "", "Purple", "Two sessions", "", ""],
    ), Context(year_start=2024))
    assert parsed.problems == []
    marac, train = parsed.actions
    assert [(u.year_start, u.quarter, u.status, u.narrative) for u in marac.quarter_updates] == [
        (2024, 1, "on_track", "Meeting monthly"), (2024, 2, "at_risk", "Chair left")]
    assert marac.status == "at_risk"  # the latest quarter's
    assert marac.update is None
    assert [(u.quarter, u.status, u.narrative) for u in train.quarter_updates] == [
        (1, "off_track", ""), (2, "on_track", "Two sessions\nQ2 RAG: Purple")]
    assert [(w.row, w.column) for w in parsed.warnings] == [(3, "Q2 RAG")]
    assert parsed.unmapped == []


def test_a_quarter_named_at_the_start_of_a_note_files_it_in_that_quarter():
    parsed = mapped.parse(tables(["Ref", "Action", "Progress"], ["1", "Run it", "Q1: At risk: chair left"],
                                 ["2", "Train", "Quarter 2 - two sessions held"]), Context(year_start=2024))
    assert [(a.update.quarter, a.update.status) for a in parsed.actions if a.update] == [(1, "at_risk"),
                                                                                        (2, "on_track")]
    assert parsed.warnings == []


def test_a_note_with_no_quarter_is_filed_in_q4_and_the_preview_says_so_once():
    parsed = mapped.parse(tables(["Ref", "Action", "Progress"], ["1", "Run it", "Meeting monthly"],
                                 ["2", "Train", "Two sessions"]), Context(year_start=2024))
    assert [a.update.quarter for a in parsed.actions if a.update] == [4, 4]
    assert len(parsed.warnings) == 1
    assert "filed in Q4 of 2024-25" in parsed.warnings[0].reason


def test_per_quarter_updates_are_imported_each_in_its_quarter(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = (b"Task no,Task,Owner,Q1 RAG,Q1 Update,Q2 RAG,Q2 Update\n"
            b"T1,Run the MARAC,Police,Green,Meeting monthly,Amber,Chair left\n")
    preview, _ = legacy_import(user=None, data=data, filename="q.csv", partnership=world.north, year_start=2009)
    assert preview.problems == []
    updates = list(ProgressUpdate.objects.filter(action__plan=world.plan, action__ref="T1")
                   .order_by("quarter").values_list("year_start", "quarter", "status", "narrative"))
    assert updates == [(2009, 1, "on_track", "Meeting monthly"), (2009, 2, "at_risk", "Chair left")]
    assert world.plan.actions.get(ref="T1").status == "at_risk"
