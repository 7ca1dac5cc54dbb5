"""WeasyPrint layout in a child process, with a deny-by-default URL fetcher.

This module imports no Django: it is preloaded into a multiprocessing fork server so that each
rendering child starts with WeasyPrint already imported, and a child that runs past its time
limit is killed without taking a web worker or task worker with it.

The fetcher serves exactly the static files the parent names (a mapping of
"portal-static:<name>" URLs to files on disk) and refuses every other URL: file:, http(s):,
data:, ftp:, anything. It never opens a network connection, so there is nothing to redirect.
"""

from __future__ import annotations

import mimetypes
import re
import resource
import time
from pathlib import Path
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "portal-static:"

# Tagged for accessibility, as public-sector documents must be: WeasyPrint's PDF/UA-1 variant (a
# structure tree, MarkInfo, the document's language from <html lang> and its title from <title>).
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

# WeasyPrint lays out a paragraph one line at a time, and a line that has no break opportunity
# within its first few dozen characters is laid out again with the whole rest of the paragraph: a
# word of n characters costs n^2 (100,000 characters with no space ran past two minutes; with spaces
# it takes seconds). So every run of more than LONG_WORD characters with no space gets an invisible
# break opportunity (a zero-width space) after each BREAK_EVERY characters: layout stays
# proportional to the text, and the print stylesheet's overflow-wrap: anywhere breaks what is still
# too wide for a narrow column.
LONG_WORD = 30
BREAK_EVERY = 10
ZWSP = "\u200b"
_TEXT_NODE = re.compile(r"(<(script|style|title)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)|([^<]+)", re.DOTALL | re.IGNORECASE)
_LONG_RUN = re.compile(rf"[^ \t\n\r\f\u200b<>]{{{LONG_WORD + 1},}}")  # no-break spaces are no break
# A character with the combining marks after it, or an HTML entity: never split inside either.
_UNIT = re.compile(r"&#?\w+;|.[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*", re.DOTALL)


class RefusedURL(ValueError):
    """A URL the report renderer will not fetch."""


class StaticOnlyFetcher(URLFetcher):
    """Serves "portal-static:<name>" for the names in `allowed` from disk; refuses everything else.

    Every request is recorded in `requests` as (url, served: bool)."""

    def __init__(self, allowed: dict[str, str]) -> None:
        super().__init__(allow_redirects=False, allowed_protocols=[])
        self.allowed = {name: str(path) for name, path in allowed.items()}
        self.requests: list[tuple[str, bool]] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        name = url[len(SCHEME):] if url.startswith(SCHEME) else None
        path = self.allowed.get(name) if name is not None else None
        if path is None:
            self.requests.append((url, False))
            raise RefusedURL(f"refused to fetch {url[:200]!r}: reports only load the portal's own static files")
        self.requests.append((url, True))
        body = Path(path).read_bytes()
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    # urllib-style entry points must not bypass fetch().
    def open(self, url: Any, data: Any = None, timeout: Any = None) -> URLFetcherResponse:  # noqa: ARG002
        return self.fetch(url if isinstance(url, str) else url.full_url)


def _break_run(match: re.Match[str]) -> str:
    units = _UNIT.findall(match.group())
    return ZWSP.join("".join(units[i:i + BREAK_EVERY]) for i in range(0, len(units), BREAK_EVERY))


def _break_text(match: re.Match[str]) -> str:
    text = match.group(3)
    return match.group() if text is None else _LONG_RUN.sub(_break_run, text)


def breakable(html: str) -> str:
    """html with a break opportunity every BREAK_EVERY characters in the long words of its text (not in
    its tags, attributes, entities, scripts, styles or title)."""
    return _TEXT_NODE.sub(_break_text, html)


def render(html: str, allowed: dict[str, str]) -> dict[str, Any]:
    """Lay out html and return the PDF bytes with what was fetched and what it cost."""
    started, cpu_started = time.perf_counter(), time.process_time()
    fetcher = StaticOnlyFetcher(allowed)
    document = HTML(string=breakable(html), base_url=None, url_fetcher=fetcher).render(**PDF_OPTIONS)
    layout_seconds = time.perf_counter() - started
    pdf = document.write_pdf(attachments=None, **PDF_OPTIONS)
    return {
        "pdf": pdf,
        "pages": len(document.pages),
        "requests": fetcher.requests,
        "layout_seconds": layout_seconds,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def child_main(conn: Any, html: str, allowed: dict[str, str]) -> None:
    """Entry point of the rendering child: sends ('ok', result) or ('error', message)."""
    try:
        result = render(html, allowed)
    except BaseException as exc:  # report every failure to the parent instead of dying silently
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    else:
        conn.send(("ok", result))
    finally:
        conn.close()
