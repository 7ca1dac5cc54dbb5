"""What every reader produces: a file's tables, each a list of rows of normalised cell text.

A TableRow keeps its 1-based number in the source (so a problem can name it) and its cells as
normalised text. Readers never evaluate formulas or fetch anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    # column -> the colour name of the cell's fill ("green", "amber"), for coloured .xlsx cells: a
    # tracker may say a status by colouring a blank cell or one holding a mark, and its key which.
    fills: dict[int, str] = field(default_factory=dict)

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
            out.append(TableRow(row.number, cells, row.fills))
    return out


@dataclass(frozen=True)
class Budget:
    """How much of a file a reader builds. Each reader checks a row against these before it builds
    it, so a small file that claims a huge sheet (a cell at column ZZZZ, a million columns) is
    refused for what it is instead of being filled out. Blank cells cost nothing: a row is built
    only as wide as its last non-blank cell."""

    rows: int = 20_000  # non-blank rows in the whole file
    columns: int = 500  # a non-blank cell past this column is refused
    cells: int = 1_000_000  # cells built (rows x their width) in the whole file, blank ones included
    cell_chars: int = 32_767  # Excel's own limit for one cell
    text_chars: int = 50_000_000  # characters in all the cells built


# A cell holding one of these (or nothing) says what it says by its fill colour.
MARKS = {"", "x", "✓", "✔", "✗", "✘", "•", "●", "*", "-", "–", "√", "y", "■", "□"}


def is_mark(text: str) -> bool:
    return text.strip().lower() in MARKS


def colour_name(rgb: str) -> str | None:
    """A fill's colour by name, as a tracker's key names it: red, amber (orange to yellow), green,
    blue, purple; None for white, grey and black (no colour) or what is not an RGB colour."""
    import colorsys

    rgb = rgb.strip()[-6:]
    try:
        r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    if saturation < 0.25 or value < 0.25:
        return None
    degrees = hue * 360
    for limit, name in ((15, "red"), (66, "amber"), (165, "green"), (260, "blue"), (330, "purple"), (361, "red")):
        if degrees < limit:
            return name
    return None


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def a1(row_number: int) -> Callable[[int], str]:
    """Names the cells of a sheet's row, for a message: column 0 of row 20 is A20."""
    return lambda index: f"{column_letters(index)}{row_number}"


class Tally:
    """What a file has built so far against its Budget; `row` builds one row or refuses the file.

    `cells` maps a column index to the text of a non-blank cell (a sparse row: nothing is built
    for the blank cells before the row is checked); `where(index)` names a cell for a message
    ("ZZZZ1" in a sheet, "table 2, row 5, column 600" in a document)."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.rows = 0
        self.cells = 0
        self.stored = 0
        self.chars_built = 0

    def text(self, value: object, index: int, where: Callable[[int], str]) -> str:
        """The normalised text of the cell at column `index`; ReadError when it is longer than a
        cell may be."""
        if isinstance(value, str):
            self.chars(len(value), index, where)
        return normalise(value)

    def chars(self, length: int, index: int, where: Callable[[int], str]) -> None:
        if length > self.budget.cell_chars:
            raise ReadError(f"The cell {where(index)} holds {length:,} characters: a cell may hold at most "
                            f"{self.budget.cell_chars:,}.")

    def seen(self, count: int) -> None:
        """Counts cells the file stores, blank or not, as they are met: a file of nothing but blank
        cells is refused as soon as it passes the cells budget, whatever it would build."""
        self.stored += count
        if self.stored > self.budget.cells:
            raise ReadError(f"The file stores more than {self.budget.cells:,} cells (blank ones included): "
                            "split it, or ask for a higher limit.")

    def column(self, index: int, where: Callable[[int], str]) -> None:
        """ReadError when a non-blank cell is past the columns budget (checked as each cell is met)."""
        if index >= self.budget.columns:
            raise ReadError(f"The cell {where(index)} is beyond column {self.budget.columns:,}: the importer reads "
                            f"at most {self.budget.columns:,} columns. Delete what is to the right of the table "
                            "and upload the file again.")

    def row(self, number: int, cells: dict[int, str], where: Callable[[int], str]) -> TableRow | None:
        """The row built from its non-blank cells (None when it has none), or ReadError when it is
        past a budget."""
        cells = {i: c for i, c in cells.items() if c}
        if not cells:
            return None
        last = max(cells)
        if last >= self.budget.columns:
            self.column(min(i for i in cells if i >= self.budget.columns), where)
        self.rows += 1
        if self.rows > self.budget.rows:
            raise ReadError(f"The file has more than {self.budget.rows:,} rows: split it, or ask for a higher limit.")
        self.cells += last + 1
        if self.cells > self.budget.cells:
            raise ReadError(f"The file has more than {self.budget.cells:,} cells: split it, or ask for a higher "
                            "limit.")
        self.chars_built += sum(len(c) for c in cells.values())
        if self.chars_built > self.budget.text_chars:
            raise ReadError(f"The file holds more than {self.budget.text_chars:,} characters of text: split it, or "
                            "ask for a higher limit.")
        return TableRow(number, [cells.get(i, "") for i in range(last + 1)])
