"""Reads for the MARAC page and export: each MARAC's quarters, as published (small equality counts
suppressed unless the reader may see them), against the SafeLives benchmarks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.models import Value
from marac.items import (
    CASES_PER_10000_WOMEN,
    FEWER_THAN,
    ITEM_BY_CODE,
    ITEMS,
    REPEAT_RANGE,
    Item,
    per_10000_women,
    percent,
    shown,
)
from marac.models import Marac
from partnerships.models import Partnership
from partnerships.periods import Quarter


@dataclass
class QuarterRow:
    quarter: Quarter
    counts: dict[str, int]
    cells: list[str]                        # in ITEMS order, as published
    rate: Decimal | None = None             # cases per 10,000 adult women, a year's rate
    repeat_percent: Decimal | None = None

    @property
    def rate_reading(self) -> str:
        if self.rate is None:
            return ""
        if self.rate < CASES_PER_10000_WOMEN:
            return "below the recommended level"
        return "at or above the recommended level"

    @property
    def repeat_reading(self) -> str:
        if self.repeat_percent is None:
            return ""
        low, high = REPEAT_RANGE
        if self.repeat_percent < low:
            return "below the expected range"
        return "above the expected range" if self.repeat_percent > high else "within the expected range"


@dataclass
class MaracQuarters:
    marac: Marac
    rows: list[QuarterRow] = field(default_factory=list)


def marac_quarters(partnership: Partnership, *, suppress: bool) -> list[MaracQuarters]:
    """Two queries: the MARACs, and their item values; newest quarter first."""
    maracs = list(Marac.objects.in_partnership(partnership).select_related("area"))
    if not maracs:
        return []
    of_area = {m.area_id: MaracQuarters(m) for m in maracs}
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    values = Value.objects.filter(
        indicator__partnership=partnership, indicator__code__in=list(ITEM_BY_CODE), area__in=list(of_area),
        quarter__isnull=False,
    ).values_list("area_id", "year_start", "quarter", "indicator__code", "value")
    for area_id, year_start, quarter, code, value in values:
        if quarter is None:  # filtered out above; for the type checker
            continue
        counts[(area_id, Quarter(year_start, quarter).index)][ITEM_BY_CODE[code].column] = int(value)
    for (area_id, index), row_counts in sorted(counts.items(), key=lambda kv: -kv[0][1]):
        block = of_area[area_id]
        cases = row_counts.get("cases_discussed")
        block.rows.append(QuarterRow(
            quarter=Quarter.from_index(index), counts=row_counts,
            cells=[shown(item, row_counts.get(item.column), suppress=suppress) for item in ITEMS],
            rate=per_10000_women(cases, block.marac.adult_female_population) if cases is not None else None,
            repeat_percent=percent(row_counts.get("repeat_cases"), cases),
        ))
    return list(of_area.values())


def _exported(item: Item, count: int | None) -> str | int | None:
    text = shown(item, count, suppress=True)
    return text if text == FEWER_THAN else count


def export_rows(blocks: list[MaracQuarters]) -> list[list[str | int | Decimal | None]]:
    """The export's rows (always suppressed: a file leaves the portal); counts stay numbers."""
    header: list[str | int | Decimal | None] = ["MARAC", "Quarter", *(item.name for item in ITEMS),
                                          "Cases per 10,000 adult women (a year's rate)", "Repeat cases %"]
    rows = [header]
    for block in blocks:
        for row in block.rows:
            cells = [_exported(item, row.counts.get(item.column)) for item in ITEMS]
            rows.append([block.marac.name, row.quarter.label, *cells, row.rate, row.repeat_percent])
    return rows


__all__ = ["Item", "MaracQuarters", "QuarterRow", "export_rows", "marac_quarters"]
