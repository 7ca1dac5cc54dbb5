"""/healthz answers the load balancer without a sign-in: 200 when the database and the task queue answer,
503 naming what does not."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.ops.servers import free_port

HEALTHZ = reverse("healthz")
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]}}


def test_healthz_answers_without_sign_in(db: None) -> None:
    response = Client().get(HEALTHZ)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "none (tasks run in the request): ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_checks_the_database_task_queue(db: None, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    response = Client().get(HEALTHZ)
    assert response.status_code == 200
    assert response.json()["tasks"] == "db: ok"


def test_healthz_is_503_when_the_database_does_not_answer(db: None) -> None:
    with mock.patch("ops.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = Client().get(HEALTHZ)
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["database"] == "unreachable"
    assert "connection refused" not in response.content.decode()  # no detail to whoever asks


def test_healthz_is_503_when_the_task_queue_table_does_not_answer(db: None, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    table = DBTaskResult._meta.db_table
    with connection.cursor() as cursor:  # the queue's table gone (rolled back with the test's transaction)
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_elsewhere")
    response = Client().get(HEALTHZ)
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "tasks": "DatabaseBackend: unreachable"}


def test_healthz_pings_redis_for_the_rq_queue(db: None, settings: Any) -> None:
    settings.TASKS = RQ_TASKS
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/0"}}  # the Redis the machine runs
    response = Client().get(HEALTHZ)
    assert response.status_code == 200
    assert response.json()["tasks"] == "rq: ok"


def test_healthz_is_503_when_redis_does_not_answer(db: None, settings: Any) -> None:
    settings.TASKS = RQ_TASKS
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/0"}}  # nothing listening
    response = Client().get(HEALTHZ)
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "tasks": "RQBackend: unreachable"}


def test_healthz_refuses_post(db: None) -> None:
    assert Client().post(HEALTHZ).status_code == 405
