"""Benchmark of the main pages on a large partnership.

Builds, in a throwaway SQLite file (/tmp/bench_pages.sqlite3, recreated on every run), a partnership
with 1,000 actions (8 quarters of progress updates each, but for the open round's 2009-10 Q4) and 50
indicators x 5 areas x 20 quarters of values, then prints for the plan page, the lead's and the
coordinator's home, the lead's one-page update (50 outstanding actions, and 1,000 for a lead of
every action) and the indicator list: the number of
queries, the median server time over repeated requests through django.test.Client, and beside it
a floor, timed in turn with the page. Target: each page within 2x of its floor, under 150 ms.

The plan page's floor is the least work that page can do: fetch the same rows by the same queries
(the page's own `plan_rows` and lead names) and print them through a bare template, one <tr> per
action with the page's cells. The other pages' floor renders a bare template with as many table
rows and cells as the page's HTML has (for a form page: a fieldset per action with as many elements).
BENCH_PAGES_DB names another file than /tmp/bench_pages.sqlite3. Everything runs with production
settings (DEBUG off; static file URLs from the plain storage instead of a collected manifest).

    .venv/bin/python bench/bench_pages.py [--repeat 15] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

    from partnerships.models import Partnership

ROOT = Path(__file__).resolve().parent.parent
DB_PATH = Path(os.environ.get("BENCH_PAGES_DB", "/tmp/bench_pages.sqlite3"))

N_ACTIONS = 1000
N_QUARTERS_OF_UPDATES = 8
N_INDICATORS = 50
N_AREAS = 5
N_VALUE_QUARTERS = 20
ROUND_QUARTER = 4  # the 2009-10 round open on the bench: Q4, whose updates are not in yet


def setup_django(keep: bool) -> None:
    if not keep and DB_PATH.exists():
        DB_PATH.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # Production settings: with DEBUG on, Django also logs every query and template errors differ.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # The test client speaks plain HTTP: production's redirect to HTTPS would answer every page 301.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    # The bench signs in with the test client's force_login: no second factor to set up.
    os.environ.setdefault("MFA_REQUIRED", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    # DEBUG off serves static files from a manifest (collectstatic); the pages only need their URLs,
    # so the plain storage stands in for it (the same {% static %} work, no collected files needed).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    override_settings(STORAGES=storages).enable()
    call_command("migrate", verbosity=0)


def build() -> dict:
    """The large partnership, written in bulk. Returns the users and objects the requests need."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Status, Strategy, UpdateRound
    from indicators.models import Indicator, Target, Value
    from partnerships.models import Agency, Area, Membership, Partnership, Person, Role

    partnership, created = Partnership.objects.get_or_create(slug="bench", defaults={"name": "Bench Partnership"})
    user_model = get_user_model()
    if not created:
        return {"partnership": partnership, "lead": user_model.objects.get(username="bench-lead"),
                "coordinator": user_model.objects.get(username="bench-coordinator"),
                "lead_all": user_model.objects.get(username="bench-lead-all")}
    areas = Area.objects.bulk_create([
        Area(partnership=partnership, slug=f"area-{i}", name=f"Area {i}", population=150_000 + i)
        for i in range(N_AREAS)
    ])
    agencies = Agency.objects.bulk_create([
        Agency(partnership=partnership, name=f"Agency {i}", kind=Agency.Kind.OTHER) for i in range(20)
    ])
    strategy = Strategy.objects.create(partnership=partnership, slug="strategy", title="Bench strategy 2009-2012",
                                       period_start=dt.date(2009, 4, 1), period_end=dt.date(2012, 3, 31))
    plan = ActionPlan.objects.create(strategy=strategy, year_start=2009, title="Bench action plan")
    tops = Objective.objects.bulk_create([
        Objective(plan=plan, ref=str(i + 1), label="Objective", title=f"Objective number {i + 1}", order=i * 10)
        for i in range(6)
    ])
    subs = Objective.objects.bulk_create([
        Objective(plan=plan, parent=t, level=1, ref=f"{t.ref}.{j}", title=f"Sub-objective {t.ref}.{j}",
                  order=t.order + j)
        for t in tops for j in (1, 2, 3)
    ])
    statuses = [s for s, _ in Status.choices]
    actions = Action.objects.bulk_create([
        Action(plan=plan, objective=subs[i % len(subs)], ref=f"{subs[i % len(subs)].ref}.{i}", order=i,
               description=f"Deliver awareness raising sessions to front-line staff in agency {i % 20}, "
                           "including the DASH risk checklist and referral routes to MARAC",
               outcome="Staff confident to identify and refer", by_whom="Agency leads",
               timescale="September 2009" if i % 3 else "Ongoing",
               due_date=dt.date(2009, 9, 30) if i % 3 else None, cadence="" if i % 3 else "ongoing",
               status=statuses[i % len(statuses)])
        for i in range(N_ACTIONS)
    ], batch_size=500)
    Action.lead_agencies.through.objects.bulk_create([
        Action.lead_agencies.through(action_id=a.pk, agency_id=agencies[i % len(agencies)].pk)
        for i, a in enumerate(actions)
    ], batch_size=2000)
    now = timezone.now()
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=a, year_start=2009 + q // 4, quarter=q % 4 + 1, status=statuses[(i + q) % 4],
                       narrative=f"Quarter {q + 1}: two sessions delivered, 34 staff trained; next sessions booked.",
                       barriers="Release of staff for training" if q % 3 == 0 else "", recorded_at=now)
        for i, a in enumerate(actions) for q in range(N_QUARTERS_OF_UPDATES) if q != ROUND_QUARTER - 1
    ], batch_size=2000)
    # The open round's quarter has no update yet: every action is outstanding in it.
    UpdateRound.objects.create(plan=plan, year_start=2009, quarter=ROUND_QUARTER, opened_at=now,
                               due_on=dt.date(2010, 4, 21))
    everyone = Person.objects.create(partnership=partnership, name="Lead of every action")
    Action.lead_people.through.objects.bulk_create([
        Action.lead_people.through(action_id=a.pk, person_id=everyone.pk) for a in actions
    ], batch_size=2000)
    indicators = Indicator.objects.bulk_create([
        Indicator(partnership=partnership, code=f"NI {100 + i}", name=f"Indicator {i}: repeat MARAC cases",
                  unit=Indicator.Unit.PERCENT if i % 2 else Indicator.Unit.COUNT,
                  polarity=Indicator.Polarity.LOWER if i % 2 else Indicator.Polarity.HIGHER, order=i)
        for i in range(N_INDICATORS)
    ])
    Value.objects.bulk_create([
        Value(indicator=ind, area=area, year_start=2005 + q // 4, quarter=q % 4 + 1, value=(i * 7 + q * 3 + a) % 90)
        for i, ind in enumerate(indicators) for a, area in enumerate(areas) for q in range(N_VALUE_QUARTERS)
    ], batch_size=2000)
    Target.objects.bulk_create([
        Target(indicator=ind, area=None, year_start=year, value=40) for ind in indicators for year in range(2005, 2010)
    ])
    lead = user_model.objects.create_user("bench-lead", email="lead@example.org")
    coordinator = user_model.objects.create_user("bench-coordinator", email="coordinator@example.org")
    Membership.objects.create(user=lead, partnership=partnership, role=Role.LEAD, agency=agencies[0])
    Membership.objects.create(user=coordinator, partnership=partnership, role=Role.COORDINATOR)
    lead_all = user_model.objects.create_user("bench-lead-all", email="lead-all@example.org")
    Membership.objects.create(user=lead_all, partnership=partnership, role=Role.LEAD, person=everyone)
    return {"partnership": partnership, "lead": lead, "coordinator": coordinator, "lead_all": lead_all}


def _ms(fn: Callable[[], object]) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000


def median_pair_ms(page: Callable[[], object], floor: Callable[[], object],
                   repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median wall-clock and median CPU milliseconds of the page and of its floor, run in turn (one
    page, one floor, ...) so that both meet the same load on a shared machine. SQLite runs in-process,
    so CPU time includes the database's work; it is the steadier figure."""
    timings: dict[str, list[tuple[float, float]]] = {"page": [], "floor": []}
    for _ in range(repeat):
        timings["page"].append(_ms(page))
        timings["floor"].append(_ms(floor))

    def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)

    return medians(timings["page"]), medians(timings["floor"])


_TR = re.compile(r"<tr[\s>]")
_CELL = re.compile(r"<t[dh][\s>]")
# A form page (the one-page update): a fieldset per action, its labels, controls and options as cells.
_FIELDSET = re.compile(r"<fieldset[\s>]")
_CONTROL = re.compile(r"<(?:label|select|option|textarea|legend|p|a|span)[\s>]")


# The plan table's cells, printed with nothing around them.
PLAN_FLOOR_TEMPLATE = (
    "<table>{% for r in rows %}<tr><td>{{ r.ref }}</td><td><a href=\"{{ r.url }}\">{{ r.description }}</a></td>"
    "<td>{{ r.lead }}</td><td>{{ r.timescale }}</td><td>{{ r.status_label }}</td>"
    "<td>{{ r.latest_period }}: {{ r.latest_text }}</td></tr>{% endfor %}</table>"
)


def plan_floor(partnership: Partnership) -> Callable[[], str]:
    """The plan page's rows fetched by the page's own queries, printed through a bare template."""
    from django.template import engines
    from django.urls import reverse
    from django.utils import timezone

    from actions.models import Action, ActionPlan
    from actions.queries import PlanDirectory, plan_rows

    plan = ActionPlan.objects.in_partnership(partnership).order_by("-year_start").first()
    base_url = reverse("actions:action", kwargs={"partnership": partnership.slug, "pk": 0}).removesuffix("0/")
    template = engines["django"].from_string(PLAN_FLOOR_TEMPLATE)

    def floor() -> str:
        actions = Action.objects.filter(plan=plan)
        leads = PlanDirectory.load(partnership).lead_names(actions)
        rows = plan_rows(actions, base_url, timezone.localdate(), leads=leads)
        return template.render({"rows": rows})

    return floor


def cells_floor(html: str) -> tuple[Callable[[], str], int, int]:
    """A bare template with as many table rows and cells as the page has: the cost of printing that
    much table through Django's template engine, with nothing else."""
    from django.template import engines

    rows = max(len(_TR.findall(html)), 1)
    cells = max(round(len(_CELL.findall(html)) / rows), 1)
    if len(_FIELDSET.findall(html)) > rows:
        rows = len(_FIELDSET.findall(html))
        cells = max(round(len(_CONTROL.findall(html)) / rows), 1)
    source = "<table>{% for r in rows %}<tr>" + "".join(f"<td>{{{{ r.{i} }}}}</td>" for i in range(cells)) + \
        "</tr>{% endfor %}</table>"
    template = engines["django"].from_string(source)
    data = [[f"cell {r}.{c} with some text & more" for c in range(cells)] for r in range(rows)]
    return (lambda: template.render({"rows": data})), rows, cells


def measure(client: Client, url: str, repeat: int, partnership: Partnership | None = None) -> dict[str, Any]:
    from django.db import connection

    for _ in range(2):  # warm caches (templates, URL resolver)
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    queries: list[str] = []

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    # The connection is closed at the end of each request: wrap every new cursor through the signal.
    from django.db.backends.signals import connection_created

    def wrap(sender: object, connection: Any, **kwargs: Any) -> None:
        connection.execute_wrappers.append(count)

    connection_created.connect(wrap)
    connection.execute_wrappers.append(count)
    try:
        response = client.get(url)
    finally:
        connection_created.disconnect(wrap)
        if count in connection.execute_wrappers:
            connection.execute_wrappers.remove(count)
    html = response.content.decode()
    floor_fn, rows, cells = cells_floor(html)
    if partnership is not None:
        floor_fn = plan_floor(partnership)
    floor_fn()  # warm
    (server, server_cpu), (floor, floor_cpu) = median_pair_ms(lambda: client.get(url), floor_fn, repeat)
    return {"queries": len(queries), "server": server, "server_cpu": server_cpu, "floor": floor,
            "floor_cpu": floor_cpu, "rows": rows, "cells": cells, "kb": len(html) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (median reported)")
    parser.add_argument("--keep", action="store_true", help="reuse /tmp/bench_pages.sqlite3 if it exists")
    args = parser.parse_args()

    started = time.perf_counter()
    setup_django(args.keep)
    objects = build()
    print(f"built in {time.perf_counter() - started:.1f} s: {N_ACTIONS} actions x {N_QUARTERS_OF_UPDATES} updates, "
          f"{N_INDICATORS} indicators x {N_AREAS} areas x {N_VALUE_QUARTERS} quarters ({DB_PATH})")

    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    slug = objects["partnership"].slug
    pages = [("plan", "actions:plan", "lead"), ("dashboard", "actions:dashboard", "lead"),
             ("home coord", "actions:dashboard", "coordinator"),
             # The lead's one-page update: 50 outstanding actions (one agency of 20), and all 1,000.
             ("update 50", "actions:bulk_update", "lead"), ("update 1000", "actions:bulk_update", "lead_all"),
             ("indicators", "indicators:list", "lead"),
             # For scale: a small page through the same stack (session, auth, CSP, base template).
             ("(small page)", "password_change", "lead")]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {args.repeat} requests per page; "
          "ratio = CPU time of the page / CPU time of its floor")
    print(f"{'page':<12}{'queries':>8}{'rows':>6}{'cells':>6}{'KB':>5}{'wall ms':>9}{'cpu ms':>8}"
          f"{'floor wall':>11}{'floor cpu':>10}{'ratio':>7}  verdict")
    for label, name, who in pages:
        try:
            url = reverse(name) if name == "password_change" else reverse(name, kwargs={"partnership": slug})
        except NoReverseMatch:
            print(f"{label:<12} (no URL named {name} yet: skipped)")
            continue
        client = Client()
        client.force_login(objects[who])
        m = measure(client, url, args.repeat, objects["partnership"] if label == "plan" else None)
        ratio = m["server_cpu"] / m["floor_cpu"] if m["floor_cpu"] else float("inf")
        problems = []
        if ratio > 2:
            problems.append("over 2x floor")
        if m["server_cpu"] >= 150:
            problems.append("over 150 ms")
        print(f"{label:<12}{m['queries']:>8}{m['rows']:>6}{m['cells']:>6}{m['kb']:>5.0f}{m['server']:>9.1f}"
              f"{m['server_cpu']:>8.1f}{m['floor']:>11.1f}{m['floor_cpu']:>10.1f}{ratio:>7.2f}  "
              f"{', '.join(problems) or 'ok'}")


if __name__ == "__main__":
    main()
