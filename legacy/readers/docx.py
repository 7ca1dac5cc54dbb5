"""Word (.docx): every table of the document, in order.

A table that is split over a page break often starts its next part with the rest of the last
row: a first row whose leading cells are empty continues the previous table's last row, and is
joined to it cell by cell, paragraph breaks kept (a paragraph broken by the page, whose rest starts
in lower case, is joined back with a space). Tables with the same header continue one another.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from legacy.readers.tables import BULLETS, Budget, ReadError, Table, Tally, normalise, trim

if TYPE_CHECKING:
    from docx.table import Table as DocxTable
    from docx.table import _Cell

_BULLET_SPLIT = re.compile(rf"\s*[{BULLETS}]\s*")


def _cell_text(cell: _Cell) -> str:
    # Paragraphs are lines; list items become separate lines too, and keep one "• " mark at their
    # start, so that a layout can tell a list item (it goes on with the paragraph above) from a
    # paragraph of its own.
    lines = []
    for paragraph in cell.paragraphs:
        for index, segment in enumerate(_BULLET_SPLIT.split(paragraph.text)):
            text = normalise(segment)
            if text:
                lines.append(f"• {text}" if index else text)
    return "\n".join(lines)


def _join(before: str, after: str) -> str:
    """A cell broken over a page: its paragraphs are kept, and a paragraph the page broke (the
    part on the next page starts in lower case) is joined back with a space."""
    if not before or not after:
        return before or after
    return f"{before}{' ' if after[:1].islower() else chr(10)}{after}"


def read(data: bytes, budget: Budget) -> list[Table]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"The file is not a readable Word document ({exc.__class__.__name__}).") from exc
    tables: list[Table] = []
    tally = Tally(budget)
    number = 0
    for t_index, table in enumerate(document.tables, start=1):
        rows = []
        for row_cells in _grid(table, tally, t_index):
            number += 1
            # Rows are numbered through the whole document, so a problem names one row.
            row = tally.row(number, row_cells, _namer(t_index, number))
            if row:
                rows.append(row)
        rows = trim(rows)
        if tables and rows and tables[-1].rows and not rows[0].cell(0):
            prev = tables[-1].rows[-1]
            first = rows.pop(0)
            width = max(len(prev.cells), len(first.cells))
            prev.cells = [_join(prev.cell(i), first.cell(i)) for i in range(width)]
        tables.append(Table(f"Table {t_index}", rows))
    if not any(t.rows for t in tables):
        raise ReadError("The Word document has no tables: the plan must be in a table (one row per action).")
    return tables


def _grid(table: DocxTable, tally: Tally, t_index: int) -> Iterator[dict[int, str]]:
    """Each row of the table as {column: text} of its non-blank cells, read from the XML in one
    pass. A cell spanning several grid columns (w:gridSpan) is kept once, at its first column; a
    cell continuing a vertical merge (w:vMerge) repeats the text of the cell it continues, as
    python-docx's row.cells gives them. Unlike row.cells this never lays the span out (a gridSpan of
    a billion is one number) nor walks up the rows to find a merge's first cell."""
    from docx.table import _Cell

    above: dict[int, str] = {}  # grid column -> text of the cell there in the row above
    for r_index, tr in enumerate(table._tbl.tr_lst, start=1):
        where = _namer(t_index, r_index)
        cells: dict[int, str] = {}
        here: dict[int, str] = {}
        offset = tr.grid_before  # where the row's first cell sits in the grid (for vertical merges)
        position = 0  # where it goes in the row read (leading empty grid columns are not cells)
        tcs = tr.tc_lst
        tally.seen(max(1, len(tcs)))
        for tc in tcs:
            span = max(1, tc.grid_span)
            text = above.get(offset, "") if tc.vMerge == "continue" else _cell_text(_Cell(tc, table))
            tally.chars(len(text), position, where)
            here[offset] = text
            if text:
                tally.column(position, where)
                cells[position] = text
            offset += span
            position += span
        above = here
        yield cells


def _namer(t_index: int, r_index: int) -> Callable[[int], str]:
    """Names a cell of the document for a message: "in table 2, row 5, column 600"."""
    return lambda index: f"in table {t_index}, row {r_index}, column {index + 1:,}"
