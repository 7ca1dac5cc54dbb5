"""Excel 2007+ (.xlsx): openpyxl in read-only mode with data_only=True, so a formula cell gives
its cached value and is never evaluated. The zip was checked by legacy.safety before this runs."""

from __future__ import annotations

import io
import zipfile

from legacy.readers import ReadError, Row, Table, normalise, trim


def read(data: bytes, max_rows: int) -> list[Table]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"The file is not a readable Excel workbook ({exc.__class__.__name__}).") from exc
    tables = []
    total = 0
    try:
        for ws in wb.worksheets:
            rows = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [normalise(v) for v in values]
                if any(cells):
                    total += 1
                    if total > max_rows:
                        raise ReadError(f"The file has more than {max_rows:,} rows: split it, or ask for a higher limit.")
                    rows.append(Row(number, cells))
            tables.append(Table(ws.title, trim(rows)))
    finally:
        wb.close()
    return tables
