"""gunicorn's configuration for scripts/serve.sh (`gunicorn -c portal/gunicorn_config.py portal.wsgi`),
read from the environment like portal/settings.py:

PORTAL_BIND       address to listen on; default 127.0.0.1:8000 (behind the reverse proxy on the same
                  machine); a unix socket as unix:/run/portal/gunicorn.sock
WEB_CONCURRENCY   worker processes; default 2 x CPU cores + 1
WEB_TIMEOUT       seconds a request may take before its worker is restarted; default
                  REPORT_RENDER_TIMEOUT + 30, and refused unless longer than REPORT_RENDER_TIMEOUT:
                  draft returns render on the task worker (TASKS_BACKEND db or rq), but issuing one
                  group's return and the immediate backend still lay a PDF out in the request
FORWARDED_ALLOW_IPS  the proxies trusted to set X-Forwarded-For/-Proto; default 127.0.0.1,::1
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"serve: {name}={raw!r} is not a whole number") from None


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_timeout() -> int:
    """REPORT_RENDER_TIMEOUT as the portal reads it (portal/settings.py, which also checks the rest)."""
    from portal.settings import REPORT_RENDER_TIMEOUT

    return int(REPORT_RENDER_TIMEOUT)


def web_timeout(render: int) -> int:
    """A request that lays out a PDF is stopped by the renderer's own limit before gunicorn kills the
    worker: the worker's timeout is longer than the render's."""
    chosen = _int("WEB_TIMEOUT", render + 30)
    if chosen <= render:
        raise SystemExit(f"serve: WEB_TIMEOUT={chosen} must be longer than REPORT_RENDER_TIMEOUT={render}: "
                         "a return being issued would be killed with its worker instead of failing with a message")
    return chosen


bind = [os.environ.get("PORTAL_BIND") or "127.0.0.1:8000"]
workers = _int("WEB_CONCURRENCY", 2 * cores() + 1)

timeout = web_timeout(render_timeout())
graceful_timeout = 30
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
# One line per request on standard output (journald keeps it under systemd), errors on standard error.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
