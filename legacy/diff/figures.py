"""The figures part of a preview: indicator values and local targets (and the indicators a
figures table inside a plan names for the first time)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Indicator, Target, Value
from legacy.diff.preview import CREATE, Preview, RowChange, compare
from legacy.parsed import FigureIn, Parsed, Problem
from partnerships.models import Area, Partnership

_ALL_AREAS = ("all", "all areas")
# (indicator id, area id, year, quarter)
FigureKey = tuple[int | None, int | None, int, int | None]


def new_code(name: str, taken: set[str]) -> str:
    """A short code for an indicator created by an import: the initials of its name ("Arrests
    Rate" -> "AR"), numbered when taken."""
    base = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", name)).upper()[:30] or "IND"
    code, n = base, 1
    while code.lower() in taken:
        n += 1
        code = f"{base}{n}"
    taken.add(code.lower())
    return code


@dataclass
class _Figures:
    """The partnership's indicators and areas by the names a file may use for them, and the
    figures it already has."""

    indicators: dict[str, Indicator]  # by code and by name, lower case
    indicator_count: int
    codes: set[str]  # lower case
    areas: dict[str, Area]  # by slug and by name, lower case
    foreign_areas: set[str]  # other partnerships' area slugs and names, lower case
    own_area: Area | None  # the partnership's one area, when it has one
    values: dict[FigureKey, Value]
    targets: dict[FigureKey, Target]  # local targets


def _figures_now(partnership: Partnership) -> _Figures:
    indicators: dict[str, Indicator] = {}
    for ind in Indicator.objects.filter(partnership=partnership):
        indicators[ind.code.lower()] = ind
        indicators.setdefault(ind.name.lower(), ind)
    areas: dict[str, Area] = {}
    for area in Area.objects.filter(partnership=partnership):
        areas[area.slug.lower()] = area
        areas[area.name.lower()] = area
    own_areas = {a.pk: a for a in areas.values()}
    return _Figures(
        indicators=indicators,
        indicator_count=len({i.pk for i in indicators.values()}),
        codes={ind.code.lower() for ind in indicators.values()},
        areas=areas,
        foreign_areas={n.lower() for pair in Area.objects.exclude(partnership=partnership).values_list("slug", "name")
                       for n in pair},
        own_area=next(iter(own_areas.values())) if len(own_areas) == 1 else None,
        values={(v.indicator_id, v.area_id, v.year_start, v.quarter): v
                for v in Value.objects.filter(indicator__partnership=partnership)},
        targets={(t.indicator_id, t.area_id, t.year_start, t.quarter): t
                 for t in Target.objects.filter(indicator__partnership=partnership, kind=Target.Kind.LOCAL)},
    )


def diff_figures(preview: Preview, parsed: Parsed) -> None:
    partnership = preview.partnership
    now = _figures_now(partnership)
    new_indicators: dict[str, RowChange] = {}
    figure_rows: dict[tuple[bool, int | str, int | None, int, int | None], int] = {}
    for f in parsed.figures:
        ind = now.indicators.get(f.indicator.lower())
        if ind is not None:
            code, unit = ind.code, ind.unit
        elif f.new_unit:
            code, unit = _new_indicator(preview, f, now, new_indicators).key, f.new_unit
        else:
            preview.problems.append(Problem(f.row, "indicator", f"'{f.indicator}' is not an indicator of {partnership} "
                                                                "(add it first, by code or name)"))
            continue
        area = now.own_area if f.own_area else None
        if f.area and f.area.lower() not in _ALL_AREAS:
            area = now.areas.get(f.area.lower())
            if area is None:
                reason = (f"area '{f.area}' belongs to another partnership" if f.area.lower() in now.foreign_areas
                          else f"area '{f.area}' is not one of {partnership}'s areas")
                preview.problems.append(Problem(f.row, "area", reason))
                continue
        kind = "target" if f.is_target else "value"
        if unit == Indicator.Unit.PERCENT and f.value > 100:
            preview.problems.append(Problem(f.row, kind, f"{f.value}% is over 100% for {code}, a percentage"))
            continue
        same_figure = (f.is_target, ind.pk if ind else code, area.pk if area else None, f.year_start, f.quarter)
        if same_figure in figure_rows:
            preview.problems.append(Problem(f.row, "period", f"the same {code} figure for this area and period "
                                                             f"is also on row {figure_rows[same_figure]}"))
            continue
        figure_rows[same_figure] = f.row
        lookup = (ind.pk if ind else None, area.pk if area else None, f.year_start, f.quarter)
        existing = (now.targets if f.is_target else now.values).get(lookup)
        label = f"{code} {area or 'all areas'} {f.year_start}{' Q' + str(f.quarter) if f.quarter else ''}"
        change = compare(kind, label, f.row, existing, {"value": f.value.quantize(Decimal("0.001"))}, parent_key=code)
        change.values.update({"indicator": ind, "area": area, "year_start": f.year_start, "quarter": f.quarter})
        if existing is None and f.note:
            change.values["note"] = f.note
        preview.rows.append(change)


def _new_indicator(preview: Preview, f: FigureIn, now: _Figures, new_indicators: dict[str, RowChange]) -> RowChange:
    """A figures table inside a plan names its rates: the first figure of a rate the portal does
    not know creates its indicator (after the partnership's own, in the table's order)."""
    new_indicator = new_indicators.get(f.indicator.lower())
    if new_indicator is None:
        code = new_code(f.indicator, now.codes)
        new_indicator = RowChange("indicator", code, f.row, CREATE, {
            "code": code, "name": f.indicator, "unit": f.new_unit, "polarity": Indicator.Polarity.HIGHER,
            "order": now.indicator_count + len(new_indicators) + 1})
        new_indicators[f.indicator.lower()] = new_indicator
        preview.rows.append(new_indicator)
    return new_indicator
