"""Workflows on sign-in credentials."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

log = logging.getLogger("portal.security")


def second_factor_reset(*, user: AbstractBaseUser, target: AbstractBaseUser) -> int:
    """Removes every second factor of `target` (authenticator app, passkeys and security keys, recovery codes),
    for one who lost their phone or key: with MFA_REQUIRED they set up a new one at their next sign-in. Each
    removal is kept in the authenticators' history with who did it (simple_history's user is the admin
    signed in). The target's open sessions end too: they remember that the user had a second factor, and
    whoever holds the lost phone may hold a signed-in browser as well. Returns how many were removed."""
    with transaction.atomic():
        authenticators = list(Authenticator.objects.select_for_update().filter(user=target))
        for authenticator in authenticators:
            authenticator._history_user = user  # simple_history records who did it
            authenticator.delete()
        _end_sessions(target)
    log.warning("second factor reset: user=%s by=%s removed=%d", target.pk, user.pk, len(authenticators))
    return len(authenticators)


def _end_sessions(target: AbstractBaseUser) -> None:
    """Deletes the target's unexpired sessions (sessions live at most SESSION_ABSOLUTE_AGE, so few are read)."""
    theirs = [session.pk for session in Session.objects.filter(expire_date__gt=timezone.now())
              if session.get_decoded().get(SESSION_KEY) == str(target.pk)]
    Session.objects.filter(pk__in=theirs).delete()
