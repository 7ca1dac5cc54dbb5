"""Retention of the outbox: `manage.py prune_mail` (nightly) deletes sent and not-sent e-mails older than
MAIL_RETENTION_DAYS; a queued one is never deleted (its task may still send it); 0 keeps everything."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ops.models import OutgoingMail

Status = OutgoingMail.Status


def mail(days_ago: float, status: str) -> OutgoingMail:
    made = OutgoingMail.objects.create(template="round_opened", to=["len@north.example.org"], subject="Round",
                                       status=status)
    # created_at is auto_now_add: set the age afterwards
    OutgoingMail.objects.filter(pk=made.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return made


def prune(*args: str) -> str:
    out = io.StringIO()
    call_command("prune_mail", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_old_sent_and_failed_mail_is_deleted_queued_and_recent_mail_kept(settings: Any) -> None:
    settings.MAIL_RETENTION_DAYS = 180
    mail(181, Status.SENT)
    mail(400, Status.FAILED)
    kept = [mail(400, Status.QUEUED), mail(179, Status.SENT), mail(1, Status.FAILED)]
    assert prune() == "2 e-mail(s) older than 180 days deleted from the outbox.\n"
    assert list(OutgoingMail.objects.order_by("pk")) == kept
    assert prune().startswith("0 e-mail(s)")


@pytest.mark.django_db
def test_zero_keeps_everything_and_days_can_be_given(settings: Any) -> None:
    settings.MAIL_RETENTION_DAYS = 0
    mail(1000, Status.SENT)
    assert "every e-mail is kept" in prune() and OutgoingMail.objects.count() == 1
    assert prune("--days", "10").startswith("1 e-mail(s) older than 10 days")
    with pytest.raises(CommandError, match="cannot be negative"):
        prune("--days", "-5")
