"""Background work of the reports app, through Django's tasks framework (settings.TASKS)."""

from __future__ import annotations

from typing import Any

from django.tasks import task


@task()
def issue_return_batch(batch_id: int) -> dict[str, Any]:
    """Issue the returns of every audience group for a batch's quarter (see return_batch_run)."""
    from reports.services import return_batch_run

    batch = return_batch_run(batch_id=batch_id)
    return {"batch": batch.pk, "done": batch.done, "skipped": batch.skipped, "status": batch.status}
