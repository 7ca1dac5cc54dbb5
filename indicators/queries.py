"""Reads for the indicator pages: a fixed number of queries however many indicators, areas and periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from actions.models import ActionPlan, Strategy
from indicators.models import Indicator, Target, Value
from partnerships.models import Area, Partnership
from partnerships.periods import period_label, year_label, year_of


def partnership_years(partnership: Partnership) -> list[int]:
    """The financial years the partnership's strategies and action plans cover (values and targets
    may be recorded only for these)."""
    years: set[int] = set()
    for start, end in Strategy.objects.in_partnership(partnership).values_list("period_start", "period_end"):
        years.update(range(year_of(start), year_of(end) + 1))
    years.update(ActionPlan.objects.in_partnership(partnership).values_list("year_start", flat=True))
    return sorted(years)


def describe_years(years: list[int]) -> str:
    """[2009, 2010, 2011] -> '2009-10 to 2011-12'; gaps are listed."""
    if not years:
        return "no years yet (add a strategy or an action plan first)"
    runs: list[tuple[int, int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return ", ".join(year_label(a) if a == b else f"{year_label(a)} to {year_label(b)}" for a, b in runs)


@dataclass
class AreaStanding:
    """Where one indicator stands in one area: its latest value against target, and the trend."""

    area: Area | None
    latest: Value
    previous: Value | None
    target: Target | None

    @property
    def met(self) -> bool | None:
        return self.latest.met_target(self.target)

    @property
    def direction(self) -> str:
        return self.latest.direction(self.previous)

    @property
    def area_name(self) -> str:
        return self.area.name if self.area else "All areas"


@dataclass
class IndicatorSummary:
    indicator: Indicator
    standings: list[AreaStanding] = field(default_factory=list)


def _area_order(area: Area | None) -> tuple[int, str]:
    return (1, area.name) if area else (0, "")


def indicator_summaries(partnership: Partnership) -> list[IndicatorSummary]:
    """Every indicator of the partnership with, per area, the latest value, target, met and direction.

    Three queries: indicators (with source agency), their targets, and the two latest values per
    indicator and area (a window function, so the number of values does not matter)."""
    indicators = list(
        Indicator.objects.in_partnership(partnership)
        .select_related("source_agency")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year_start", "quarter")))
    )
    by_id = {i.pk: i for i in indicators}
    recent: dict[int, dict[int | None, list[Value]]] = {}
    latest_values = (
        Value.objects.filter(indicator__partnership=partnership).latest_per_area(2).select_related("area")
        .order_by("indicator_id", "area_id", "recency")
    )
    for value in latest_values:
        value.indicator = by_id[value.indicator_id]
        recent.setdefault(value.indicator_id, {}).setdefault(value.area_id, []).append(value)
    summaries = []
    for indicator in indicators:
        targets = list(indicator.targets.all())
        standings = []
        for values in recent.get(indicator.pk, {}).values():
            latest = values[0]
            previous = values[1] if len(values) > 1 else None
            standings.append(AreaStanding(latest.area, latest, previous, latest.target_for(targets)))
        standings.sort(key=lambda s: _area_order(s.area))
        summaries.append(IndicatorSummary(indicator, standings))
    return summaries


@dataclass
class ValueStanding:
    """One value of one area on the indicator page: against its target, and the trend since the value before."""

    value: Value
    target: Target | None
    met: bool | None
    direction: str


@dataclass
class AreaSeries:
    area: Area | None
    rows: list[ValueStanding]

    @property
    def area_name(self) -> str:
        return self.area.name if self.area else "All areas"

    @property
    def latest(self) -> ValueStanding | None:
        return self.rows[-1] if self.rows else None


@dataclass
class IndicatorDetail:
    indicator: Indicator
    targets: list[Target]
    series: list[AreaSeries]
    chart: dict[str, Any]


def indicator_detail(indicator: Indicator) -> IndicatorDetail:
    targets = list(indicator.targets.select_related("area").order_by("year_start", "quarter", "kind"))
    values = list(indicator.values.select_related("area").chronological())
    by_area: dict[int | None, list[Value]] = {}
    areas: dict[int | None, Area | None] = {}
    for value in values:
        value.indicator = indicator
        by_area.setdefault(value.area_id, []).append(value)
        areas[value.area_id] = value.area
    series = []
    for area_id, area_values in by_area.items():
        rows = []
        previous = None
        for value in area_values:
            target = value.target_for(targets)
            rows.append(ValueStanding(value, target, value.met_target(target), value.direction(previous)))
            previous = value
        series.append(AreaSeries(areas[area_id], rows))
    series.sort(key=lambda s: _area_order(s.area))
    return IndicatorDetail(indicator, targets, series, _chart_data(indicator, series, targets))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _chart_data(indicator: Indicator, series: list[AreaSeries], targets: list[Target]) -> dict[str, Any]:
    """Chart.js data: a line per area over every period with a value, and the local target per area. None
    for an equality breakdown (suppress_small_counts): its small counts are not published, and a chart's
    data is in the page's source whoever reads it."""
    if indicator.suppress_small_counts:
        return {"labels": [], "datasets": [], "unit": indicator.unit, "title": str(indicator)}
    periods = sorted({(r.value.year_start, r.value.quarter) for s in series for r in s.rows},
                     key=lambda p: (p[0], p[1] or 5))
    datasets = []
    for s in series:
        by_period = {(r.value.year_start, r.value.quarter): r for r in s.rows}
        datasets.append({
            "label": s.area_name,
            "data": [_number(by_period[p].value.value) if p in by_period else None for p in periods],
            "kind": "value",
        })
        target_line = []
        for year_start, quarter in periods:
            target = Target.local_for(targets, area_id=s.area.pk if s.area else None, year_start=year_start,
                                      quarter=quarter)
            target_line.append(_number(target.value) if target else None)
        if any(t is not None for t in target_line):
            datasets.append({"label": f"Target, {s.area_name}", "data": target_line, "kind": "target"})
    return {
        "labels": [period_label(y, q) for y, q in periods],
        "datasets": datasets,
        "unit": indicator.unit,
        "title": str(indicator),
    }
