"""Retention of the audit log: `manage.py prune_audit` (nightly, portal-maintenance.service) deletes the events
older than AUDIT_RETENTION_DAYS, of every partnership and of none, and nothing newer; 0 keeps everything."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit import services
from audit.models import AuditEvent
from tests.conftest import World

Kind = AuditEvent.Kind


def event(days_ago: float, **fields: Any) -> AuditEvent:
    return AuditEvent.objects.create(kind=Kind.SIGN_IN, at=timezone.now() - dt.timedelta(days=days_ago), **fields)


def prune(*args: str) -> str:
    out = io.StringIO()
    call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


def test_events_past_the_retention_are_deleted_and_newer_ones_kept(world: World, settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 730
    old_north = event(731, partnership=world.north, username="len-lead")
    old_nobody = event(800, username="no-such-person")
    kept = [event(729, partnership=world.north), event(0, partnership=world.south)]
    assert prune() == "2 audit event(s) older than 730 days deleted.\n"
    assert list(AuditEvent.objects.order_by("pk")) == kept
    assert not AuditEvent.objects.filter(pk__in=[old_north.pk, old_nobody.pk]).exists()
    assert prune() == "0 audit event(s) older than 730 days deleted.\n"  # safe to re-run


def test_days_on_the_command_line_and_zero_keeps_everything(world: World, settings: Any) -> None:
    settings.AUDIT_RETENTION_DAYS = 0
    event(5000)
    assert "every event is kept" in prune()
    assert AuditEvent.objects.count() == 1
    assert prune("--days", "30") == "1 audit event(s) older than 30 days deleted.\n"
    with pytest.raises(CommandError, match="cannot be negative"):
        prune("--days", "-1")


def test_a_large_log_is_deleted_in_batches(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "PRUNE_BATCH", 3)
    AuditEvent.objects.bulk_create([AuditEvent(kind=Kind.SIGN_IN, at=timezone.now() - dt.timedelta(days=1000))
                                    for _ in range(7)])
    event(1)
    assert services.audit_prune(older_than=dt.timedelta(days=730)) == 7
    assert AuditEvent.objects.count() == 1


def test_the_default_is_two_years(settings: Any) -> None:
    from portal import settings as portal_settings

    assert portal_settings.AUDIT_RETENTION_DAYS == 730 and portal_settings.MAIL_RETENTION_DAYS == 180
