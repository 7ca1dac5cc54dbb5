"""Layouts: one module per way a partnership laid out its tables, each a `Layout` (NAME, TITLE,
detect(tables) -> score, parse(tables, context) -> Parsed). A new layout is a new module listed in
LAYOUTS."""

from __future__ import annotations

from legacy.layouts import bedfordshire_001, bvpi225, camden_003, lancashire_004, luton_002, mapped, portal
from legacy.layouts.protocol import Context, Layout
from legacy.readers import Table

__all__ = ["LAYOUTS", "Context", "Layout", "detect", "get_layout", "layout_choices"]

# In the order the upload form lists them; "mapped" (the admin maps the columns) comes last.
LAYOUTS: tuple[Layout, ...] = (portal, bvpi225, bedfordshire_001, luton_002, camden_003, lancashire_004, mapped)


def get_layout(name: str) -> Layout:
    for layout in LAYOUTS:
        if layout.NAME == name:
            return layout
    raise KeyError(name)


def layout_choices() -> list[tuple[str, str]]:
    return [(layout.NAME, layout.TITLE) for layout in LAYOUTS]


def detect(tables: list[Table]) -> str:
    """The best-scoring layout for these tables; 'mapped' when none recognises them."""
    best, best_score = mapped.NAME, 0
    for layout in LAYOUTS:
        if layout is mapped:
            continue
        score = layout.detect(tables)
        if score > best_score:
            best, best_score = layout.NAME, score
    return best
