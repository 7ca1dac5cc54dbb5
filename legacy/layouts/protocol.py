"""What a layout module provides, and what it is given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from legacy.parsed import Parsed
from legacy.readers import Table


@dataclass
class Context:
    year_start: int
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header as written
    # The start of the strategy the plan year belongs to, when the portal has it ("Year 2" of it).
    strategy_start: dt.date | None = None
    # The value map: status word (status_key) -> the portal status it becomes ("" for none), the
    # admin's answers over the partnership's remembered ones; words not in it are read as usual.
    status_map: dict[str, str] = field(default_factory=dict)
    # What the file's own key or legend row says its colours and letters mean ("Blue = Completed"),
    # under the value map.
    key_map: dict[str, str] = field(default_factory=dict)


class Layout(Protocol):
    """A way a partnership laid out its tables: one module in legacy/layouts/ each (the modules are
    listed in legacy.layouts.LAYOUTS, where mypy checks each one against this protocol)."""

    NAME: str  # recorded on the import (ImportRecord.layout) and chosen on the upload form
    TITLE: str  # what the upload form shows

    def detect(self, tables: list[Table]) -> int:
        """How it recognises its headers: a score, 0 when these are not its tables; the layout with
        the highest score is chosen for a file."""
        ...

    def parse(self, tables: list[Table], ctx: Context) -> Parsed:
        """How it maps rows to the portal's fields: the objectives, actions, BVPI 225 answers and
        figures it reads, and a problem for every row or cell it cannot take."""
        ...
