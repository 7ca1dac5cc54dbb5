"""What an import would do, row by row: create / change (old -> new) / unchanged, and every problem."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from actions.models import ActionPlan
from legacy.parsed import Problem, StatusWordIn
from partnerships.models import Agency, Area, Partnership

CREATE, CHANGE, UNCHANGED = "create", "change", "unchanged"


@dataclass
class RowChange:
    kind: str
    key: str
    row: int
    op: str
    values: dict[str, Any]
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    obj: Any = None
    parent_key: str = ""

    @property
    def summary(self) -> str:
        """What a new row holds, in a few words, for the preview."""
        for name in ("description", "title", "name", "narrative", "notes", "text", "decision", "purpose", "value"):
            if self.values.get(name) not in (None, ""):
                return str(self.values[name])
        return ""


@dataclass
class LeadPart:
    """A part of a lead cell that matches no agency or person, and the agencies to offer for it."""

    text: str  # as the file writes it
    candidates: list[Agency]
    rows: int = 0


@dataclass
class Preview:
    layout: str
    year_start: int
    partnership: Partnership
    plan: ActionPlan | None
    rows: list[RowChange]
    problems: list[Problem]
    area: Area | None = None  # the area a BVPI 225 sheet is for
    file_format: str = ""
    warnings: list[Problem] = field(default_factory=list)  # kept as written, not refused
    unmapped: list[str] = field(default_factory=list)  # headers of the columns not imported
    # The status value map: each distinct status word of the file, by status_key, and what it becomes.
    status_words: dict[str, StatusWordIn] = field(default_factory=dict)
    # The admin's answers for lead parts that match nothing (legacy.diff.plan.LeadMatcher), and the
    # parts still matching nothing, by part (lower case).
    lead_map: dict[str, str] = field(default_factory=dict)
    plan_title: str = ""  # the file's title row: the title of the plan the import makes
    strategy_years: tuple[int, int] | None = None  # the years the title names, for a strategy it makes
    lead_parts: dict[str, LeadPart] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        c = Counter(r.op for r in self.rows)
        return {CREATE: c[CREATE], CHANGE: c[CHANGE], UNCHANGED: c[UNCHANGED]}

    def by_kind(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {}
        for r in self.rows:
            out.setdefault(r.kind, Counter())[r.op] += 1
        return out

    def summary(self) -> str:
        c = self.counts()
        lines = [f"layout {self.layout}, plan year {self.year_start}-{(self.year_start + 1) % 100:02d}: "
                 f"{c[CREATE]} to create, {c[CHANGE]} to change, {c[UNCHANGED]} unchanged"]
        for kind, counter in sorted(self.by_kind().items()):
            lines.append(f"  {kind}: " + ", ".join(f"{counter[op]} {op}" for op in (CREATE, CHANGE, UNCHANGED)))
        return "\n".join(lines)


def compare(kind: str, key: str, row: int, obj: Any, values: dict[str, Any], parent_key: str = "") -> RowChange:
    """The row's values against the object the database holds (None: the row creates it)."""
    if obj is None:
        return RowChange(kind, key, row, CREATE, values, parent_key=parent_key)
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = (old, new)
    return RowChange(kind, key, row, CHANGE if changes else UNCHANGED, values, changes, obj, parent_key)
