"""Load test of the production server: gunicorn with portal/gunicorn_config.py, DEBUG off, PostgreSQL,
a 1,000-action plan, signed in over HTTP as an action lead and as a coordinator.

For each page (plan, home, action, indicators), each persona and each concurrency (1, 8, 32 by
default) it keeps that many clients requesting for a bounded time and prints requests per second,
p50 / p95 / p99 latency, errors (any answer but 200 with the page's own heading, any failed
connection) and the server's CPU milliseconds per request (gunicorn's workers and the PostgreSQL
backends, read from /proc: what a request costs, whatever else the shared machine is running).
Then 16 progress writers post updates at once for the same bounded time; every write answered as
saved (the redirect to the action) is looked up in the database afterwards: its history record, and
for each action and quarter the last saved narrative as the live row. Last, --drafts coordinators
ask for the whole partnership's draft return at once: each answer must come at once (the PDF is laid
out by the task worker the bench starts, `manage.py db_worker`, as in production with
TASKS_BACKEND=db), then the progress is polled until it is ready and each downloads the kept file.

    .venv/bin/python bench/load.py                      # builds the data once, then measures
    .venv/bin/python bench/load.py --seconds 5 --concurrency 1,8 --pages plan,action
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load .venv/bin/python bench/load.py --fresh

The database (default postgres://postgres@127.0.0.1:5432/bench_load) is created if missing and
filled by bench_pages.build (1,000 actions x 8 quarters of updates, 50 indicators x 5 areas x 20
quarters); --fresh drops it first. The server runs as scripts/serve.sh runs it (migrate,
collectstatic with DEBUG off into a throwaway STATIC_ROOT, gunicorn with the same config, a db_worker)
with SECRET_KEY and ALLOWED_HOSTS set for the bench, TASKS_BACKEND=db, REPORT_RENDER_TIMEOUT=300 (a
1,000-action PDF on a shared machine), SECURE_SSL_REDIRECT=0 (plain HTTP on the loopback)
and MFA_REQUIRED=0: the bench signs in with a password only, so the second factor is relaxed as for a
demo. Only the standard library speaks to the server (threads + http.client).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_load"
PASSWORD = "bench-" + "load-password-for-the-bench-only"
WRITE_MARK = "bench-write"
HOST = "127.0.0.1"


def server_env(database_url: str, port: int, workers: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-load-" + "k" * 50,
        "ALLOWED_HOSTS": f"{HOST},localhost", "SECURE_SSL_REDIRECT": "0", "MFA_REQUIRED": "0",
        "STATIC_ROOT": "/tmp/bench_load_static", "MEDIA_ROOT": "/tmp/bench_load_media",
        "PORTAL_BIND": f"{HOST}:{port}", "LOG_LEVEL": "WARNING",
        # As in production: background work (draft returns, e-mails) queued in the database for a worker.
        "TASKS_BACKEND": "db", "REPORT_RENDER_TIMEOUT": os.environ.get("REPORT_RENDER_TIMEOUT", "300"),
    })
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    return env


def ensure_database(database_url: str, fresh: bool) -> None:
    import psycopg2

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            if fresh:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def setup_django(env: dict[str, str]) -> None:
    for key in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "MFA_REQUIRED",
                "STATIC_ROOT", "MEDIA_ROOT", "LOG_LEVEL", "TASKS_BACKEND"):
        os.environ[key] = env[key]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def build() -> dict[str, Any]:
    """The bench partnership (bench_pages.build: written in bulk, once), the personas' passwords, and
    the URLs each persona requests."""
    from django.core.management import call_command
    from django.urls import reverse

    from actions.models import Action, ActionPlan
    from partnerships.models import Group, GroupMember, Person

    call_command("migrate", verbosity=0)
    import bench_pages

    objects = bench_pages.build()
    slug = objects["partnership"].slug
    # A governance group with a member: the quarterly returns need one to be drafted for.
    group, _ = Group.objects.get_or_create(partnership=objects["partnership"], slug="bench-sig",
                                           defaults={"name": "Bench Strategy Implementation Group"})
    if not group.members.exists():
        chair = Person.objects.create(partnership=objects["partnership"], name="Bench Chair")
        GroupMember.objects.create(group=group, person=chair, role=GroupMember.Role.CHAIR)
    for who in ("lead", "coordinator"):
        user = objects[who]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    lead_agency = objects["lead"].memberships.get().agency
    led = list(Action.objects.filter(plan__strategy__partnership=objects["partnership"], lead_agencies=lead_agency)
               .order_by("pk").values_list("pk", flat=True))
    every = list(Action.objects.filter(plan__strategy__partnership=objects["partnership"]).order_by("pk")
                 .values_list("pk", flat=True))
    action_url = reverse("actions:action", kwargs={"partnership": slug, "pk": 0}).removesuffix("0/")
    plan = ActionPlan.objects.get(strategy__partnership=objects["partnership"])
    return {
        "slug": slug, "users": {"lead": objects["lead"].username, "coordinator": objects["coordinator"].username},
        "login": reverse("login"),
        "pages": {
            "plan": [reverse("actions:plan", kwargs={"partnership": slug})],
            # The home page sends a member of one partnership on to its dashboard: the page they see.
            "home": [reverse("actions:dashboard", kwargs={"partnership": slug})],
            "indicators": [reverse("indicators:list", kwargs={"partnership": slug})],
        },
        "action_urls": {"lead": [f"{action_url}{pk}/" for pk in led[:20]],
                        "coordinator": [f"{action_url}{pk}/" for pk in every[::50]]},
        "write_actions": every,
        "draft": {name: reverse(f"reports:{name}", kwargs={"partnership": slug}) for name in
                  ("draft", "draft_status", "download")},
        "draft_query": urllib.parse.urlencode({"period": f"{plan.pk}:3", "group": ""}),
        "action_base": action_url,
        "quarters": [q.label for q in plan.quarters()],
    }


# HTTP ------------------------------------------------------------------------------------------

_COOKIE = re.compile(r"^\s*([^=;\s]+)=([^;]*)")


@dataclass
class Session:
    """One signed-in browser: its cookies, sent with every request."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: dict[str, str] | None = None,
                timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{PORT}{path}"
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    match = _COOKIE.match(value)
                    if match:
                        if 'expires=Thu, 01 Jan 1970' in value or 'Max-Age=0' in value:
                            self.cookies.pop(match.group(1), None)
                        else:
                            self.cookies[match.group(1)] = match.group(2).strip('"')
            return response.status, {k.lower(): v for k, v in response.getheaders()}, content
        finally:
            conn.close()


