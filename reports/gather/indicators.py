"""Section 3 of a return: each indicator's figure per area against its target, with the trend.

Told straight: a figure is judged only against the target of its own period; it is compared only
with a figure of the same length of period (a quarter with a quarter, a whole year with a whole
year, nine months with nine months); a year-to-date count is annualised before it is set beside a
whole year, a year-to-date rate is flagged as a part year; and nothing is called improving or
worsening when which way is better is not known."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from indicators.models import Indicator, Target, Value
from partnerships.models import Area, Partnership
from partnerships.periods import Quarter, year_label
from reports.return_data import IndicatorBlock, IndicatorFigure, TrendPoint

TREND_QUARTERS = 8
MONTH_ENDS = {1: "June", 2: "September", 3: "December", 4: "March"}

# (indicator id, area id or None for the whole partnership)
FigureKey = tuple[int, int | None]
ValueOrder = Callable[[Value], tuple[int, bool]]


@dataclass
class YearSpan:
    """A figure for more than a quarter, drawn across the quarters it covers (indexes into the
    block's periods). A count is drawn as its average per quarter, so that it sits on one axis
    with the quarters' own counts."""

    first: int
    last: int
    value: Decimal      # as drawn
    label: str          # e.g. "2007-08" or "2008-09 to December"


@dataclass
class ToldFigure(IndicatorFigure):
    months: int = 3
    comparison: str = ""          # what the figure was compared with, in words
    polarity_known: bool = True
    is_count: bool = False
    spans: list[YearSpan] = field(default_factory=list)
    target_drawn: Decimal | None = None   # the target on the chart's scale (a count's year target / 4)


def indicator_blocks(*, partnership: Partnership, quarter: Quarter, areas: list[Area],
                     wide: bool) -> list[IndicatorBlock]:
    """Three queries: indicators, targets, values. Each figure is this quarter's value, or else the
    latest one before it (its period is shown), against the target of its own period.
    `wide`: the group is partnership-wide, so whole-partnership figures show beside the areas'."""
    indicators = list(Indicator.objects.in_partnership(partnership).select_related("source_agency"))
    if not indicators:
        return []
    window = [quarter.previous(n) for n in range(TREND_QUARTERS - 1, -1, -1)]
    first_year = window[0].year_start - 1
    in_scope = Q(area__in=[a.pk for a in areas]) | Q(area__isnull=True)
    years = Q(indicator__in=indicators, year_start__gte=first_year, year_start__lte=quarter.year_start)
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
        # The chart's quarters: from the first year with a figure (of those read) to this quarter.
        plotted = [v for area_id, _ in columns for v in values_of.get((indicator.pk, area_id), [])]
        start = min([Quarter(v.year_start, 1) for v in plotted] + [window[0]], key=lambda q: q.index)
        periods = [Quarter.from_index(i) for i in range(start.index, quarter.index + 1)]
        figures = [
            figure for area_id, area_name in columns
            if (figure := _figure(indicator, area_name, values_of.get((indicator.pk, area_id), []),
                                  targets_of[indicator.pk], area_id, quarter, periods, order)) is not None
        ]
        if figures:
            blocks.append(IndicatorBlock(
                code=indicator.code, name=indicator.name, polarity=indicator.get_polarity_display(),
                source=str(indicator.source_agency) if indicator.source_agency else indicator.source_text,
                figures=list(figures), periods=[q.label for q in periods],
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
            quarter: Quarter, periods: list[Quarter], order: ValueOrder) -> ToldFigure | None:
    """The area's figure, or None when it has neither a value nor a target."""
    national = Target.national_for(targets, area_id=area_id, year_start=quarter.year_start, quarter=quarter.number)
    quarter_target = Target.local_for(targets, area_id=area_id, year_start=quarter.year_start, quarter=quarter.number)
    current = values[-1] if values else None
    target, judged, target_note = quarter_target, None, ""
    direction, comparison = "", ""
    if current is None:
        # No figure: the quarter's own target is shown, nothing is judged.
        if target is None:
            return None
    else:
        # A figure is judged only against the target of its own period (a 2008-09 figure against
        # 2008-09's); without one, the quarter's target is shown for information, not compared.
        judged = current.target_for(targets)
        if judged is not None:
            target = judged
        elif target is not None:
            target_note = f"{target.period_label} target: not compared with a {_period_text(current)} figure"
        if not _is_current(current, quarter):
            national = Target.national_for(targets, area_id=area_id, year_start=current.year_start,
                                           quarter=current.quarter)
        direction, comparison = _compare(indicator, current, values, quarter, order)
    index_of = {q.index: i for i, q in enumerate(periods)}
    by_quarter = {(v.year_start, v.quarter): v.value for v in values if v.quarter and v.months == 3}
    count = indicator.scales_with_period
    spans = [span for v in values if (span := _span(v, index_of, count)) is not None]
    trend = [TrendPoint(q.label, by_quarter.get((q.year_start, q.number))) for q in periods]
    if indicator.suppress_small_counts:
        # An equality breakdown: its small counts are not published, so neither drawn nor quoted.
        trend, spans, comparison = [TrendPoint(q.label, None) for q in periods], [], ""
    target_drawn = None
    if target is not None:
        target_months = 12 if target.quarter is None else 3
        target_drawn = target.value * 3 / target_months if count else target.value
    return ToldFigure(
        area=area_name, value=current.value if current else None,
        value_text=_value_text(indicator, current) if current else "no figure",
        period=_period_text(current) if current else "",
        is_current=bool(current and _is_current(current, quarter)),
        note=current.note if current else "",
        target=target.value if target else None, target_text=indicator.format(target.value) if target else "",
        target_note=target_note,
        national_text=f"{indicator.format(national.value)} ({national.period_label})" if national else "",
        met=_met(indicator, current, judged) if current else None,
        direction=direction,
        trend=trend,
        months=current.months if current else 3, comparison=comparison,
        polarity_known=indicator.polarity_known, is_count=count, spans=spans, target_drawn=target_drawn,
    )


def _met(indicator: Indicator, value: Value, target: Target | None) -> bool | None:
    """Met against the target of the value's own period; a count of a part year against a whole
    year's target is annualised first (nine months' count is not measured against a year's)."""
    if target is None or not indicator.scales_with_period or target.quarter is not None or value.months == 12:
        return value.met_target(target)
    scaled = Value(indicator=indicator, value=value.value * 12 / value.months)
    return scaled.met_target(target)


def _is_current(value: Value, quarter: Quarter) -> bool:
    return value.year_start == quarter.year_start and value.quarter == quarter.number


def _period_text(value: Value) -> str:
    """'2007-08', '2008-09 Q3', or '2008-09 to December' for a year to date."""
    if value.quarter is not None and value.months > 3:
        if value.months == 12:
            return year_label(value.year_start)
        return f"{year_label(value.year_start)} to {MONTH_ENDS[value.quarter]}"
    return value.period_label


def _value_text(indicator: Indicator, value: Value) -> str:
    text = indicator.published(value.value)
    if 3 < value.months < 12:
        text += f" ({value.months} months)"
    return text


def annualised(value: Value) -> Decimal:
    """A year-to-date count scaled to twelve months (nine months' 3,395 is 4,527 a year)."""
    return (value.value * 12 / value.months).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _compare(indicator: Indicator, current: Value, values: list[Value], quarter: Quarter,
             order: ValueOrder) -> tuple[str, str]:
    """(direction, what it was compared with). The latest earlier figure of the same length of period;
    a part year with no such figure is set beside the latest earlier whole year, a count annualised,
    a rate flagged as a part year. The plan year's own whole-year figure before Q4 is the year so
    far, with no length of period known: it is compared with nothing."""
    if current.quarter is None and current.year_start == quarter.year_start and quarter.number != 4:
        return "", ""
    earlier = [v for v in values if order(v) < order(current)]
    same = [v for v in earlier if v.months == current.months]
    if same:
        previous = same[-1]
        return current.direction(previous), _beside(indicator, current.value, previous)
    if 3 < current.months < 12:
        years = [v for v in earlier if v.months == 12]
        if years:
            previous = years[-1]
            if indicator.scales_with_period:
                scaled = annualised(current)
                words = (f"annualised {indicator.format(scaled)} a year "
                         f"({indicator.format(current.value)} in {current.months} months)")
                return _direction(indicator, scaled, previous.value), f"{words}; {_beside(indicator, scaled, previous)}"
            beside = _beside(indicator, current.value, previous)
            words = f"{current.months} months only (a part year)"
            return _direction(indicator, current.value, previous.value), f"{words}; {beside}"
    return "", ""


def _direction(indicator: Indicator, new: Decimal, old: Decimal) -> str:
    if not indicator.polarity_known:
        return ""
    if new == old:
        return "same"
    return "improving" if indicator.is_better(new, old) else "worsening"


def _beside(indicator: Indicator, new: Decimal, previous: Value) -> str:
    way = "higher than" if new > previous.value else "lower than" if new < previous.value else "the same as"
    text = f"{way} {indicator.format(previous.value)} in {_period_text(previous)}"
    if not indicator.polarity_known:
        text += "; which way is better is not known"
    return text


def _span(value: Value, index_of: dict[int, int], count: bool) -> YearSpan | None:
    """A whole year or year to date across its quarters; a count as its average per quarter."""
    if value.months == 3:
        return None
    last_quarter = value.quarter or 4
    first = index_of.get(Quarter(value.year_start, 1).index)
    last = index_of.get(Quarter(value.year_start, last_quarter).index)
    if first is None and last is None:
        return None
    first = 0 if first is None else first
    last = len(index_of) - 1 if last is None else last
    drawn = value.value * 3 / value.months if count else value.value
    return YearSpan(first=first, last=last, value=drawn, label=_period_text(value))
