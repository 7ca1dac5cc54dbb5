"""Receivers of allauth.mfa's signals: they only forget what the session remembered about the user's factors."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver
from django.http import HttpRequest

from signin.middleware import HAS_FACTOR


@receiver(authenticator_removed, dispatch_uid="signin.signals.forget_second_factor")
def forget_second_factor(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(HAS_FACTOR, None)