PORT = 0
_INPUT = re.compile(r"<input[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_fields(html: str) -> dict[str, dict[str, str]]:
    fields = {}
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if "name" in attrs:
            fields[attrs["name"]] = attrs
    return fields


def sign_in(login_path: str, username: str, check_path: str) -> Session:
    """Sign in through the sign-in form as a browser would (CSRF token, password); then the page must
    answer 200 (not a redirect to a second-factor setup or back to the sign-in)."""
    session = Session()
    status, _, body = session.request("GET", login_path)
    if status != 200:
        raise SystemExit(f"bench: the sign-in page answered {status}")
    fields = form_fields(body.decode())
    name_field = "login" if "login" in fields else "username"
    token = fields.get("csrfmiddlewaretoken", {}).get("value", "")
    status, headers, _ = session.request("POST", login_path, {
        "csrfmiddlewaretoken": token, name_field: username, "password": PASSWORD,
    })
    if status != 302:
        raise SystemExit(f"bench: signing in as {username} answered {status}, not a redirect")
    status, headers, _ = session.request("GET", check_path)
    if status != 200:
        raise SystemExit(f"bench: signed in as {username}, {check_path} answered {status} to "
                         f"{headers.get('location', '')} (a second factor required? the bench sets MFA_REQUIRED=0)")
    return session


# Measuring -------------------------------------------------------------------------------------

@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    elapsed: float = 0.0
    cpu_seconds: float = 0.0  # the server's (gunicorn workers and PostgreSQL backends) during the run

    def add_error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] += 1


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run_readers(sessions: list[Session], urls: list[str], concurrency: int, seconds: float,
                marker: bytes) -> Outcome:
    outcome = Outcome()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        session = sessions[i % len(sessions)]
        n = i
        while time.perf_counter() < deadline:
            path = urls[n % len(urls)]
            n += concurrency
            started = time.perf_counter()
            try:
                status, _, body = session.request("GET", path)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    outcome.add_error(type(exc).__name__)
                continue
            took = time.perf_counter() - started
            with lock:
                if status != 200:
                    outcome.add_error(f"HTTP {status}")
                elif marker not in body:
                    outcome.add_error("200 without the page")
                else:
                    outcome.latencies.append(took)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcome.elapsed = time.perf_counter() - started
    return outcome


