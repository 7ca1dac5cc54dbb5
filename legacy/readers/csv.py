"""CSV and TSV: UTF-8 with or without BOM, else Windows-1252 (the pound sign); the delimiter is
detected from the first lines (comma, semicolon, tab, pipe)."""

from __future__ import annotations

import csv
import io

from legacy.readers import ReadError, Row, Table, normalise, trim

csv.field_size_limit(10 * 1024 * 1024)


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # cp1252 leaves five bytes undefined; text that uses them is not a spreadsheet export.
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ReadError(
            "The text file is neither UTF-8 nor Windows-1252: save it from Excel as 'CSV UTF-8'."
        ) from exc


def read(data: bytes, max_rows: int, delimiter: str | None = None) -> list[Table]:
    text, _ = decode(data)
    if "\x00" in text:
        raise ReadError("The file contains binary data (NUL bytes): it is not a CSV file.")
    if delimiter is None:
        sample = text[:20_000]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            cells = [normalise(v) for v in values]
            if any(cells):
                if len(rows) >= max_rows:
                    raise ReadError(f"The file has more than {max_rows:,} rows: split it, or ask for a higher limit.")
                rows.append(Row(number, cells))
    except csv.Error as exc:
        raise ReadError(f"The CSV file cannot be read: {exc}.") from exc
    return [Table("CSV", trim(rows))]
