"""Word (.docx): every table of the document, in order.

A table that is split over a page break often starts its next part with the rest of the last
row: a first row whose leading cells are empty continues the previous table's last row, and is
joined to it cell by cell. Tables with the same header continue one another.
"""

from __future__ import annotations

import io
import zipfile

from legacy.readers import ReadError, Row, Table, normalise, trim


def _cell_text(cell) -> str:
    # Paragraphs are lines; list paragraphs become separate lines too.
    return normalise("\n".join(p.text for p in cell.paragraphs))


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
        for r_index, row in enumerate(table.rows, start=1):
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
            rows.append(Row(total, cells))
        rows = trim(rows)
        if tables and rows and tables[-1].rows and not rows[0].cell(0):
            prev = tables[-1].rows[-1]
            first = rows.pop(0)
            width = max(len(prev.cells), len(first.cells))
            prev.cells = [
                "\n".join(x for x in (prev.cell(i), first.cell(i)) if x) for i in range(width)
            ]
        tables.append(Table(f"Table {t_index}", rows))
    if not any(t.rows for t in tables):
        raise ReadError("The Word document has no tables: the plan must be in a table (one row per action).")
    return tables
