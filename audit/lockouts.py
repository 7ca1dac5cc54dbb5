"""The sign-in lockouts (django-axes, ops/lockout.py) of a partnership's members, and lifting one early:
what a coordinator or admin sees and does on the partnership's lockouts page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import event_record
from partnerships.models import Role
from partnerships.permissions import Perm, membership_for, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser
    from django.http import HttpRequest

    from partnerships.models import Partnership


@dataclass(frozen=True)
class Lockout:
    """A user name refused from one address: its failures in the cool-off period, and when it ends."""

    username: str
    ip_address: str | None
    failures: int
    last_failure: dt.datetime
    until: dt.datetime | None  # None: until unlocked (AXES_COOLOFF_TIME None)


def member_lockouts(partnership: Partnership) -> list[Lockout]:
    """The lockouts in force on the user names of the partnership's members, latest first (one query),
    as axes counts them: the failures of a user name from one address (over all its browsers) within
    the cool-off period, at or over the limit."""
    model = get_user_model()
    usernames = model.objects.filter(memberships__partnership=partnership).values(model.USERNAME_FIELD)
    attempts = AccessAttempt.objects.filter(username__in=usernames)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = (attempts.values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last_failure", "username"))
    return [Lockout(username=r["username"], ip_address=r["ip_address"], failures=r["failures"],
                    last_failure=r["last_failure"], until=r["last_failure"] + cool_off if cool_off else None)
            for r in rows]


def is_member_name(partnership: Partnership, username: str, *, unlocked_by: AuthUser) -> bool:
    """Whether `unlocked_by` may lift the lockout of that user name: a member of the partnership, and no
    more privileged than them. Staff and superuser accounts are unlocked only by a superuser (in the admin
    site); a partnership admin's only by another admin; so a coordinator cannot keep reopening the guessing
    of an admin's password."""
    model = get_user_model()
    members = model.objects.filter(memberships__partnership=partnership, **{model.USERNAME_FIELD: username})
    if getattr(unlocked_by, "is_superuser", False):
        return members.exists()
    members = members.filter(is_staff=False, is_superuser=False)
    actor = membership_for(unlocked_by, partnership)
    if actor is None or actor.role != Role.ADMIN:
        members = members.exclude(memberships__partnership=partnership, memberships__role=Role.ADMIN)
    return members.exists()


def lockout_release(*, user: AuthUser, partnership: Partnership, lockout: Lockout,
                    request: HttpRequest | None = None) -> int:
    """Lifts a member's lockout: the attempts axes counts for that user name from that address go, so the
    next sign-in there is checked again; recorded in the partnership's audit log. The caller found
    `lockout` among member_lockouts(partnership). Returns the number of attempt rows removed."""
    require(user, partnership, Perm.UNLOCK_SIGN_IN)
    with transaction.atomic():
        removed = int(reset(ip=lockout.ip_address, username=lockout.username))
        event_record(kind=AuditEvent.Kind.UNLOCKED, request=request, user=user, partnerships=[partnership],
                     subject_name=lockout.username,
                     details={"ip_address": lockout.ip_address, "failures": lockout.failures})
    return removed