@dataclass
class Writes:
    outcome: Outcome
    saved: list[tuple[int, str, str]]  # (action id, quarter label, narrative) answered as saved


def run_writers(sessions: list[Session], data: dict[str, Any], writers: int, seconds: float) -> Writes:
    """Each writer posts progress updates to its own share of the actions, a quarter at a time."""
    outcome = Outcome()
    saved: list[tuple[int, str, str]] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    run = secrets.token_hex(3)
    actions: list[int] = data["write_actions"]
    quarters: list[str] = data["quarters"]

    def worker(i: int) -> None:
        session = sessions[i % len(sessions)]
        mine = actions[i::writers]
        n = 0
        while time.perf_counter() < deadline:
            action = mine[n % len(mine)]
            quarter = quarters[(n // len(mine)) % len(quarters)]
            narrative = f"{WRITE_MARK} {run} writer {i} write {n}: two sessions delivered, 30 staff trained"
            n += 1
            path = f"{data['action_base']}{action}/progress/"
            body = {"csrfmiddlewaretoken": session.cookies.get("csrftoken", ""), "quarter": quarter,
                    "status": "on_track", "narrative": narrative, "barriers": "", "evidence": ""}
            started = time.perf_counter()
            try:
                status, headers, _ = session.request("POST", path, body)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    outcome.add_error(type(exc).__name__)
                continue
            took = time.perf_counter() - started
            with lock:
                if status == 302 and headers.get("location", "").rstrip("/").endswith(f"/{action}"):
                    outcome.latencies.append(took)
                    saved.append((action, quarter, narrative))
                else:
                    outcome.add_error(f"HTTP {status}")

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcome.elapsed = time.perf_counter() - started
    return Writes(outcome, saved)


def run_drafts(sessions: list[Session], data: dict[str, Any], clients: int, limit: float) -> None:
    """`clients` coordinators ask for the whole partnership's draft at once: each request must answer
    at once with the progress page (the worker lays the PDF out); then the page's poll until it is
    ready, and the download of the kept file by each of them."""
    query = data["draft_query"]
    answers: list[tuple[int, float]] = []
    lock = threading.Lock()

    def ask(i: int) -> None:
        started = time.perf_counter()
        status, _, _ = sessions[i % len(sessions)].request("GET", f"{data['draft']['draft']}?{query}")
        with lock:
            answers.append((status, time.perf_counter() - started))

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    slowest = max(took for _, took in answers)
    print(f"draft return, whole partnership, {clients} at once: answers {sorted(s for s, _ in answers)} within "
          f"{slowest * 1000:.0f} ms (the PDF is laid out by the task worker)")
    polls = 0
    while time.perf_counter() - started < limit:
        polls += 1
        status, _, body = sessions[0].request("GET", f"{data['draft']['draft_status']}?{query}")
        if status != 200 or b"The draft is ready" in body or b"could not be produced" in body:
            break
        time.sleep(2)
    ready = time.perf_counter() - started
    state = "ready" if b"The draft is ready" in body else ("failed" if b"could not" in body else "not ready")
    print(f"  {state} after {ready:.1f} s ({polls} polls of the progress, status {status})")
    downloads = []
    for i in range(clients):
        begun = time.perf_counter()
        status, headers, pdf = sessions[i % len(sessions)].request("GET", f"{data['draft']['download']}?{query}")
        downloads.append((status, headers.get("content-type", ""), len(pdf), time.perf_counter() - begun))
    print("  downloads of the kept file: " + ", ".join(
        f"{s} {t.split(';')[0]} {n // 1024} KB in {d * 1000:.0f} ms" for s, t, n, d in downloads))


def check_writes(saved: list[tuple[int, str, str]]) -> tuple[int, int, int]:
    """(answered saved, missing from the history, live rows not holding the last saved narrative)."""
    from actions.models import ProgressUpdate
    from partnerships.periods import Quarter

    narratives = {n for _, _, n in saved}
    recorded = set(ProgressUpdate.history.filter(narrative__startswith=WRITE_MARK)
                   .values_list("narrative", flat=True))
    missing = len(narratives - recorded)
    last: dict[tuple[int, str], str] = {}
    for action, quarter, narrative in saved:  # each writer owns its actions: its order is the order
        last[(action, quarter)] = narrative
    live = {}
    for action, year, number, narrative in ProgressUpdate.objects.filter(
            action_id__in={a for a, _ in last}).values_list("action_id", "year_start", "quarter", "narrative"):
        live[(action, Quarter(year, number).label)] = narrative
    stale = sum(1 for key, narrative in last.items() if live.get(key) != narrative)
    return len(saved), missing, stale


def line(label: str, outcome: Outcome) -> str:
    ms = [x * 1000 for x in outcome.latencies]
    done = len(ms)
    rps = done / outcome.elapsed if outcome.elapsed else 0.0
    cpu = outcome.cpu_seconds * 1000 / (done + outcome.errors) if done + outcome.errors else float("nan")
    kinds = ", ".join(f"{k} x{v}" for k, v in outcome.error_kinds.items())
    return (f"{label:<34}{done:>7}{rps:>9.1f}{percentile(ms, 50):>9.0f}{percentile(ms, 95):>9.0f}"
            f"{percentile(ms, 99):>9.0f}{cpu:>9.0f}{outcome.errors:>8}  {kinds}")


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def server_cpu_seconds(master: int, database: str) -> float:
    """CPU seconds spent so far by gunicorn's workers and by the PostgreSQL backends serving the bench
    database (Linux /proc): the cost of the requests whatever else the machine is doing."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master or (cmdline.startswith("postgres:") and f" {database} " in cmdline):
            ticks += _cpu_ticks(int(entry.name))
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    with log.open("wb") as out:
        server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "portal/gunicorn_config.py",
                                   "portal.wsgi:application"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"bench: gunicorn stopped (exit {server.returncode}); see {log}")
        try:
            with socket.create_connection((HOST, PORT), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("bench: gunicorn did not start listening within 60 s")


def main() -> None:
    global PORT
    # Stopped from outside (timeout, kill): still stop the server and the worker it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="how long each run lasts")
    parser.add_argument("--concurrency", default="1,8,32", help="clients at once, comma-separated")
    parser.add_argument("--pages", default="plan,home,action,indicators")
    parser.add_argument("--roles", default="lead,coordinator")
    parser.add_argument("--writers", type=int, default=16, help="progress writers at once (0: none)")
    parser.add_argument("--drafts", type=int, default=4, help="draft returns asked for at once (0: none)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: its config's)")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the bench database")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if not database_url.startswith("postgres"):
        raise SystemExit("bench: the load test runs on PostgreSQL (DATABASE_URL=postgres://...)")
    PORT = free_port()
    env = server_env(database_url, PORT, args.workers or None)
    ensure_database(database_url, args.fresh)
    setup_django(env)
    started = time.perf_counter()
    data = build()
    print(f"data ready in {time.perf_counter() - started:.1f} s ({database_url})")

    database = urllib.parse.urlparse(database_url).path.lstrip("/")
    log = Path("/tmp/bench_load_gunicorn.log")
    server = start_server(env, log)
    worker_log = Path("/tmp/bench_load_worker.log")
    with worker_log.open("wb") as out:
        task_worker = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "db_worker"],
                                       cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        concurrencies = [int(c) for c in args.concurrency.split(",") if c]
        roles = [r for r in args.roles.split(",") if r]
        pool = max([*concurrencies, args.writers, 1])
        pool = min(pool, 8)  # browsers per persona: several sessions, each shared by a few clients
        check = data["pages"]["plan"][0]
        sessions = {role: [sign_in(data["login"], data["users"][role], check) for _ in range(pool)]
                    for role in roles}
        workers = env.get("WEB_CONCURRENCY") or "config default (2 x cores + 1)"
        print(f"gunicorn {workers} workers on {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
              f"{args.seconds:g} s per run; signed in {pool} sessions per persona; log {log}")
        print(f"{'page / persona / clients':<34}{'done':>7}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
              f"{'cpu ms':>9}{'errors':>8}")
        markers = {"plan": b"Bench action plan", "home": b"Bench Partnership", "action": b"awareness raising",
                   "indicators": b"repeat MARAC cases"}
        verdicts: list[tuple[str, Outcome, bool]] = []
        for page in [p for p in args.pages.split(",") if p]:
            for role in roles:
                urls = data["action_urls"][role] if page == "action" else data["pages"][page]
                for concurrency in concurrencies:
                    cpu = server_cpu_seconds(server.pid, database)
                    outcome = run_readers(sessions[role], urls, concurrency, args.seconds, markers[page])
                    outcome.cpu_seconds = server_cpu_seconds(server.pid, database) - cpu
                    print(line(f"{page} / {role} / {concurrency}", outcome), flush=True)
                    verdicts.append((f"{page} / {role} / {concurrency}", outcome, concurrency == 8))
        if args.writers:
            writer_sessions = sessions.get("coordinator") or [
                sign_in(data["login"], data["users"]["coordinator"], check) for _ in range(pool)]
            cpu = server_cpu_seconds(server.pid, database)
            writes = run_writers(writer_sessions, data, args.writers, args.seconds)
            writes.outcome.cpu_seconds = server_cpu_seconds(server.pid, database) - cpu
            print(line(f"progress writes / {args.writers} writers", writes.outcome), flush=True)
            answered, missing, stale = check_writes(writes.saved)
            print(f"writes answered as saved: {answered}; missing from the history: {missing}; "
                  f"actions whose live update is not the last saved: {stale}")
            verdicts.append(("progress writes", writes.outcome, False))
            if missing or stale:
                verdicts.append(("writes answered as saved but not in the database", Outcome(errors=missing + stale),
                                 False))
        if args.drafts:
            coordinators = sessions.get("coordinator") or [
                sign_in(data["login"], data["users"]["coordinator"], check) for _ in range(pool)]
            run_drafts(coordinators, data, args.drafts, float(env["REPORT_RENDER_TIMEOUT"]) + 120)
    finally:
        task_worker.terminate()
        server.terminate()
        task_worker.wait(30)
        server.wait(30)

    problems = []
    for label, outcome, timed in verdicts:
        if outcome.errors:
            problems.append(f"{label}: {outcome.errors} errors")
        p95 = percentile([x * 1000 for x in outcome.latencies], 95)
        if timed and p95 >= 500:
            problems.append(f"{label}: p95 {p95:.0f} ms at 8 clients")
    print("target (0 errors, every saved write present, p95 < 500 ms at 8 clients):",
          "met" if not problems else "missed: " + "; ".join(problems))

if __name__ == "__main__":
    main()
