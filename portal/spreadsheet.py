"""Spreadsheet cells that never run as a formula: the one escaping every .csv and .xlsx export calls
(the plan export, the reviews' tracker, the admin's import-export formats).

A spreadsheet runs a cell as a formula when its text starts with = + - @ (or a tab or carriage return
ahead of one); Excel and LibreOffice also accept look-alikes (the full-width ＝ ＋ － ＠, the small
﹢ ﹣, the minus sign −, ...) and skip leading spaces. So a text cell counts as formula-like when its
first character that is not a space (nor an invisible format character such as a zero-width space),
taken through NFKC normalisation, is one of those - or when it starts with a tab, carriage return or
NUL. A plain number ("-12.5", "+3", "-1,234", "-5%") is not: it stays a number.

- .csv: a formula-like cell gets a leading apostrophe ("'=1+1"); `unescape_cell` takes it off again
  when the portal reads its own export back. Every other cell is written as it is.
- .xlsx: a text cell is written as a string (never openpyxl's formula type) and a formula-like one
  carries Excel's quote-prefix style, which keeps it text even when someone edits it; its value is
  not changed. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

# Characters that start a formula, after NFKC normalisation (which folds ＝ ＋ － ＠ ﹢ ﹣ ﹦ ﹫ ⁺ ₊ ⁼ ...
# onto these; the minus sign U+2212, which superscript and subscript minus fold onto, and the heavy
# plus/minus signs have no ASCII folding and are listed as they are).
FORMULA_TRIGGERS = frozenset("=+-@\u2212\u2795\u2796")
# Characters that make a formula of what follows when they open the cell.
_LEADING_CONTROLS = ("\t", "\r", "\0")
# A plain number a spreadsheet reads as a number, not a formula: -12, +3.5, -1,234.50, -1e6, -5%.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?")
_DIGIT = re.compile(r"\d")
# XML 1.0 refuses these control characters: an .xlsx cell cannot carry them (openpyxl raises).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Cell = str | int | float | Decimal | dt.date | bool | None


def _is_plain_number(value: str) -> bool:
    return bool(_DIGIT.search(value)) and _NUMBER.fullmatch(value) is not None


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet could run this text as a formula (see the module's docstring)."""
    if not value:
        return False
    if value.startswith(_LEADING_CONTROLS):
        return True
    for ch in value:
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        if unicodedata.normalize("NFKC", ch)[:1] not in FORMULA_TRIGGERS:
            return False
        stripped = value.strip()
        # A lone "-" (the usual "nothing here") is text to every spreadsheet.
        return stripped != "-" and not _is_plain_number(stripped)
    return False


def _needs_apostrophe(value: str) -> bool:
    # A cell that already opens with an apostrophe ahead of formula-like text gets one more, so that
    # unescape_cell gives back exactly what was written.
    return is_formula_like(value) or (value.startswith("'") and _needs_apostrophe(value[1:]))


def escape_cell(value: str) -> str:
    """The text of a .csv cell: a leading apostrophe on formula-like text, anything else unchanged."""
    return "'" + value if _needs_apostrophe(value) else value


def unescape_cell(value: str) -> str:
    """The inverse of escape_cell, for the portal's own export read back in (.csv or .xlsx)."""
    if value.startswith("'") and _needs_apostrophe(value[1:]):
        return value[1:]
    return value


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return escape_cell(value)
    return str(value)


def csv_text(rows: Iterable[Sequence[Cell]], *, delimiter: str = ",") -> str:
    """Rows as .csv text with CRLF line ends, every cell escaped."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return text.getvalue()


def csv_bytes(rows: Iterable[Sequence[Cell]], *, delimiter: str = ",") -> bytes:
    """Rows as .csv: UTF-8 with a byte-order mark (so Excel reads £), CRLF line ends, every cell escaped."""
    return ("\ufeff" + csv_text(rows, delimiter=delimiter)).encode("utf-8")


def xlsx_bytes(rows: Iterable[Sequence[Cell]], *, title: str = "Sheet1") -> bytes:
    """Rows as a one-sheet .xlsx whose text cells are strings (never formulae); see the module's docstring."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                text = _ILLEGAL_XML.sub("", value)
                if text.startswith("'") and _needs_apostrophe(text):
                    text = "'" + text  # unescape_cell takes this one off again
                cell = WriteOnlyCell(ws, value=text)
                cell.data_type = "s"  # a string, even when it starts with "="
                if is_formula_like(text):
                    cell.quotePrefix = True
            else:
                cell = WriteOnlyCell(ws, value=value)
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
