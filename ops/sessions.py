"""Session lifetime: a session ends after SESSION_COOKIE_AGE without a request (idle; Django renews the
expiry on every request, SESSION_SAVE_EVERY_REQUEST) and, however busy, SESSION_ABSOLUTE_AGE after the
sign-in (the time is kept in the session, set when the user signs in)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "ops.signed_in_at"


def now() -> float:
    return time.time()


@receiver(user_logged_in, dispatch_uid="ops.sessions.record_sign_in")
def record_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = now()


def hours(seconds: int) -> str:
    value = seconds / 3600
    return f"{value:g} hour{'' if value == 1 else 's'}"


class SessionLifetimeMiddleware:
    """Signs the user out once SESSION_ABSOLUTE_AGE has passed since they signed in, with a message on
    the sign-in page; the next page then asks them to sign in again (LoginRequiredMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if not isinstance(started, int | float):
                # A session from before this check (or a sign-in that bypassed the signal): count from now.
                request.session[SIGNED_IN_AT] = now()
            elif now() - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, f"You were signed out {hours(settings.SESSION_ABSOLUTE_AGE)} after "
                                       "signing in, as the portal does for everyone. Sign in again to go on.")
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Every answer to a signed-in user (pages, exports, downloads) is marked Cache-Control: no-store, so
    that neither the browser nor a proxy keeps a copy of partnership data after the session ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private, max-age=0
        return response
