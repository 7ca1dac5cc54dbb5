"""Layouts: one module per way a partnership laid out its tables. Each module has NAME, TITLE,
detect(tables) -> score (0 = not this layout) and parse(tables, context) -> Parsed."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from legacy.layouts.base import Context  # noqa: F401  (re-exported)
from legacy.readers import Table

LAYOUT_MODULES = ["portal", "bvpi225", "bedfordshire_001", "luton_002", "camden_003", "lancashire_004", "mapped"]


def all_layouts() -> list[ModuleType]:
    return [import_module(f"legacy.layouts.{name}") for name in LAYOUT_MODULES]


def get_layout(name: str) -> ModuleType:
    for module in all_layouts():
        if module.NAME == name:
            return module
    raise KeyError(name)


def layout_choices() -> list[tuple[str, str]]:
    return [(m.NAME, m.TITLE) for m in all_layouts()]


def detect(tables: list[Table]) -> str:
    """The best-scoring layout for these tables; 'mapped' when none recognises them."""
    best, best_score = "mapped", 0
    for module in all_layouts():
        if module.NAME == "mapped":
            continue
        score = module.detect(tables)
        if score > best_score:
            best, best_score = module.NAME, score
    return best
