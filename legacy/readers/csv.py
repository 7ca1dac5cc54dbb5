"""CSV and TSV: UTF-8 with or without BOM, else Windows-1252 (the pound sign); the delimiter is
detected from the first lines (comma, semicolon, tab, pipe)."""

from __future__ import annotations

import csv
import io

from legacy.readers.tables import ReadError, Table, TableRow, normalise, trim

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


def read(data: bytes, max_rows: int) -> list[Table]:
    text = decode(data)
    if "\x00" in text:
        raise ReadError("The file contains binary data (NUL bytes): it is not a CSV file.")
    delimiter = _delimiter(text)
    rows: list[TableRow] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            cells = [normalise(v) for v in values]
            if any(cells):
                if len(rows) >= max_rows:
                    raise ReadError(f"The file has more than {max_rows:,} rows: split it, or ask for a higher limit.")
                rows.append(TableRow(number, cells))
    except csv.Error as exc:
        raise ReadError(f"The CSV file cannot be read: {exc}.") from exc
    return [Table("CSV", trim(rows))]
