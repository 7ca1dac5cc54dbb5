"""export_plan: the portal layout, in .csv and .xlsx, with formula escaping."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from actions.export import PORTAL_HEADERS, escape_formula, export_plan, unescape_formula
from actions.models import Action
from tests.conftest import add_update, make_action

DANGEROUS = ["==1+1", "+cmd|'/C calc'!A0", "@SUM(A1)", "-2+3", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    ws = load_workbook(io.BytesIO(data)).active
    return [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]


@pytest.mark.parametrize("text", DANGEROUS)
def test_escape_formula_prefixes_an_apostrophe(text):
    assert escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text


@pytest.mark.parametrize("text", ["Ongoing", "£25k", "1.1", "'quoted", ""])
def test_escape_formula_leaves_plain_text_alone(text):
    assert escape_formula(text) == text
    assert unescape_formula(text) == text


def test_csv_export_has_header_and_one_row_per_action(world):
    add_update(world.police_action, 2009, 2, narrative="Training delivered", barriers="Barrier - funding")
    rows = _csv_rows(export_plan(Action.objects.filter(plan=world.plan), "csv"))
    assert rows[0] == PORTAL_HEADERS
    assert [r[PORTAL_HEADERS.index("Ref")] for r in rows[1:]] == ["1.1", "1.2"]
    first = dict(zip(PORTAL_HEADERS, rows[1], strict=True))
    assert first["Plan year"] == "2009-10"
    assert first["Objective refs"] == "1"
    assert first["Objective titles"] == "Partnership working"
    assert first["Lead agencies"] == "North Police"
    assert first["Timescale"] == "September 2009"
    assert first["Latest progress quarter"] == "2009-10 Q2"
    assert first["Latest progress"] == "Training delivered"
    assert first["Barriers"] == "Barrier - funding"
    assert first["Status"] == "On track"


@pytest.mark.parametrize("fmt,reader", [("csv", _csv_rows), ("xlsx", _xlsx_rows)])
def test_export_escapes_every_formula_start(world, fmt, reader):
    for i, text in enumerate(DANGEROUS):
        make_action(world.plan, world.objective, f"9.{i}", description=text, comments=text)
    rows = reader(export_plan(Action.objects.filter(plan=world.plan, ref__startswith="9."), fmt))
    col = PORTAL_HEADERS.index("Action")
    exported = [r[col] for r in rows[1:]]
    if fmt == "csv":
        assert exported == ["'" + t for t in DANGEROUS]
        assert all(not r[col].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows[1:])
    else:  # .xlsx: string cells with Excel's quote prefix keep the text as it is (see test_xlsx_cells_...)
        assert exported == DANGEROUS


def test_xlsx_cells_are_strings_never_formulas(world):
    make_action(world.plan, world.objective, "9.9", description="==1+1")
    ws = load_workbook(io.BytesIO(export_plan(Action.objects.filter(plan=world.plan), "xlsx"))).active
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert cell.quotePrefix == (cell.value == "==1+1")


def test_export_of_another_plan_does_not_leak(world):
    rows = _csv_rows(export_plan(Action.objects.filter(plan=world.plan), "csv"))
    assert "S1" not in [r[PORTAL_HEADERS.index("Ref")] for r in rows]


def test_unknown_format_is_refused(world):
    with pytest.raises(ValueError):
        export_plan(Action.objects.none(), "pdf")  # type: ignore[arg-type]
