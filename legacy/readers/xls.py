"""Excel 97-2003 (.xls) through xlrd (which reads cached values; it never evaluates formulas)."""

from __future__ import annotations

import datetime as dt

from legacy.readers.tables import Budget, ReadError, Table, Tally, a1, trim


def read(data: bytes, budget: Budget) -> list[Table]:
    import xlrd

    try:
        # ragged_rows: a row is as long as its last cell, not padded out to the sheet's widest row.
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True)
    except xlrd.biffh.XLRDError as exc:
        message = str(exc)
        if "encrypt" in message.lower() or "password" in message.lower():
            raise ReadError(
                "The workbook is password-protected: remove the password in Excel and upload it again."
            ) from exc
        raise ReadError(f"The file is not a readable Excel 97-2003 workbook: {message}.") from exc
    except MemoryError:
        raise
    except Exception as exc:  # xlrd raises assorted errors on corrupt files
        raise ReadError(f"The file is not a readable Excel 97-2003 workbook ({exc.__class__.__name__}).") from exc
    tables = []
    tally = Tally(budget)
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        rows = []
        for r in range(sheet.nrows):
            length = sheet.row_len(r)  # to its last value: xlrd keeps no blank cells
            where = a1(r + 1)
            cells = {}
            for c in range(length):
                ctype = sheet.cell_type(r, c)
                if ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                value = sheet.cell_value(r, c)
                if ctype == xlrd.XL_CELL_DATE:
                    value = dt.datetime(*xlrd.xldate_as_tuple(value, book.datemode)).date().isoformat()
                text = tally.text(value, c, where)
                if text:
                    tally.column(c, where)
                    cells[c] = text
            row = tally.row(r + 1, cells, where)
            if row:
                rows.append(row)
        tables.append(Table(sheet.name, trim(rows)))
        book.unload_sheet(index)
    return tables
