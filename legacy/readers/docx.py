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
from typing import TYPE_CHECKING

from legacy.readers.tables import BULLETS, ReadError, Table, TableRow, normalise, trim

if TYPE_CHECKING:
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


def read(data: bytes, max_rows: int) -> list[Table]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"The file is not a readable Word document ({exc.__class__.__name__}).") from exc
    tables: list[Table] = []
    total = 0
    for t_index, table in enumerate(document.tables, start=1):
        rows = []
        for row in table.rows:
            cells = []
            seen = set()
            for cell in row.cells:
                # python-docx repeats a horizontally merged cell: keep it once.
                key = id(cell._tc)
                cells.append("" if key in seen else _cell_text(cell))
                seen.add(key)
            total += 1
            if total > max_rows:
                raise ReadError(f"The document has more than {max_rows:,} table rows: split it.")
            # Rows are numbered through the whole document, so a problem names one row.
            rows.append(TableRow(total, cells))
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
