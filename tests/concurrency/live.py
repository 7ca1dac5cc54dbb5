"""A live portal for concurrent writers: a migrated database of its own (a SQLite file in a temporary
folder, or a throwaway PostgreSQL database created here and dropped afterwards), gunicorn with
several worker processes on a free port (portal/gunicorn_config.py, as scripts/serve.sh starts it),
and a signed-in HTTP client per writer. Shared by tests/concurrency and bench/concurrency.py."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
PG_SERVER = os.environ.get("CONCURRENCY_PG", "postgres://postgres@127.0.0.1:5432")
WORKERS = 4


def pg_unreachable() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it can."""
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed"
    try:
        psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL at {PG_SERVER} is not reachable: {str(exc).strip()}"
    return None


def _pg_admin(sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=5)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A DATABASE_URL of a new, empty database of `kind` ("sqlite" or "postgresql"); a PostgreSQL
    database is dropped afterwards (its connections ended first)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'portal.sqlite3'}"
        return
    name = f"portal_h1conc_live_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        _pg_admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


def server_env(folder: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of the live portal on `database_url`. DEBUG on, only so that static files come
    from the source tree (no collectstatic per run); what concurrency depends on is as in production:
    persistent connections (DB_CONN_MAX_AGE), the database's OPTIONS, gunicorn's worker processes.
    No second factor (the sessions are made signed in), e-mail kept in memory, tasks run at once."""
    dropped = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({
        "DEBUG": "1", "SECRET_KEY": "test-only-" + "c" * 50, "DB_CONN_MAX_AGE": "60", "MFA_REQUIRED": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url, "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": "portal.settings",
    })
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def run_seed(env: dict[str, str], command: str, timeout: float = 120) -> Any:
    done = subprocess.run([PYTHON, "-m", "tests.concurrency.seed", command], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Portal:
    """A running portal: its base URL, environment (for commands and the dump), the seeded ids and
    the server's log."""

    kind: str
    url: str
    env: dict[str, str]
    seeded: dict[str, Any]
    log: Path
    dumper: Dumper | None = None

    def dump(self) -> Any:
        if self.dumper is not None:
            return self.dumper.dump()
        return run_seed(self.env, "dump")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def path(self, name: str, pk: int | None = None) -> str:
        base = f"{self.url}/p/{self.seeded['partnership']}"
        return {
            "action": f"{base}/actions/{pk}/",
            "edit": f"{base}/actions/{pk}/edit/",
            "progress": f"{base}/actions/{pk}/progress/",
            "rounds": f"{base}/rounds/",
            "round_open": f"{base}/rounds/open/",
        }[name]


def _wait_listening(process: subprocess.Popen[bytes], port: int, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn did not listen on {port} within {seconds} s:\n{log.read_text()}")


def _start_gunicorn(env: dict[str, str], log: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server_env = env | {"PORTAL_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
                        "GUNICORN_LOG_LEVEL": "warning"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [GUNICORN, "--config", "portal/gunicorn_config.py", "portal.wsgi:application"],
            cwd=ROOT, env=server_env, stdout=out, stderr=subprocess.STDOUT,
        )
    return process, port


def _stop(process: subprocess.Popen[Any], seconds: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(env: dict[str, str], log: Path, workers: int) -> Iterator[str]:
    """gunicorn as scripts/serve.sh starts it (portal/gunicorn_config.py) on a free port; its base URL."""
    process, port = _start_gunicorn(env, log, workers)
    try:
        _wait_listening(process, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


class Dumper:
    """`seed serve` on the portal's database: one process for all of a portal's dumps."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([PYTHON, "-m", "tests.concurrency.seed", "serve"], cwd=ROOT, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lock = threading.Lock()

    def dump(self) -> Any:
        assert self.process.stdin and self.process.stdout
        with self.lock:
            self.process.stdin.write("dump\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        assert line, f"the dump process stopped with {self.process.poll()}"
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        _stop(self.process, seconds=10)


@contextmanager
def portal(kind: str, folder: Path, workers: int = WORKERS) -> Iterator[Portal]:
    """A migrated, seeded database of `kind` and gunicorn with `workers` processes serving it. The
    workers boot (each imports the portal) while the database is migrated and seeded: nothing is read
    from the database before the first request."""
    folder.mkdir(parents=True, exist_ok=True)
    with database(kind, folder) as url:
        env = server_env(folder, url)
        log = folder / "gunicorn.log"
        process, port = _start_gunicorn(env, log, workers)
        dumper: Dumper | None = None
        try:
            seeded = run_seed(env, "setup", timeout=600)
            _wait_listening(process, port, log)
            dumper = Dumper(env)
            live = Portal(kind=kind, url=f"http://127.0.0.1:{port}", env=env, seeded=seeded, log=log,
                          dumper=dumper)
            # Every worker has started (each answers a page) before a test times anything.
            client = signed_in(live, 0)
            for _ in range(workers * 2):
                client.get(live.path("rounds"), timeout=60)
            yield live
        finally:
            _stop(process)
            if dumper is not None:
                dumper.close()


def signed_in(live: Portal, n: int) -> requests.Session:
    """An HTTP client signed in as the n-th seeded coordinator."""
    client = requests.Session()
    client.cookies.set("sessionid", live.seeded["sessions"][n], domain="127.0.0.1", path="/")
    return client


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')


def csrf_token(page: str) -> str:
    match = _CSRF.search(page)
    assert match, page[:3000]
    return match.group(1)


def form_version(page: str) -> int:
    match = _VERSION.search(page)
    assert match, page[:3000]
    return int(match.group(1))


@dataclass
class Answer:
    """One write as the writer saw it: the status code, where it was sent on, and the page's text."""

    status: int
    location: str
    text: str

    @property
    def saved(self) -> bool:
        """Saved: sent on to the page it was posted from (not to the sign-in page)."""
        return self.status == 302 and "/accounts/" not in self.location


def post(client: requests.Session, url: str, data: dict[str, Any], referer: str) -> Answer:
    response = client.post(url, data=data, allow_redirects=False, timeout=120, headers={"Referer": referer})
    return Answer(response.status_code, response.headers.get("Location", ""), response.text)


@dataclass
class ProgressPost:
    writer: int
    action: int
    quarter: str
    status: str
    narrative: str
    answer: Answer | None = None


STATUSES = ["on_track", "at_risk", "off_track", "completed"]


def progress_writers(live: Portal, writers: int, posts: int, actions: list[int]) -> list[ProgressPost]:
    """`writers` coordinators at once, each posting `posts` progress updates one after another, spread
    over `actions` and the plan's four quarters so that several writers meet on one action and quarter
    (the second of them corrects the first's update). Each writer loads the action page first (its
    CSRF token), then all start together."""
    barrier = threading.Barrier(writers)
    plans = [
        [ProgressPost(writer=w, action=actions[(w + p) % len(actions)], quarter=f"2009-10 Q{(w // 2 + p) % 4 + 1}",
                      status=STATUSES[(w + 2 * p) % len(STATUSES)], narrative=f"writer {w} post {p}")
         for p in range(posts)]
        for w in range(writers)
    ]

    def write(w: int) -> None:
        client = signed_in(live, w)
        page = client.get(live.path("action", actions[0]), timeout=120)
        token = csrf_token(page.text)
        barrier.wait(timeout=120)
        for item in plans[w]:
            item.answer = post(client, live.path("progress", item.action), {
                "csrfmiddlewaretoken": token, "quarter": item.quarter, "status": item.status,
                "narrative": item.narrative, "barriers": "", "evidence": "",
            }, referer=live.path("action", item.action))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return [item for items in plans for item in items]


def at_once(*calls: Any) -> list[Any]:
    """Runs the calls in threads that start together; their results in order (an exception re-raised)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait(timeout=120)
        try:
            results[i] = calls[i]()
        except BaseException as exc:  # handed to the caller
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results
