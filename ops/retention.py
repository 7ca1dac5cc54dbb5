"""How long the outbox keeps its e-mails (MAIL_RETENTION_DAYS): a sent or not-sent e-mail's row (addresses,
subject, what it was about, the last error) is deleted once it is older than that; a queued one never is
(its task may still send it)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ops.models import OutgoingMail

PRUNE_BATCH = 5000


def mail_prune(*, older_than: dt.timedelta) -> int:
    """Deletes the sent and not-sent e-mails made more than `older_than` ago; the number deleted. In batches,
    each its own transaction."""
    cutoff = timezone.now() - older_than
    done = OutgoingMail.objects.filter(created_at__lt=cutoff).exclude(status=OutgoingMail.Status.QUEUED)
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(done.order_by("pk").values_list("pk", flat=True)[:PRUNE_BATCH])
            if not batch:
                return deleted
            deleted += OutgoingMail.objects.filter(pk__in=batch).delete()[0]
