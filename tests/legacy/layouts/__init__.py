"""One test file per layout of legacy/layouts/: it recognises its headers (and not another's) and
maps a small table to the portal's fields."""

from __future__ import annotations

from legacy.readers import Table, TableRow


def tables(*rows: list[str], name: str = "Sheet1") -> list[Table]:
    """One table of these rows, numbered from 1 as a reader numbers them."""
    return [Table(name, [TableRow(number, list(cells)) for number, cells in enumerate(rows, start=1)])]
