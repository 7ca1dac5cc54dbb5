"""Trend charts of the return's indicators: inline SVG drawn from numbers only (no user text inside the SVG)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reports.return_data import IndicatorFigure

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 220, 70, 26, 6, 6, 14
SERIES_STYLES = [("#1d3b6e", ""), ("#b3501b", "4 2"), ("#3c7a3b", "1 2"), ("#6b2d6b", "6 2 1 2")]


def trend_svg(figures: list[IndicatorFigure], periods: list[str]) -> SafeString:
    series = [[p.value for p in f.trend] for f in figures]
    targets = [f.target for f in figures if f.target is not None]
    numbers = [v for s in series for v in s if v is not None] + targets
    if not [v for s in series for v in s if v is not None]:
        return SafeString("")
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    low = min(low, Decimal(0)) if low >= 0 and low < (high - low) else low
    n = max(len(periods), 2)
    inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B

    def x(i: int) -> float:
        return round(PAD_L + inner_w * i / (n - 1), 1)

    def y(v: Decimal) -> float:
        return round(PAD_T + inner_h * float((high - v) / (high - low)), 1)

    parts = [format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888" stroke-width="0.5"/>',
        PAD_L, PAD_T + inner_h, CHART_W - PAD_R, PAD_T + inner_h)]
    parts.append(format_html('<text x="{}" y="{}" font-size="7" text-anchor="end">{}</text>',
                             PAD_L - 2, PAD_T + 6, _num(high)))
    parts.append(format_html('<text x="{}" y="{}" font-size="7" text-anchor="end">{}</text>',
                             PAD_L - 2, PAD_T + inner_h, _num(low)))
    for i, label in ((0, periods[0]), (len(periods) - 1, periods[-1])):
        anchor = "start" if i == 0 else "end"
        parts.append(format_html('<text x="{}" y="{}" font-size="6.5" text-anchor="{}">{}</text>',
                                 x(i), CHART_H - 3, anchor, label))
    for k, f in enumerate(figures):
        colour, dash = SERIES_STYLES[k % len(SERIES_STYLES)]
        if f.target is not None:
            parts.append(format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="0.8" stroke-dasharray="2 2" '
                'opacity="0.7"/>',
                PAD_L, y(f.target), CHART_W - PAD_R, y(f.target), colour))
        points = [(x(i), y(v)) for i, v in enumerate(series[k]) if v is not None]
        if len(points) > 1:
            parts.append(format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.4"{}/>',
                " ".join(f"{px},{py}" for px, py in points), colour,
                format_html(' stroke-dasharray="{}"', dash) if dash else ""))
        parts.append(format_html_join("", '<circle cx="{}" cy="{}" r="1.8" fill="{}"/>',
                                      ((px, py, colour) for px, py in points)))
    body = SafeString("".join(parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="trend" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-label="Trend over the last {} quarters">{}</svg>',
        CHART_W, CHART_H, CHART_W, CHART_H, len(periods), body)


def _num(v: Decimal) -> str:
    return f"{Decimal(v).normalize():f}"


