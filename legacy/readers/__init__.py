"""Readers: one module per file format. Each turns file bytes into a list of Tables.

A Table is a list of Rows; a Row keeps its 1-based number in the source (so a problem can name
it) and its cells as normalised text. Readers never evaluate formulas or fetch anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLETS = "•●○◦▪■□➢➤✓\uf0b7\uf0a7\uf0d8"
_BULLET_RE = re.compile(rf"\s*[{_BULLETS}]\s*")
_SPACES = re.compile(r"[ \u00a0]+")


class ReadError(ValueError):
    """The file cannot be read: the message says why, in words an admin understands."""


@dataclass
class Row:
    number: int
    cells: list[str]

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""

    @property
    def is_blank(self) -> bool:
        return not any(self.cells)


@dataclass
class Table:
    name: str
    rows: list[Row] = field(default_factory=list)


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


def trim(rows: list[Row]) -> list[Row]:
    """Drop fully blank rows and trailing empty cells."""
    out = []
    for row in rows:
        cells = list(row.cells)
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append(Row(row.number, cells))
    return out
