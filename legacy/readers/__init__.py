"""Reading an uploaded file into tables: the safety checks, then one reader per format.

`read(data)` is the one way in: legacy.readers.safety vets the bytes and decides the format from
the content (magic bytes, never the file name), then that format's module (csv, docx, xls, xlsx)
turns the bytes into a list of Tables, each row held to a Budget (rows, columns, cells) before it
is built. All of this runs in a child process with a time and memory limit (legacy.readers.worker),
so a file that would take minutes, or gigabytes, is refused within seconds and takes no worker
down. Any failure is a ReadError whose message an admin can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from legacy.readers import csv, docx, safety, xls, xlsx
from legacy.readers.tables import Budget, ReadError, Table, TableRow

__all__ = ["Budget", "ReadError", "ReadFile", "Table", "TableRow", "budget", "read", "read_here"]

# format -> (reader, what an admin calls such a file)
READERS: dict[str, tuple[Callable[[bytes, Budget], list[Table]], str]] = {
    "xlsx": (xlsx.read, "Excel workbook"),
    "xls": (xls.read, "Excel 97-2003 workbook"),
    "docx": (docx.read, "Word document"),
    "csv": (csv.read, "CSV file"),
}


@dataclass
class ReadFile:
    file_format: str
    tables: list[Table]


def budget() -> Budget:
    """The reading budget from the settings (IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS, IMPORT_MAX_CELLS,
    IMPORT_MAX_CELL_CHARS, IMPORT_MAX_TEXT_CHARS)."""
    default = Budget()
    return Budget(
        rows=settings.IMPORT_MAX_ROWS,
        columns=getattr(settings, "IMPORT_MAX_COLUMNS", default.columns),
        cells=getattr(settings, "IMPORT_MAX_CELLS", default.cells),
        cell_chars=getattr(settings, "IMPORT_MAX_CELL_CHARS", default.cell_chars),
        text_chars=getattr(settings, "IMPORT_MAX_TEXT_CHARS", default.text_chars),
    )


def read(data: bytes) -> ReadFile:
    """Check the size, then sniff and read in a child process held to
    settings.IMPORT_READ_SECONDS and IMPORT_READ_MEMORY_MB."""
    from legacy.readers import worker

    safety.check_size(len(data))
    return worker.read_in_child(
        data, budget(), seconds=float(getattr(settings, "IMPORT_READ_SECONDS", worker.DEFAULT_SECONDS)),
        memory_mb=int(getattr(settings, "IMPORT_READ_MEMORY_MB", worker.DEFAULT_MEMORY_MB)),
    )


def read_here(data: bytes, budget: Budget) -> ReadFile:
    """Sniff, then read with the format's reader, in this process (the child's work; no time or
    memory limit of its own)."""
    kind = "file"
    try:
        file_format = safety.sniff(data)
        reader, kind = READERS[file_format]
        with safety.zip_errors():
            tables = reader(data, budget)
    except (ReadError, MemoryError):
        raise  # a MemoryError is the child's budget, and says so
    except Exception as exc:  # noqa: BLE001 - an untrusted file: whatever breaks its reader, it is refused plainly
        raise ReadError(f"The {kind} cannot be read: it is damaged or not what it claims to be "
                        f"({exc.__class__.__name__}).") from exc
    if not any(t.rows for t in tables):
        raise ReadError("The file has no rows to import.")
    return ReadFile(file_format, tables)
