"""A task for the two-workers test: each run records which job it was and which worker ran it."""

from __future__ import annotations

import time

from django.db import connection
from django.tasks import TaskContext, task

RUNS_TABLE = "test_worker_job_runs"


@task(takes_context=True)
def record_run(context: TaskContext, job: int) -> None:
    time.sleep(0.1)  # long enough that both workers are busy at once
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {RUNS_TABLE} (job, worker) VALUES (%s, %s)",
                       [job, context.task_result.worker_ids[-1]])
