"""Section 3 of a return: each indicator's figure per area against its target, with the trend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Q

from indicators.models import Indicator, Target, Value
from partnerships.models import Area, Partnership
from partnerships.periods import Quarter
from reports.return_data import IndicatorBlock, IndicatorFigure, TrendPoint

TREND_QUARTERS = 8

# (indicator id, area id or None for the whole partnership)
FigureKey = tuple[int, int | None]
ValueOrder = Callable[[Value], tuple[int, bool]]


def indicator_blocks(*, partnership: Partnership, quarter: Quarter, areas: list[Area],
                     wide: bool) -> list[IndicatorBlock]:
    """Three queries: indicators, targets, values. Each figure is this quarter's value, or else the
    latest one before it (its period is shown), against the target that applies in this quarter.
    `wide`: the group is partnership-wide, so whole-partnership figures show beside the areas'."""
    indicators = list(Indicator.objects.in_partnership(partnership).select_related("source_agency"))
    if not indicators:
        return []
    window = [quarter.previous(n) for n in range(TREND_QUARTERS - 1, -1, -1)]
    in_scope = Q(area__in=[a.pk for a in areas]) | Q(area__isnull=True)
    years = Q(indicator__in=indicators, year_start__gte=window[0].year_start - 1, year_start__lte=quarter.year_start)
    targets_of: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(years & in_scope):
        targets_of[target.indicator_id].append(target)
    order = _as_at(quarter)
    values_of = _values_as_at(Value.objects.filter(years & in_scope), indicators, quarter, order)
    blocks = []
    for indicator in indicators:
        columns: list[tuple[int | None, str]] = [(a.pk, a.name) for a in areas]
        by_area_only = any(values_of.get((indicator.pk, a.pk)) for a in areas)
        if values_of.get((indicator.pk, None)) and (wide or not by_area_only):
            columns.append((None, "All areas"))
        figures = [
            figure for area_id, area_name in columns
            if (figure := _figure(indicator, area_name, values_of.get((indicator.pk, area_id), []),
                                  targets_of[indicator.pk], area_id, quarter, window, order)) is not None
        ]
        if figures:
            blocks.append(IndicatorBlock(
                code=indicator.code, name=indicator.name, polarity=indicator.get_polarity_display(),
                source=str(indicator.source_agency) if indicator.source_agency else indicator.source_text,
                figures=figures, periods=[q.label for q in window],
            ))
    return blocks


def _as_at(quarter: Quarter) -> ValueOrder:
    """Figures oldest first as at the quarter: a whole-year figure sorts just before its year's
    fourth quarter, or, for the year in progress (it is "the year so far"), before this quarter's."""

    def order(value: Value) -> tuple[int, bool]:
        at = min(value.sort_key, quarter.index) if value.quarter is None else value.sort_key
        return at, value.quarter is not None

    return order


def _values_as_at(values: Iterable[Value], indicators: list[Indicator], quarter: Quarter,
                  order: ValueOrder) -> dict[FigureKey, list[Value]]:
    """The values per indicator and area known at the quarter, in `order`; nothing after the quarter."""
    indicator_of = {i.pk: i for i in indicators}
    values_of: dict[FigureKey, list[Value]] = defaultdict(list)
    for value in values:
        if value.sort_key <= quarter.index or (value.quarter is None and value.year_start == quarter.year_start):
            value.indicator = indicator_of[value.indicator_id]  # for met_target and direction, without a query
            values_of[(value.indicator_id, value.area_id)].append(value)
    for rows in values_of.values():
        rows.sort(key=order)
    return values_of


def _figure(indicator: Indicator, area_name: str, values: list[Value], targets: list[Target], area_id: int | None,
            quarter: Quarter, window: list[Quarter], order: ValueOrder) -> IndicatorFigure | None:
    """The area's figure, or None when it has neither a value nor a target."""
    national = Target.national_for(targets, area_id=area_id, year_start=quarter.year_start, quarter=quarter.number)
    quarter_target = Target.local_for(targets, area_id=area_id, year_start=quarter.year_start, quarter=quarter.number)
    current = values[-1] if values else None
    target, judged, target_note = quarter_target, None, ""
    if current is None:
        # No figure: the quarter's own target is shown, nothing is judged.
        if target is None:
            return None
        previous = None
    else:
        # A figure is judged only against the target of its own period (a 2008-09 figure against
        # 2008-09's); without one, the quarter's target is shown for information, not compared.
        judged = current.target_for(targets)
        if judged is not None:
            target = judged
        elif target is not None:
            target_note = f"{target.period_label} target: not compared with a {current.period_label} figure"
        if not _is_current(current, quarter):
            national = Target.national_for(targets, area_id=area_id, year_start=current.year_start,
                                           quarter=current.quarter)
        previous = _comparable_before(current, values, quarter, order)
    by_quarter = {(v.year_start, v.quarter): v.value for v in values if v.quarter}
    return IndicatorFigure(
        area=area_name, value=current.value if current else None,
        value_text=indicator.format(current.value) if current else "no figure",
        period=current.period_label if current else "",
        is_current=bool(current and _is_current(current, quarter)),
        note=current.note if current else "",
        target=target.value if target else None, target_text=indicator.format(target.value) if target else "",
        target_note=target_note,
        national_text=f"{indicator.format(national.value)} ({national.period_label})" if national else "",
        met=current.met_target(judged) if current else None,
        direction=current.direction(previous) if current else "",
        trend=[TrendPoint(q.label, by_quarter.get((q.year_start, q.number))) for q in window],
    )


def _is_current(value: Value, quarter: Quarter) -> bool:
    return value.year_start == quarter.year_start and value.quarter == quarter.number


def _comparable_before(current: Value, values: list[Value], quarter: Quarter, order: ValueOrder) -> Value | None:
    """The latest earlier figure of the same length of period: a quarter's with a quarter's, a whole
    year's with a whole year's. The plan year's own whole-year figure before Q4 is the year so far, a
    part of a year: it is compared with nothing."""
    if current.quarter is None and current.year_start == quarter.year_start and quarter.number != 4:
        return None
    earlier = [v for v in values if order(v) < order(current) and (v.quarter is None) == (current.quarter is None)]
    return earlier[-1] if earlier else None
