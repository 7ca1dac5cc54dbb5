"""Reading an uploaded file into tables: the safety checks, then one reader per format.

`read(data)` is the one way in: legacy.readers.safety vets the bytes and decides the format from
the content (magic bytes, never the file name), then that format's module (csv, docx, xls, xlsx)
turns the bytes into a list of Tables. Any failure is a ReadError whose message an admin can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from legacy.readers import csv, docx, safety, xls, xlsx
from legacy.readers.tables import ReadError, Table, TableRow

__all__ = ["ReadError", "ReadFile", "Table", "TableRow", "read"]

# format -> (reader, what an admin calls such a file)
READERS: dict[str, tuple[Callable[[bytes, int], list[Table]], str]] = {
    "xlsx": (xlsx.read, "Excel workbook"),
    "xls": (xls.read, "Excel 97-2003 workbook"),
    "docx": (docx.read, "Word document"),
    "csv": (csv.read, "CSV file"),
}


@dataclass
class ReadFile:
    file_format: str
    tables: list[Table]


def read(data: bytes) -> ReadFile:
    """Check, sniff, then read with the format's reader."""
    safety.check_size(len(data))
    file_format = safety.sniff(data)
    reader, kind = READERS[file_format]
    try:
        tables = reader(data, settings.IMPORT_MAX_ROWS)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - an untrusted file: whatever breaks its reader, it is refused plainly
        raise ReadError(f"The {kind} cannot be read: it is damaged or not what it claims to be "
                        f"({exc.__class__.__name__}).") from exc
    if not any(t.rows for t in tables):
        raise ReadError("The file has no rows to import.")
    return ReadFile(file_format, tables)
