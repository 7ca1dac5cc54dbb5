"""A MARAC's quarters against the SafeLives benchmarks, as inline SVG drawn from numbers only: the cases
per 10,000 adult women (a year's rate) as bars beside the recommended level, and the repeat cases as a
percentage against the expected range (shaded). No equality breakdown is drawn, so no small count
can be read off a chart."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

from marac.items import CASES_PER_10000_WOMEN, REPEAT_RANGE
from marac.queries import MaracQuarters
from reports.charts import axis_top

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 320, 110, 30, 70, 8, 16
QUARTERS_DRAWN = 8


def benchmark_svg(block: MaracQuarters) -> SafeString:
    rows = [r for r in reversed(block.rows[:QUARTERS_DRAWN]) if r.rate is not None]
    if not rows:
        return SafeString("")
    inner_w, inner_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    top = axis_top(max([r.rate for r in rows if r.rate is not None] + [CASES_PER_10000_WOMEN]), percent=False)
    step = inner_w / len(rows)

    def y(v: Decimal, high: Decimal) -> float:
        return round(PAD_T + inner_h * float((high - v) / high), 1)

    parts = [format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888" stroke-width="0.6"/>',
                         PAD_L, PAD_T + inner_h, PAD_L + inner_w, PAD_T + inner_h)]
    for tick in (Decimal(0), top):
        parts.append(format_html('<text x="{}" y="{}" font-size="8" text-anchor="end">{}</text>',
                                 PAD_L - 3, y(tick, top) + 3, f"{tick.normalize():f}"))
    # Repeat range, on its own 0-100% scale, shaded behind the bars.
    low, high = REPEAT_RANGE
    parts.append(format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#3c7a3b" opacity="0.12"/>',
        PAD_L, y(high, Decimal(100)), inner_w, round(y(low, Decimal(100)) - y(high, Decimal(100)), 1)))
    parts.append(format_html('<text x="{}" y="{}" font-size="8" fill="#2d5e2c">repeats expected {}-{}%</text>',
                             PAD_L + inner_w + 3, y(high, Decimal(100)) + 8, low, high))
    for i, row in enumerate(rows):
        assert row.rate is not None
        x = PAD_L + step * i + step * 0.2
        parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="#1d3b6e"/>',
                                 round(x, 1), y(row.rate, top), round(step * 0.6, 1),
                                 round(PAD_T + inner_h - y(row.rate, top), 1)))
        if row.repeat_percent is not None:
            parts.append(format_html('<circle cx="{}" cy="{}" r="2.6" fill="#b3501b"/>',
                                     round(x + step * 0.3, 1), y(min(row.repeat_percent, Decimal(100)), Decimal(100))))
        parts.append(format_html('<text x="{}" y="{}" font-size="7" text-anchor="middle">{}</text>',
                                 round(x + step * 0.3, 1), H - 4, row.quarter.label[2:]))
    parts.append(format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b30000" stroke-width="1" stroke-dasharray="4 2"/>',
        PAD_L, y(CASES_PER_10000_WOMEN, top), PAD_L + inner_w, y(CASES_PER_10000_WOMEN, top)))
    parts.append(format_html('<text x="{}" y="{}" font-size="8" fill="#b30000">recommended {}</text>',
                             PAD_L + inner_w + 3, y(CASES_PER_10000_WOMEN, top) + 3, CASES_PER_10000_WOMEN))
    body = SafeString("".join(str(p) for p in parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="marac-chart" role="img" '
        'aria-label="Cases per 10,000 adult women per quarter (bars) against the recommended {}, and repeat '
        'cases (dots) against the expected {} to {}%">{}</svg>',
        W, H, CASES_PER_10000_WOMEN, low, high, body)
