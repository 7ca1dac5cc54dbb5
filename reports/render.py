"""QuarterlyReturn -> HTML (Django template, every user text auto-escaped) -> PDF bytes (WeasyPrint in a
child process with a hard time limit and a fetcher that serves only the print stylesheet)."""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.charts import trend_svg
from reports.return_data import QuarterlyReturn

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


def render_html(data: QuarterlyReturn, *, template: str = "reports/return_pdf.html", draft: bool = True,
                annex: bool = False) -> str:
    """The return as HTML; a draft (not issued) carries DRAFT on every page. The action plan is one line
    per action; with annex, an annex follows with each action in full and its latest update."""
    context = {
        "r": data, "draft": draft, "annex": annex, "update_chars": PLAN_UPDATE_CHARS,
        "indicator_charts": [(block, trend_svg(block.figures, block.periods)) for block in data.indicators],
    }
    return render_to_string(template, context)


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
