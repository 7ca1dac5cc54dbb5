"""/healthz for the reverse proxy and load balancer: 200 when the database and the task queue answer,
503 naming the part that does not. No sign-in (LoginRequiredMiddleware lets it through), no redirect to
HTTPS (SECURE_REDIRECT_EXEMPT: a load balancer checks the web server directly), nothing cached."""

from __future__ import annotations

import logging
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("portal.health")


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure to reach the database is the answer, not an error page
        log.exception("healthz: database unreachable")
        return False


def task_queue() -> tuple[str, bool]:
    """(which queue, whether it answers). The immediate and dummy backends have no queue to reach."""
    tasks = cast(dict[str, dict[str, Any]], settings.TASKS)
    backend = str(tasks["default"]["BACKEND"])
    try:
        if backend == "django_tasks_db.backend.DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            list(DBTaskResult.objects.order_by().values_list("pk", flat=True)[:1])
            return "db", True
        if backend == "django_tasks_rq.backend.RQBackend":
            import django_rq

            return "rq", bool(django_rq.get_connection("default").ping())
    except Exception:
        log.exception("healthz: task queue unreachable (%s)", backend)
        return backend.rsplit(".", 1)[-1], False
    return "none (tasks run in the request)", True


@require_GET
@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_ok()
    queue, queue_ok = task_queue()
    healthy = database and queue_ok
    return JsonResponse({
        "status": "ok" if healthy else "failing",
        "database": "ok" if database else "unreachable",
        "tasks": f"{queue}: {'ok' if queue_ok else 'unreachable'}",
    }, status=200 if healthy else 503)
