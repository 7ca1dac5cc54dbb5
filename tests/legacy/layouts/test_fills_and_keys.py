"""Status cells that say their status by colour (.xlsx fills of blank or marked cells), and a key or
legend row naming what the colours and letters mean; each table made in the test."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from legacy.layouts import mapped
from legacy.layouts.protocol import Context
from legacy.readers import read_here
from legacy.readers.tables import Budget, colour_name


def _xlsx(rows: list[list[str]], fills: dict[str, str], theme: dict[str, int] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref, rgb in fills.items():
        ws[ref].fill = PatternFill("solid", fgColor=rgb)
    for ref, number in (theme or {}).items():
        from openpyxl.styles.colors import Color

        ws[ref].fill = PatternFill("solid", fgColor=Color(theme=number))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _parse(data: bytes, **ctx):
    return mapped.parse(read_here(data, Budget()).tables, Context(2024, **ctx))


@pytest.mark.parametrize(("rgb", "name"), [("FFFF0000", "red"), ("FFC00000", "red"), ("FFFFC000", "amber"),
                                           ("FFFFFF00", "amber"), ("FF00B050", "green"), ("FF92D050", "green"),
                                           ("FF00B0F0", "blue"), ("FF0070C0", "blue"), ("FF7030A0", "purple"),
                                           ("FFFFFFFF", None), ("FFD9D9D9", None), ("FF000000", None), ("zz", None)])
def test_a_fill_is_named_by_its_colour(rgb, name):
    assert colour_name(rgb) == name


def test_blank_and_marked_status_cells_take_their_fill_colour():
    data = _xlsx([["Action", "RAG"], ["Train GPs", ""], ["Open a refuge", "x"], ["Fund IDVAs", "✓"],
                  ["Audit MARAC", "Amber"]],
                 {"B2": "FF00B050", "B3": "FFFF0000", "B4": "FFFFC000", "B5": "FF00B050"})
    parsed = _parse(data)
    assert [a.status for a in parsed.actions] == ["on_track", "off_track", "at_risk", "at_risk"]  # words win
    assert list(parsed.status_words) == ["(green fill)", "(red fill)", "(amber fill)", "amber"]


def test_a_theme_coloured_fill_is_read_from_the_workbook_theme():
    data = _xlsx([["Action", "RAG"], ["Train GPs", ""]], {}, theme={"B2": 6})  # accent 3: green (openpyxl)
    assert _parse(data).actions[0].status == "on_track"


def test_a_key_row_of_coloured_cells_says_blue_is_completed_and_is_not_imported():
    data = _xlsx([["Plan 2024-25"], ["Key", "Completed", "On track", "Off track"],
                  ["Action", "Status"], ["Train GPs", ""], ["Open a refuge", ""]],
                 {"B2": "FF0070C0", "C2": "FF92D050", "D2": "FFC00000", "B4": "FF0070C0", "B5": "FFC00000"})
    parsed = _parse(data)
    assert [a.description for a in parsed.actions] == ["Train GPs", "Open a refuge"]
    assert [a.status for a in parsed.actions] == ["completed", "off_track"]
    assert parsed.status_words["(blue fill)"].keyed


def test_a_key_written_as_text_changes_what_a_colour_word_means():
    rows = [["Action", "RAG"], ["Train GPs", "Blue"], ["Open a refuge", "Purple"], ["Fund IDVAs", "B"],
            ["Key: Blue = on track, Purple = Completed; B - not started", ""]]
    parsed = _parse(_xlsx(rows, {}))
    assert [a.description for a in parsed.actions] == ["Train GPs", "Open a refuge", "Fund IDVAs"]
    assert [a.status for a in parsed.actions] == ["on_track", "completed", "not_started"]
    assert not parsed.warnings or not any("Purple" in w.reason for w in parsed.warnings)


def test_the_admins_value_map_wins_over_the_key():
    rows = [["Action", "RAG"], ["Train GPs", "Blue"], ["Legend: Blue = on track", ""]]
    parsed = _parse(_xlsx(rows, {}), status_map={"blue": "completed"})
    assert parsed.actions[0].status == "completed"
    assert parsed.status_words["blue"].chosen


def test_an_action_starting_with_key_is_not_a_key_row():
    rows = [["Action", "RAG"], ["Key workers trained in safety planning", "G"], ["Key: G = on track", ""]]
    parsed = _parse(_xlsx(rows, {}))
    assert [a.description for a in parsed.actions] == ["Key workers trained in safety planning"]


def test_a_coloured_cell_with_text_in_another_column_is_not_read_as_a_status():
    data = _xlsx([["Action", "RAG", "Notes"], ["Train GPs", "", "see minutes"]], {"C2": "FFFF0000"})
    parsed = _parse(data)
    assert parsed.actions[0].status is None
