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


@task()
def render_draft_return(*, plan_id: int, year_start: int, quarter: int, group_id: int | None, user_id: int,
                        fingerprint: str, annex: bool = False) -> dict[str, Any]:
    """Render a draft return and keep it under the fingerprint of the data it was asked for
    (reports.drafts.draft_render)."""
    from reports.drafts import draft_render

    return draft_render(plan_id=plan_id, year_start=year_start, quarter=quarter, group_id=group_id,
                        user_id=user_id, fingerprint=fingerprint, annex=annex)
