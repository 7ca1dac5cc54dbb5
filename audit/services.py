"""Writing the audit log. Everything that records an event comes through `event_record`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AuditEvent
from ops.lockout import client_ip

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from partnerships.models import Partnership


def _signed_in(request: HttpRequest | None) -> AbstractBaseUser | None:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _partnership_ids(person: AbstractBaseUser | None) -> list[int | None]:
    """The partnerships the person belongs to now, or [None] (nobody's partnership)."""
    if person is None:
        return [None]
    membership = apps.get_model("partnerships", "Membership")
    return [*membership.objects.filter(user_id=person.pk).values_list("partnership_id", flat=True)] or [None]


def event_record(*, kind: str, request: HttpRequest | None = None, user: AbstractBaseUser | None = None,
                 username: str = "", subject: AbstractBaseUser | None = None, subject_name: str = "",
                 partnerships: Iterable[Partnership | None] | None = None,
                 details: dict[str, Any] | None = None) -> list[AuditEvent]:
    """Records an event: `user` did it (default: the request's signed-in user) under `username` (default:
    the user's), to `subject`'s account when it is someone else's (`subject_name` when no account is at
    hand), from the request's address. It belongs to `partnerships`; by default to each partnership the
    subject (or else the user) belongs to, and to none when they belong to none."""
    user = user or _signed_in(request)
    if subject is not None and user is not None and subject.pk == user.pk:
        subject = None
    targets = (_partnership_ids(subject or user) if partnerships is None
               else [p.pk if p is not None else None for p in partnerships])
    common = {
        "kind": kind, "user": user,
        "username": (username or (user.get_username() if user is not None else ""))[:150],
        "subject": (subject_name or (subject.get_username() if subject is not None else ""))[:150],
        "ip_address": client_ip(request) if request is not None else None,
        "path": request.get_full_path()[:500] if request is not None and request.path else "",
        "details": details or {},
    }
    with transaction.atomic():
        return AuditEvent.objects.bulk_create([AuditEvent(partnership_id=pk, **common) for pk in targets])


PRUNE_BATCH = 5000


def audit_prune(*, older_than: dt.timedelta) -> int:
    """Deletes the events recorded more than `older_than` ago (AUDIT_RETENTION_DAYS); the number deleted. In
    batches, each its own transaction, so a large first prune never holds the log's table for long."""
    cutoff = timezone.now() - older_than
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(AuditEvent.objects.filter(at__lt=cutoff).order_by("pk").values_list("pk", flat=True)
                         [:PRUNE_BATCH])
            if not batch:
                return deleted
            deleted += AuditEvent.objects.filter(pk__in=batch).delete()[0]
