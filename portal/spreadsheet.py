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
- .xlsx is shaped as Excel users expect (xlsx_bytes): a bold frozen header row with an autofilter,
  widths that fit the content, long text wrapped, dates as date cells and money in pounds.
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


# The .xlsx look: a bold header row kept in view, a filter on it, widths that fit what the columns hold
# (within these bounds, in characters), long text wrapped, dates as dates, money in pounds.
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '"£"#,##0.00'
_MONEY_TEXT = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")


def _money(value: Cell) -> Decimal | None:
    """An amount of money as a number: a number, or text that is one ("12.50", "£1,200")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    if isinstance(value, str) and (match := _MONEY_TEXT.fullmatch(value.strip())):
        return Decimal(f"{match[1].replace(',', '')}.{match[2] or '0'}")
    return None


def _shown_width(value: Cell) -> int:
    """Roughly the characters a cell shows: its longest line, a date as dd/mm/yyyy."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Decimal | float):
        return len(f"{value:,.2f}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(rows: Iterable[Sequence[Cell]], *, title: str = "Sheet1", money: Iterable[str] = ()) -> bytes:
    """Rows as a one-sheet .xlsx whose text cells are strings (never formulae); see the module's docstring.

    The first row is the header: bold, frozen, with an autofilter over the table. Columns are as wide as
    their content (MIN_WIDTH to MAX_WIDTH characters), text wider than that wraps; dates are date cells;
    the columns whose header is in `money` hold numbers in pounds (text that is not an amount stays text)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    table = [list(row) for row in rows]
    money_names = set(money)
    header = table[0] if table else []
    money_columns = {i for i, name in enumerate(header) if name in money_names}
    columns = max((len(row) for row in table), default=0)
    widths = [MIN_WIDTH] * columns
    for row in table:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], min(MAX_WIDTH, _shown_width(value) + 2))

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if table:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{len(table)}"
    bold, wrap, top = Font(bold=True), Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for number, row in enumerate(table):
        cells = []
        for i, value in enumerate(row):
            amount = _money(value) if number and i in money_columns else None
            if amount is not None:
                cell = WriteOnlyCell(ws, value=amount)
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, str):
                text = _ILLEGAL_XML.sub("", value)
                if text.startswith("'") and _needs_apostrophe(text):
                    text = "'" + text  # unescape_cell takes this one off again
                cell = WriteOnlyCell(ws, value=text)
                cell.data_type = "s"  # a string, even when it starts with "="
                if is_formula_like(text):
                    cell.quotePrefix = True
            else:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT + (" hh:mm" if isinstance(value, dt.datetime) else "")
            if number == 0:
                cell.font = bold
            if isinstance(value, str) and (_shown_width(value) + 2 > widths[i] or "\n" in value):
                cell.alignment = wrap
            else:
                cell.alignment = top
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
