"""Signing in through the real sign-in page, as a browser behind the council's reverse proxy would."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent

ADDRESS = "203.0.113.7"


def sign_in(client: Client, username: str, password: str, address: str = ADDRESS) -> Any:
    """A POST of the sign-in form through the proxy (127.0.0.1), which passes the client's address. The
    user name goes in both of the names a sign-in form gives it: allauth's "login", Django's "username"."""
    return client.post(reverse("login"), {"login": username, "username": username, "password": password},
                       REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def events(**lookup: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**lookup).order_by("pk"))
