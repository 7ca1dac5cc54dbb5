"""The plan page's queries on PostgreSQL, each run under EXPLAIN ANALYZE: the plan table's rows
(actions.queries.plan_rows) and lead names for the 1,000-action bench plan that bench/load.py builds.

    .venv/bin/python bench/load_plan_query.py [--runs 7] [--plans]

Prints for each query its median and least execution time over --runs (EXPLAIN ANALYZE's "Execution
Time", the server's own figure: no network, no Python), the total, and with --plans each plan; first
for the plan table's two queries as they were before issue 13 (a correlated subquery per action for
its latest update, run twice), then for the page's queries now.
Uses the same database as bench/load.py (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
bench_load; run bench/load.py once first to build it).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load import DEFAULT_DATABASE  # noqa: E402  (bench/ is on the path when run as a script)


def explain_ms(cursor: Any, sql: str, params: Any, runs: int) -> tuple[float, float, str]:
    """Median and least execution time of the query (EXPLAIN ANALYZE with TIMING OFF: per-node clocks
    would inflate the nested loops they time), and the plan of one run with its timings."""
    times = []
    for _ in range(runs):
        cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF) {sql}", params)
        last = cursor.fetchall()[-1][0]
        match = re.search(r"Execution Time: ([\d.]+) ms", last)
        times.append(float(match.group(1)) if match else float("nan"))
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
    plan = "\n".join(r[0] for r in cursor.fetchall())
    return statistics.median(times), min(times), plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--plans", action="store_true", help="print each query's plan")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.update({"DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 50, "ALLOWED_HOSTS": "localhost",
                       "DJANGO_SETTINGS_MODULE": "portal.settings"})
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from actions.models import Action, ActionPlan, ProgressUpdate
    from actions.queries import PlanDirectory, plan_rows

    plan = ActionPlan.objects.select_related("strategy__partnership").get(strategy__partnership__slug="bench")
    partnership = plan.strategy.partnership
    actions = Action.objects.filter(plan=plan)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        directory = PlanDirectory.load(partnership)
        rows = plan_rows(actions, "/x/", timezone.localdate(), leads=directory.lead_names(actions))
    now = [(q["sql"], None) for q in captured.captured_queries]
    # The plan table's two queries as plan_rows ran them before issue 13: each action's latest update
    # by a correlated subquery (ordered by recorded_at too), once for the rows and again for the updates.
    columns = ("pk", "ref", "description", "timescale", "due_date", "status", "objective_id", "plan_id", "by_whom")
    before = [
        actions.with_latest_update().values_list(*columns, "latest_update_id").query.sql_with_params(),
        ProgressUpdate.objects.filter(pk__in=actions.with_latest_update().order_by().values("latest_update_id"))
        .values_list("pk", "year_start", "quarter", "narrative").query.sql_with_params(),
    ]
    updates = ProgressUpdate.objects.filter(action__plan=plan).count()
    print(f"{len(rows)} actions, {updates} progress updates, {sum(1 for r in rows if r.latest_text)} rows with a "
          f"latest update; load average {os.getloadavg()[0]:.1f}; median (least) of {args.runs} runs, ms")
    with connection.cursor() as cursor:
        for label, queries in (("before: the plan table's two queries", before),
                               (f"now: the plan page's {len(now)} queries (plan_rows, lead names)", now)):
            print(label)
            total = least = 0.0
            for sql, params in queries:
                median, low, plan_text = explain_ms(cursor, sql, params, args.runs)
                total, least = total + median, least + low
                print(f"  {median:7.2f} ({low:6.2f})  {sql[:110]}{'…' if len(sql) > 110 else ''}")
                if args.plans:
                    print("      " + plan_text.replace("\n", "\n      "))
            print(f"  {total:7.2f} ({least:6.2f})  in all")


if __name__ == "__main__":
    main()
