"""CSV and TSV: UTF-8 with or without BOM, else Windows-1252 (the pound sign); the delimiter is
detected from the first lines (comma, semicolon, tab, pipe).

The csv module hands over one record at a time; each record is held to the Budget (its stored
fields, then the column of its last non-blank field) before any of its cells is normalised, so a
line of a million commas is refused without a million cells being built."""

from __future__ import annotations

import csv
import io

from legacy.readers.tables import Budget, ReadError, Table, Tally, a1, trim

csv.field_size_limit(10 * 1024 * 1024)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp1252 leaves five bytes undefined; text that uses them is not a spreadsheet export.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(
            "The text file is neither UTF-8 nor Windows-1252: save it from Excel as 'CSV UTF-8'."
        ) from exc


def _delimiter(text: str) -> str:
    sample = text[:20_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return "\t" if sample.count("\t") > sample.count(",") else ","


def read(data: bytes, budget: Budget) -> list[Table]:
    text = decode(data)
    if "\x00" in text:
        raise ReadError("The file contains binary data (NUL bytes): it is not a CSV file.")
    delimiter = _delimiter(text)
    tally = Tally(budget)
    rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            where = a1(number)
            # The first non-blank field past the columns budget, found before anything is built.
            if len(values) > budget.columns:
                beyond = next((i for i in range(budget.columns, len(values)) if values[i].strip()), None)
                if beyond is not None:
                    tally.column(beyond, where)
            tally.seen(len(values))
            del values[budget.columns:]
            cells = {i: tally.text(v, i, where) for i, v in enumerate(values) if v}
            row = tally.row(number, cells, where)
            if row:
                rows.append(row)
    except csv.Error as exc:
        raise ReadError(f"The CSV file cannot be read: {exc}.") from exc
    return [Table("CSV", trim(rows))]
