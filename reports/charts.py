"""Trend charts of the return's indicators: inline SVG drawn from numbers only (no user text inside the SVG).

One axis per chart, from zero (every figure is a count, percentage or rate, none below zero) to a round
number above the highest figure or target. Quarters' own figures are points joined by a line; a whole
year's (or a year to date's) is a bar across the quarters it covers, a count drawn as its average per
quarter so both sit on one axis. The target is a dashed line labelled "target" on the chart itself.
A chart needs figures for two periods: figures for one period are the table's, not a chart's."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reports.return_data import IndicatorFigure

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 240, 84, 30, 44, 6, 14
SERIES_STYLES = [("#1d3b6e", ""), ("#b3501b", "4 2"), ("#3c7a3b", "1 2"), ("#6b2d6b", "6 2 1 2")]
NICE_STEPS = [Decimal(n) for n in ("1", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10")]


def axis_top(highest: Decimal, *, percent: bool) -> Decimal:
    """A round number at or above `highest` (100 at most for a percentage): 3,774 -> 4,000, 51.2 -> 60."""
    if highest <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(highest))) - 1) if highest >= 1 else Decimal("0.1")
    for step in NICE_STEPS:
        top = step * magnitude
        if top >= highest:
            break
    return min(top, Decimal(100)) if percent and highest <= 100 else top


def trend_svg(figures: list[IndicatorFigure], periods: list[str]) -> SafeString:
    series = [[p.value for p in f.trend] for f in figures]
    spans = [getattr(f, "spans", []) for f in figures]
    # Two figures in time at least: two areas' figures for one quarter are a table's, not a trend.
    moments: set[tuple[int, int]] = {(i, i) for s in series for i, v in enumerate(s) if v is not None}
    moments |= {(sp.first, sp.last) for s in spans for sp in s}
    if len(moments) < 2 or not periods:
        return SafeString("")
    drawn_targets = [_target_drawn(f) for f in figures]
    numbers = ([v for s in series for v in s if v is not None] + [sp.value for s in spans for sp in s]
               + [t for t in drawn_targets if t is not None])
    percent = any(f.value_text.endswith("%") or f.target_text.endswith("%") for f in figures)
    low, high = Decimal(0), axis_top(max(numbers), percent=percent)
    n = len(periods)
    inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    step = inner_w / n

    def x(i: float) -> float:
        return round(PAD_L + step * (i + 0.5), 1)

    def y(v: Decimal) -> float:
        return round(PAD_T + inner_h * float((high - v) / (high - low)), 1)

    parts = []
    for tick in (low, high / 2, high):
        parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#bbb" stroke-width="{}"/>',
                                 PAD_L, y(tick), PAD_L + inner_w, y(tick), "0.6" if tick == low else "0.3"))
        parts.append(format_html('<text x="{}" y="{}" font-size="7" text-anchor="end">{}</text>',
                                 PAD_L - 2, y(tick) + 2.5, _num(tick)))
    # Each year's label under its first quarter in the chart (and the last quarter's at the end).
    for i, label in enumerate(periods):
        if i == 0 or label.endswith("Q1"):
            parts.append(format_html('<text x="{}" y="{}" font-size="6.5" text-anchor="start">{}</text>',
                                     round(PAD_L + step * i, 1), CHART_H - 3, label.split(" ")[0]))
    for k, f in enumerate(figures):
        colour, dash = SERIES_STYLES[k % len(SERIES_STYLES)]
        for sp in spans[k]:
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" opacity="0.25"/>',
                round(PAD_L + step * sp.first, 1), y(sp.value), round(step * (sp.last - sp.first + 1), 1),
                round(PAD_T + inner_h - y(sp.value), 1), colour))
            parts.append(format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.6"/>',
                round(PAD_L + step * sp.first, 1), y(sp.value), round(PAD_L + step * (sp.last + 1), 1),
                y(sp.value), colour))
        target = drawn_targets[k]
        if target is not None:
            parts.append(format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="0.9" stroke-dasharray="3 2"/>',
                PAD_L, y(target), PAD_L + inner_w, y(target), colour))
            parts.append(format_html('<text x="{}" y="{}" font-size="6.5" fill="{}">target {}</text>',
                                     PAD_L + inner_w + 2, y(target) + 2.3, colour, f.target_text))
        points = [(x(i), y(v)) for i, v in enumerate(series[k]) if v is not None]
        if len(points) > 1:
            parts.append(format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.4"{}/>',
                " ".join(f"{px},{py}" for px, py in points), colour,
                format_html(' stroke-dasharray="{}"', dash) if dash else ""))
        parts.append(format_html_join("", '<circle cx="{}" cy="{}" r="2" fill="{}"/>',
                                      ((px, py, colour) for px, py in points)))
    body = SafeString("".join(parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-label="Figures from {} to {}, with the target">{}</svg>',
        CHART_W, CHART_H, CHART_W, CHART_H, periods[0], periods[-1], body)


def _target_drawn(figure: IndicatorFigure) -> Decimal | None:
    drawn = getattr(figure, "target_drawn", None)
    return drawn if drawn is not None else figure.target


def _num(v: Decimal) -> str:
    v = Decimal(v)
    return f"{v.quantize(Decimal(1)):,f}" if v == v.to_integral_value() else f"{v.normalize():f}"
