"""Records downloads of plan data (exports, returns, evidence, import originals) in the audit log: every
answer to a signed-in user that the browser saves as a file (`Content-Disposition: attachment`). The
request being answered is also kept for the audit receivers whose signal does not carry it (a password
saved by a view: who saved it, from where)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from email.message import Message
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse

import audit
from audit.exports import exported_partnerships
from audit.models import AuditEvent

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)

Kind = AuditEvent.Kind
# What each download is, by its URL's name; an export elsewhere (the admin's) by its name's ending.
DOWNLOAD_KINDS = {
    "actions:plan_export": Kind.EXPORT,
    "reviews:export": Kind.EXPORT,
    "reports:download": Kind.RETURN_DOWNLOAD,
    "reports:issued": Kind.RETURN_DOWNLOAD,
    "actions:evidence": Kind.EVIDENCE_DOWNLOAD,
    "legacy:original": Kind.ORIGINAL_DOWNLOAD,
}


def current_request() -> HttpRequest | None:
    """The request this thread (or task) is answering, if any."""
    return _request.get()


def attachment_filename(disposition: str) -> str | None:
    """The file name of an attachment (RFC 6266, filename*= decoded), "" if it names none; None when the
    answer is not an attachment."""
    if not disposition.strip().lower().startswith("attachment"):
        return None
    header = Message()
    header["Content-Disposition"] = disposition
    return header.get_filename() or ""


def download_kind(view_name: str) -> str:
    return DOWNLOAD_KINDS.get(view_name) or (Kind.EXPORT if view_name.endswith("export") else Kind.DOWNLOAD)


class DownloadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        filename = attachment_filename(response.get("Content-Disposition", ""))
        user = getattr(request, "user", None)
        if filename is not None and user is not None and user.is_authenticated and response.status_code == 200:
            self.record(request, response, filename)
        return response

    def record(self, request: HttpRequest, response: HttpResponse, filename: str) -> None:
        match = request.resolver_match
        view_name = match.view_name if match else ""
        partnership = getattr(request, "partnership", None)
        if partnership is None and match and "partnership" in match.kwargs:
            partnership = apps.get_model("partnerships", "Partnership").objects.filter(
                slug=match.kwargs["partnership"]).first()
        details: dict[str, Any] = {"filename": filename, "content_type": response.get("Content-Type", ""),
                                   "view": view_name}
        if response.has_header("Content-Length"):
            details["size"] = int(response["Content-Length"])
        # A download outside any partnership's pages: an export from the admin site belongs to the partnerships
        # of the rows it held; anything else (or an export of rows of no partnership) to those of who downloaded it.
        partnerships = [partnership] if partnership else exported_partnerships(request)
        if partnerships and not partnership:
            details["partnerships_of"] = "exported rows"
        audit.record(download_kind(view_name), request=request, partnerships=partnerships, details=details)
