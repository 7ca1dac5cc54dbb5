"""The batch task runs through django-tasks-db: enqueued in the database, run by `db_worker`."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from actions.models import ActionPlan
from partnerships.periods import Quarter
from reports.models import IssuedReturn, ReturnBatch
from reports.services import return_batch_start

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_batch_enqueued_in_the_database_is_run_by_db_worker(world):
    plan = ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)
    with override_settings(TASKS=DB_TASKS):
        batch = return_batch_start(plan=plan, quarter=Quarter(2009, 2), user=world.coordinator)
        batch.refresh_from_db()
        assert batch.status == ReturnBatch.Status.QUEUED and batch.task_id
        assert not IssuedReturn.objects.exists()

        call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "1")

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (ReturnBatch.Status.DONE, 1, 1)
    assert IssuedReturn.objects.get().group == world.sig
