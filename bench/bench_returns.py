"""Benchmark of the quarterly return: a generated 100-action and 1,000-action plan.

    .venv/bin/python bench/bench_returns.py [--runs 3] [--sizes 100,1000] [--annex]
    .venv/bin/python bench/bench_returns.py --demo [--annex]   # the page count of every demo return


Builds a throwaway SQLite database under /tmp (never the project's database), then for each size
renders the 2009-10 Q3 return for a partnership-wide group (the whole plan, as a draft) `runs` times
and prints the medians: gathering (queries + template) and WeasyPrint (layout + PDF, in the
rendering child), wall and CPU seconds, the rendering child's peak memory (ru_maxrss), the query
count, pages and PDF size. The return is the board pack (the action plan one line per action); --annex
adds the action plan in full. --demo loads the demo data (fixtures/) instead and prints the pages of the
whole partnership's return for every quarter of every demo plan, and of each group's 2009-10 Q3 return
of Bedfordshire.
Targets (issue 4): 100 actions < 2 s and < 150 MB; 1,000 actions < 15 s; gathering < 10% of the total.
Runs with production settings (DEBUG off): with DEBUG on, Django also logs every query it runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actions.models import ActionPlan
    from partnerships.models import Group

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_plan(size: int) -> tuple[ActionPlan, Group]:
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Status, Strategy
    from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225Question, Indicator, Target, Value
    from partnerships.models import Agency, Area, Group, GroupMember, Partnership, Person

    p = Partnership.objects.create(slug=f"bench-{size}", name=f"Bench partnership ({size} actions)")
    areas = [Area.objects.create(partnership=p, slug=f"area-{i}", name=f"Area {i}", population=150_000) for i in (1, 2)]
    agencies = [Agency.objects.create(partnership=p, name=f"Agency {i}") for i in range(8)]
    group = Group.objects.create(partnership=p, slug="sig", name="Strategy Implementation Group")
    chair = Person.objects.create(partnership=p, name="Chair Person")
    GroupMember.objects.create(group=group, person=chair, role=GroupMember.Role.CHAIR)
    strategy = Strategy.objects.create(partnership=p, slug="s", title="Domestic Abuse Strategy 2009-2012",
                                       period_start=dt.date(2009, 4, 1), period_end=dt.date(2012, 3, 31))
    plan = ActionPlan.objects.create(strategy=strategy, year_start=2009, title="Action plan 2009-10")
    leaves = []
    order = 0
    for i in range(1, 7):
        order += 1
        top = Objective.objects.create(plan=plan, ref=str(i), label="Objective", order=order,
                                       title=f"Objective {i}: partnership working and information sharing")
        for j in range(1, 4):
            order += 1
            leaves.append(Objective.objects.create(plan=plan, parent=top, level=1, ref=f"{i}.{j}", order=order,
                                                   title=f"Aim {i}.{j}: services meet the needs of victims"))
    statuses = [Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETED,
                Status.NOT_STARTED]
    # Text lengths: the demo plans (fixtures/) average ~100 characters per action and ~110 per update
    # narrative; the generated plan uses 100-300 (mean 200) and ~150, twice the seeds, to be safe.
    text = ("Regular meetings are planned, held and minutes circulated to all partners; the DA Co-ordinator "
            "reports progress to the SIG and the Community Safety Strategy Groups each quarter. ")
    actions = [
        Action(plan=plan, objective=leaves[n % len(leaves)], ref=f"{n + 1}", order=n,
               description=(text * 2)[: 100 + 100 * (n % 3)], by_whom="DA Co-ordinator", timescale="December 2009",
               due_date=dt.date(2009, 12, 31), status=statuses[n % len(statuses)])
        for n in range(size)
    ]
    # With their history records, as the portal writes them: the return reads the plan as it stood.
    bulk_create_with_history(actions, Action)
    actions = list(Action.objects.filter(plan=plan))
    Through = Action.lead_agencies.through
    Through.objects.bulk_create([Through(action_id=a.pk, agency_id=agencies[a.order % 8].pk) for a in actions])
    now = timezone.now()
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=a, year_start=2009, quarter=q, status=statuses[(a.order + q) % len(statuses)],
                       narrative=f"Q{q}: " + text[:145], barriers="Barrier - funding not confirmed" if q == 3 else "",
                       recorded_at=now)
        for a in actions for q in (1, 2, 3) if not (a.order % 11 == 0 and q > 1)
    ])
    for n in range(1, 12):
        Bvpi225Question.objects.get_or_create(number=n, defaults={"text": f"Question {n} of BVPI 225"})
    questions = list(Bvpi225Question.objects.all())
    for area in areas:
        assessment = Bvpi225Assessment.objects.create(partnership=p, area=area, year_start=2009)
        Bvpi225Answer.objects.bulk_create([
            Bvpi225Answer(assessment=assessment, question=q, year_end_answer=q.number % 3 != 0,
                          backed_up_by="Copy of the minutes") for q in questions
        ])
    for k in range(6):
        ind = Indicator.objects.create(partnership=p, code=f"NI {30 + k}", name=f"Indicator {k}",
                                       unit=Indicator.Unit.PERCENT)
        Target.objects.create(indicator=ind, year_start=2009, value=Decimal(30))
        Value.objects.bulk_create([
            Value(indicator=ind, area=area, year_start=y, quarter=q, value=Decimal(20 + (y + q + k + i) % 15))
            for i, area in enumerate(areas) for y in (2007, 2008, 2009) for q in (1, 2, 3, 4)
            if (y, q) <= (2009, 3)
        ])
    return plan, group


def bench(size: int, runs: int, annex: bool = False) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actions.models import ActionPlan
    from partnerships.periods import Quarter
    from reports.gather import gather_return
    from reports.render import render_html, render_pdf

    plan, group = make_plan(size)
    plan = ActionPlan.objects.select_related("strategy__partnership").get(pk=plan.pk)
    rows = []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as ctx:
            data = gather_return(plan=plan, quarter=Quarter(2009, 3), group=group)
        html = render_html(data, annex=annex)
        gather_wall, gather_cpu = time.perf_counter() - t0, time.process_time() - c0
        t1 = time.perf_counter()
        rendered = render_pdf(html, timeout=600)
        total_render = time.perf_counter() - t1
        rows.append({
            "gather": gather_wall, "gather_cpu": gather_cpu, "weasy": rendered.seconds,
            "weasy_cpu": rendered.cpu_seconds,
            "layout": rendered.layout_seconds, "render_wall": total_render,
            "total": gather_wall + total_render, "queries": len(ctx.captured_queries),
            "maxrss_mb": rendered.maxrss_kb / 1024, "pages": rendered.pages, "bytes": len(rendered.pdf),
        })
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]}


def demo_pages(annex: bool) -> None:
    """Pages of the demo returns: every quarter of every plan for the whole partnership, and each group's
    Bedfordshire 2009-10 Q3 return (issue 12's budget: 12 pages for the whole partnership's); with annex,
    the pages with the action plan in full as well."""
    from django.conf import settings

    from actions.models import ActionPlan
    from demo.loader import load_demo_data
    from partnerships.models import Group
    from partnerships.periods import Quarter
    from reports.render import RenderError
    from reports.services import return_build

    settings.REPORT_RENDER_TIMEOUT = 900  # a loaded machine: count the pages, however long they take
    load_demo_data()
    plans = ActionPlan.objects.select_related("strategy__partnership").order_by("strategy__partnership__slug",
                                                                                "year_start")
    print(f"{'return':<62} {'pages':>5}" + (f" {'with annex':>10}" if annex else ""), flush=True)
    for plan in plans:
        partnership = plan.strategy.partnership
        choices: list[tuple[Quarter, Group | None]] = [(q, None) for q in plan.quarters()]
        if partnership.slug == "bedfordshire" and plan.year_start == 2009:
            choices += [(Quarter(2009, 3), g) for g in Group.objects.filter(partnership=partnership)
                        .select_related("area").order_by("slug")]
        for quarter, group in choices:
            counts = []
            for with_annex in (False, True) if annex else (False,):
                try:
                    counts.append(str(return_build(plan=plan, quarter=quarter, group=group, user=None,
                                                   annex=with_annex).rendered.pages))
                except RenderError as exc:
                    counts.append(f"failed: {exc}")
            name = f"{partnership.slug} {quarter.label} {group.slug if group else 'whole partnership'}"
            print(f"{name:<62} {counts[0]:>5}" + (f" {counts[1]:>10}" if annex else ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--annex", action="store_true",
                        help="with the action plan in full as an annex (with --demo: the pages with it too)")
    parser.add_argument("--demo", action="store_true", help="print the page count of every demo return")
    args = parser.parse_args()
    db = tempfile.NamedTemporaryFile(prefix="bench-returns-", suffix=".sqlite3", dir="/tmp", delete=False)
    db.close()
    try:
        setup_django(db.name)
        from reports.render import render_pdf

        render_pdf("<p>warm up</p>", timeout=120)  # starts the fork server once, as a long-lived worker would
        if args.demo:
            demo_pages(args.annex)
            return
        print(f"{'actions':>7} {'gather s':>8} {'WeasyPrint s':>12} {'(layout s)':>10} {'(CPU s)':>8} {'total s':>8} "
              f"{'gather %':>8} {'peak MB':>8} {'queries':>7} {'pages':>5} {'PDF KB':>7}")
        for size in [int(s) for s in args.sizes.split(",")]:
            r = bench(size, args.runs, args.annex)
            print(f"{size:>7} {r['gather']:>8.2f} {r['weasy']:>12.2f} {r['layout']:>10.2f} {r['weasy_cpu']:>8.2f} "
                  f"{r['total']:>8.2f} "
                  f"{100 * r['gather'] / r['total']:>7.1f}% {r['maxrss_mb']:>8.0f} {r['queries']:>7.0f} "
                  f"{r['pages']:>5.0f} {r['bytes'] / 1024:>7.0f}")
        print(f"medians of {args.runs} runs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        os.unlink(db.name)


if __name__ == "__main__":  # the rendering fork server re-imports this module: do nothing then
    main()
