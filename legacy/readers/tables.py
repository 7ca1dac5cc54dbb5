"""What every reader produces: a file's tables, each a list of rows of normalised cell text.

A TableRow keeps its 1-based number in the source (so a problem can name it) and its cells as
normalised text. Readers never evaluate formulas or fetch anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLETS = "•●○◦▪■□➢➤✓\uf0b7\uf0a7\uf0d8"
_BULLET_RE = re.compile(rf"\s*[{BULLETS}]\s*")
_SPACES = re.compile(r"[ \u00a0]+")


class ReadError(ValueError):
    """The file cannot be read: the message says why, in words an admin understands."""


@dataclass
class TableRow:
    number: int
    cells: list[str]

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""


@dataclass
class Table:
    name: str
    rows: list[TableRow] = field(default_factory=list)


def normalise(value: object) -> str:
    """Cell text: bullets become separate lines, spaces collapsed, blank lines dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = _BULLET_RE.sub("\n", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def trim(rows: list[TableRow]) -> list[TableRow]:
    """Drop fully blank rows and trailing empty cells."""
    out = []
    for row in rows:
        cells = list(row.cells)
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append(TableRow(row.number, cells))
    return out
