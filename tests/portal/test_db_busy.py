"""portal.db_busy: "database is locked" (and PostgreSQL's lock timeouts) is answered 503 "busy, try
again" with Retry-After, by the middleware for a view's exception and by handler500 for one raised
elsewhere; any other error keeps Django's 500. (A real busy SQLite database behind gunicorn is in
tests/concurrency/test_database_busy.py.)"""

from __future__ import annotations

from django.db import IntegrityError, OperationalError
from django.test import RequestFactory

from portal.db_busy import DatabaseBusyMiddleware, server_error


def _server_error_while_handling(exc: Exception) -> int:
    request = RequestFactory().post("/p/north/actions/1/progress/")
    try:
        raise exc
    except Exception:
        response = server_error(request)
    if response.status_code == 503:
        assert response["Retry-After"] == "5"
        assert b"The portal is busy: try again" in response.content
        # After the view (the session's save): its writes may be committed, so no "nothing was saved"
        assert b"look whether it is there" in response.content and b"Nothing was saved" not in response.content
    return response.status_code


def test_a_locked_database_is_answered_busy_not_500() -> None:
    assert _server_error_while_handling(OperationalError("database is locked")) == 503
    assert _server_error_while_handling(OperationalError("canceling statement due to lock timeout")) == 503


def test_other_errors_keep_the_500_page() -> None:
    assert _server_error_while_handling(OperationalError("no such table: actions_action")) == 500
    assert _server_error_while_handling(IntegrityError("database is locked")) == 500
    assert _server_error_while_handling(ValueError("boom")) == 500


def test_the_middleware_answers_a_views_busy_error_and_lets_others_through() -> None:
    middleware = DatabaseBusyMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().post("/")
    busy = middleware.process_exception(request, OperationalError("database is locked"))
    assert busy is not None and busy.status_code == 503
    assert b"Nothing was saved from this request" in busy.content  # the view's transaction rolled back
    assert middleware.process_exception(request, OperationalError("disk I/O error")) is None
