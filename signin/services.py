"""Workflows on sign-in credentials."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.db import transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

log = logging.getLogger("portal.security")


def second_factor_reset(*, user: AbstractBaseUser, target: AbstractBaseUser) -> int:
    """Removes every second factor of `target` (authenticator app, passkeys and security keys, recovery codes),
    for one who lost their phone or key: with MFA_REQUIRED they set up a new one at their next sign-in. Each
    removal is kept in the authenticators' history with who did it (simple_history's user is the admin
    signed in). Returns how many were removed."""
    with transaction.atomic():
        authenticators = list(Authenticator.objects.select_for_update().filter(user=target))
        for authenticator in authenticators:
            authenticator._history_user = user  # simple_history records who did it
            authenticator.delete()
    log.warning("second factor reset: user=%s by=%s removed=%d", target.pk, user.pk, len(authenticators))
    return len(authenticators)
