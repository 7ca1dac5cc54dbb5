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
import resource
import time
from pathlib import Path
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

SCHEME = "portal-static:"


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


def render(html: str, allowed: dict[str, str]) -> dict[str, Any]:
    """Lay out html and return the PDF bytes with what was fetched and what it cost."""
    started, cpu_started = time.perf_counter(), time.process_time()
    fetcher = StaticOnlyFetcher(allowed)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    layout_seconds = time.perf_counter() - started
    pdf = document.write_pdf(attachments=None)
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
