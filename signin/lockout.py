"""The user name django-axes counts failures against (AXES_USERNAME_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """From what authenticate() was given, else from the form posted: allauth's sign-in form calls the field
    "login", Django's (the admin's, were it reachable) "username"."""
    if credentials:
        value = credentials.get("username") or credentials.get("login")
        if value:
            return str(value)
    posted = request.POST.get("login") or request.POST.get("username") if request.method == "POST" else None
    return posted or None
