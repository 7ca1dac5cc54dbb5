"""QuarterlyReturn -> HTML (Django template, every user text auto-escaped) -> PDF bytes (WeasyPrint in a
child process with a hard time limit and a fetcher that serves only the print stylesheet)."""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reports.return_data import IndicatorFigure, QuarterlyReturn

# Latest updates in the full action plan are cut to this many characters (with an ellipsis); the
# exceptions section and the portal show them in full.
PLAN_UPDATE_CHARS = 300

# Static files the PDF may load, by the name used in "portal-static:<name>" URLs.
PRINT_STATIC = ("reports/print.css",)


class RenderError(RuntimeError):
    """WeasyPrint failed to produce the PDF."""


class RenderTimeout(RenderError):
    """Rendering ran past settings.REPORT_RENDER_TIMEOUT and the child process was killed."""


@dataclass
class RenderedPdf:
    pdf: bytes
    pages: int
    requests: list[tuple[str, bool]]
    layout_seconds: float
    seconds: float
    cpu_seconds: float
    maxrss_kb: int


def render_html(data: QuarterlyReturn, *, template: str = "reports/return_pdf.html", draft: bool = True) -> str:
    """The return as HTML; a draft (not issued) carries DRAFT on every page."""
    context = {
        "r": data, "draft": draft, "update_chars": PLAN_UPDATE_CHARS,
        "indicator_charts": [(block, trend_svg(block.figures, block.periods)) for block in data.indicators],
    }
    return render_to_string(template, context)


# Trend charts: inline SVG drawn here from numbers only (no user text inside the SVG).

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


# PDF -----------------------------------------------------------------------------------------

_context_lock = threading.Lock()
_context: multiprocessing.context.ForkServerContext | None = None


def _mp_context() -> multiprocessing.context.ForkServerContext:
    """A fork server with WeasyPrint preloaded: children start fast and share nothing with the
    Django process (no database connections, no threads)."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["reports.pdf_worker"])
            _context = ctx
        return _context


def allowed_static() -> dict[str, str]:
    allowed = {}
    for name in PRINT_STATIC:
        path = finders.find(name)
        if path:
            allowed[name] = str(path)
    return allowed


def render_pdf(html: str, *, timeout: float | None = None) -> RenderedPdf:
    """Lay out html in a child process; kill it and raise RenderTimeout after `timeout` seconds
    (settings.REPORT_RENDER_TIMEOUT by default)."""
    from reports import pdf_worker

    timeout = float(settings.REPORT_RENDER_TIMEOUT if timeout is None else timeout)
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=pdf_worker.child_main, args=(sender, html, allowed_static()), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderTimeout(f"the PDF took longer than {timeout:g} seconds to lay out and was stopped")
        try:
            kind, payload = receiver.recv()
        except EOFError as exc:
            raise RenderError(f"the PDF renderer stopped unexpectedly (exit code {process.exitcode})") from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if kind != "ok":
        raise RenderError(payload)
    return RenderedPdf(**payload)
