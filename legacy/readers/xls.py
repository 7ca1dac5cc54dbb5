"""Excel 97-2003 (.xls) through xlrd (which reads cached values; it never evaluates formulas)."""

from __future__ import annotations

import datetime as dt

from legacy.readers.tables import ReadError, Table, TableRow, normalise, trim


def read(data: bytes, max_rows: int) -> list[Table]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except xlrd.biffh.XLRDError as exc:
        message = str(exc)
        if "encrypt" in message.lower() or "password" in message.lower():
            raise ReadError(
                "The workbook is password-protected: remove the password in Excel and upload it again."
            ) from exc
        raise ReadError(f"The file is not a readable Excel 97-2003 workbook: {message}.") from exc
    except Exception as exc:  # xlrd raises assorted errors on corrupt files
        raise ReadError(f"The file is not a readable Excel 97-2003 workbook ({exc.__class__.__name__}).") from exc
    tables = []
    total = 0
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            cells = []
            for cell in sheet.row(r):
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = dt.datetime(*xlrd.xldate_as_tuple(value, book.datemode)).date().isoformat()
                elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    value = ""
                cells.append(normalise(value))
            if any(cells):
                total += 1
                if total > max_rows:
                    raise ReadError(f"The file has more than {max_rows:,} rows: split it, or ask for a higher limit.")
                rows.append(TableRow(r + 1, cells))
        tables.append(Table(sheet.name, trim(rows)))
    return tables
