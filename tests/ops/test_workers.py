"""Several machines: two `manage.py db_worker` processes on one PostgreSQL database share the queue,
and each job runs exactly once."""

from __future__ import annotations

import subprocess
import time

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.ops.servers import DB_TASKS, ROOT, worker_command, worker_env
from tests.ops.worker_jobs import RUNS_TABLE, record_run

JOBS = 40

pytestmark = pytest.mark.django_db(transaction=True)  # the workers see only what is committed


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _count(sql: str, params: list | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return int(cursor.fetchone()[0])


@pytest.fixture
def runs_table():
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (id serial PRIMARY KEY, job integer NOT NULL, worker text NOT NULL)")
    yield RUNS_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")


def test_two_workers_on_one_database_run_each_job_once(settings, runs_table):
    if connection.vendor != "postgresql":
        pytest.skip("two worker processes need a database they share: run with DATABASE_URL=postgres://...")
    settings.TASKS = DB_TASKS
    database = connection.settings_dict["NAME"]
    workers = []
    try:
        for name in ("worker-a", "worker-b"):
            env = worker_env()
            env["DATABASE_URL"] += f"?application_name={name}"
            env["DB_CONN_MAX_AGE"] = "600"  # as in production: one connection kept, not one per poll
            workers.append(subprocess.Popen(worker_command("--interval", "0.2", "--worker-id", name), cwd=ROOT,
                                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        # Both polling the queue before the first job is there: neither can take them all by starting first.
        # A worker's connection may close between polls, so every name seen once counts.
        seen: set[str] = set()

        def both_connected() -> bool:
            for worker in workers:
                if worker.poll() is not None:
                    raise AssertionError(f"a worker stopped (exit {worker.returncode}): {worker.stderr.read()[-3000:]}")
            with connection.cursor() as cursor:
                cursor.execute("SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = %s "
                               "AND application_name IN ('worker-a', 'worker-b')", [database])
                seen.update(name for (name,) in cursor.fetchall())
            return len(seen) == 2

        _wait_for(both_connected, timeout=120, what="both workers to connect")
        results = [record_run.enqueue(job) for job in range(JOBS)]
        _wait_for(lambda: _count(f"SELECT count(*) FROM {RUNS_TABLE}") >= JOBS, timeout=120,
                  what=f"{JOBS} jobs to run")
        time.sleep(1)  # a job run twice would show up now
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT job, worker FROM {RUNS_TABLE}")
        runs = cursor.fetchall()
    jobs = sorted(job for job, _ in runs)
    assert jobs == list(range(JOBS)), "every job once, none twice"
    by_worker = {w: sum(1 for _, x in runs if x == w) for w in ("worker-a", "worker-b")}
    assert all(n > 0 for n in by_worker.values()), f"both workers took jobs: {by_worker}"
    statuses = DBTaskResult.objects.filter(id__in=[r.id for r in results]).values_list("status", flat=True)
    assert list(statuses) == ["SUCCESSFUL"] * JOBS
