"""A write that found the database busy is answered "busy, try again" (503 with Retry-After), not 500.

SQLite has one writer at a time: a transaction takes the write lock when it begins (IMMEDIATE) and
waits up to SQLITE_BUSY_TIMEOUT seconds for it; past that it raises OperationalError "database is
locked". PostgreSQL's counterpart is a lock timeout or a deadlock the server broke. Either way
nothing was written (the transaction rolled back) and the same request a moment later succeeds.

DatabaseBusyMiddleware answers for an exception raised in a view; `server_error` (as handler500)
for one raised in a middleware, e.g. the session's save at the end of a request."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds
_BUSY = ("database is locked", "database table is locked", "lock timeout", "deadlock detected",
         "could not obtain lock")


def is_busy(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError) and any(text in str(exc).lower() for text in _BUSY)


def busy_response(request: HttpRequest, exc: BaseException, *, view_finished: bool = False) -> HttpResponse:
    """`view_finished`: the view had run (the session's save at the end failed), so what it wrote may be
    committed: the page then asks the user to look before sending it again, rather than saying nothing
    was saved."""
    logger.warning("database busy on %s %s: %s", request.method, request.path, exc)
    # A page of its own, no base template: it must render without asking the busy database anything.
    context = {"retry_after": RETRY_AFTER, "view_finished": view_finished}
    response = HttpResponse(render_to_string("db_busy.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request, exception) if is_busy(exception) else None


def server_error(request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME) -> HttpResponse:
    """handler500: the busy answer when the database was busy, else the portal's 500 page (ui's
    500.html, rendered without the request: no context processor, so nothing asks the database or the
    session, either of which may be what failed). A busy error in a view is answered by the middleware,
    so one reaching here came after the view (a middleware)."""
    exc = sys.exc_info()[1]
    if is_busy(exc):
        assert exc is not None
        return busy_response(request, exc, view_finished=True)
    try:
        body = render_to_string(template_name)
    except Exception:  # a broken template must not hide the error: Django's plain page instead
        logger.exception("the 500 page %s could not be rendered", template_name)
        return defaults.server_error(request, "a-template-that-does-not-exist.html")
    return HttpResponseServerError(body)
