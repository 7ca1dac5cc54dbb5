"""Import benchmark: 10,000-action .xlsx and 10,000-row indicator CSV.

Prints median seconds and peak memory (tracemalloc) for preview and import with the legacy
pipeline, beside django-import-export's row-by-row import of the same action rows and its
tuned bulk mode (use_bulk, skip_diff, force_init_instance, cached foreign keys).

Run: DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 .venv/bin/python bench/bench_import.py [--rows 10000] [--repeat 3]
[--legacy-only: the portal's import alone, without django-import-export's baselines]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench-import.sqlite3")
os.environ.setdefault("MEDIA_ROOT", "/tmp/bench-import-media")
# Production settings: with DEBUG on, Django also formats every SQL statement for its query log.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402


def measure(fn: Callable[[], object], repeat: int, setup: Callable[[], None] | None = None,
            trace: bool = True) -> tuple[float, float]:
    """Median wall time over `repeat` untraced runs, then peak memory from one traced run
    (tracemalloc slows allocation-heavy code several times, so it is kept out of the timings)."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    if not trace:
        return statistics.median(times), float("nan")
    if setup:
        setup()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-rows", type=int, default=2_000,
                        help="rows for django-import-export's row-by-row action import, scaled up to --rows "
                             "(it slows as the plan grows, so the scaled figure is a lower bound)")
    parser.add_argument("--legacy-only", action="store_true",
                        help="time only the portal's own import, not django-import-export's baselines")
    args = parser.parse_args()
    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, args.rows + 10)
    settings.IMPORT_MAX_BYTES = 200 * 1024 * 1024
    call_command("migrate", verbosity=0)

    from openpyxl import Workbook

    from actions.models import Action, ActionPlan, Objective, Strategy
    from indicators.models import Indicator, Value
    from legacy.services import legacy_import, legacy_preview
    from partnerships.models import Agency, Area, Partnership

    # A run stopped half way leaves its plan behind (strategies protect their partnership): clear it first.
    Action.objects.filter(plan__strategy__partnership__slug="bench").delete()
    Objective.objects.filter(plan__strategy__partnership__slug="bench").delete()
    ActionPlan.objects.filter(strategy__partnership__slug="bench").delete()
    Strategy.objects.filter(partnership__slug="bench").delete()
    Partnership.objects.filter(slug="bench").delete()
    p = Partnership.objects.create(slug="bench", name="Bench")
    Agency.objects.create(partnership=p, name="Bench Police")
    areas = [Area.objects.create(partnership=p, slug=f"area-{i}", name=f"Area {i}") for i in range(5)]
    indicators = [Indicator.objects.create(partnership=p, code=f"NI {i}", name=f"Indicator {i}", unit="count")
                  for i in range(20)]

    n = args.rows
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Plan")
    ws.append(["Ref", "Theme", "Objective", "Action", "Lead", "Resources", "Timescale", "Outcome", "Status"])
    for i in range(n):
        t, o = i // 1000 + 1, i // 100 + 1
        ws.append([f"A{i}", f"Theme {t}", f"Objective {o}", f"Action number {i} with some words", "Bench Police",
                   "£3500 venue & refreshments", "September 2009", f"Outcome {i}", "On track"])
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = buf.getvalue()
    periods = [f"{2000 + y}-{(y + 1) % 100:02d} Q{q}" for y in range(25) for q in range(1, 5)]
    lines = ["Indicator,Area,Period,Value"]
    i = 0
    for ind in indicators:
        for area in areas:
            for period in periods:
                if i >= n:
                    break
                lines.append(f"{ind.code},{area.name},{period},{i % 90}")
                i += 1
    indicator_csv = ("\n".join(lines) + "\n").encode()

    def reset_plan() -> None:
        Action.objects.filter(plan__strategy__partnership=p).delete()
        Objective.objects.filter(plan__strategy__partnership=p).delete()
        ActionPlan.objects.filter(strategy__partnership=p).delete()
        Strategy.objects.filter(partnership=p).delete()

    def reset_values() -> None:
        Value.objects.filter(indicator__partnership=p).delete()

    print(f"rows: {n}, database: {connection.vendor}, xlsx {len(xlsx) / 1024:.0f} KB, "
          f"csv {len(indicator_csv) / 1024:.0f} KB")

    # As the command line imports (user=None: no permission check, recorded as by no one).
    def preview(data: bytes, filename: str) -> Callable[[], object]:
        return lambda: legacy_preview(user=None, data=data, filename=filename, partnership=p, year_start=2009)

    def import_(data: bytes, filename: str) -> Callable[[], object]:
        return lambda: legacy_import(user=None, data=data, filename=filename, partnership=p, year_start=2009)

    results: dict[str, tuple[float, float]] = {}
    results["actions preview"] = measure(preview(xlsx, "b.xlsx"), args.repeat, reset_plan)
    results["actions import"] = measure(import_(xlsx, "b.xlsx"), args.repeat, reset_plan)
    reset_plan()
    import_(xlsx, "b.xlsx")()
    results["actions re-import (unchanged)"] = measure(import_(xlsx, "b.xlsx"), 1)
    results["indicator preview"] = measure(preview(indicator_csv, "v.csv"), args.repeat, reset_values)
    results["indicator import"] = measure(import_(indicator_csv, "v.csv"), args.repeat, reset_values)
    if args.legacy_only:
        for name, (seconds, peak) in results.items():
            print(f"{name:48s} median {seconds:7.2f} s   peak {peak:7.1f} MB")
        return

    # django-import-export on the same indicator rows (flat table: its home ground).
    import tablib
    from import_export import fields, resources, widgets

    class ValueResource(resources.ModelResource):
        indicator = fields.Field(attribute="indicator", column_name="indicator",
                                 widget=widgets.ForeignKeyWidget(Indicator, "code"))
        area = fields.Field(attribute="area", column_name="area", widget=widgets.ForeignKeyWidget(Area, "name"))

        class Meta:
            model = Value
            fields = ("indicator", "area", "year_start", "quarter", "value")
            import_id_fields = ()

    class CachedFK(widgets.ForeignKeyWidget):
        def __init__(self, model: Any, field: str, objs: list[Any]) -> None:
            super().__init__(model, field)
            self.cache = {getattr(o, field): o for o in objs}

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            return self.cache.get(value)

    class BulkValueResource(ValueResource):
        indicator = fields.Field(attribute="indicator", column_name="indicator",
                                 widget=CachedFK(Indicator, "code", indicators))
        area = fields.Field(attribute="area", column_name="area", widget=CachedFK(Area, "name", areas))

        class Meta(ValueResource.Meta):
            use_bulk = True
            skip_diff = True
            force_init_instance = True
            batch_size = 1000

    from partnerships.periods import Quarter

    # The same rows in the columns django-import-export expects, as a file: each run reads it, as
    # the admin's import does (the legacy timings above include reading their files too).
    iie_values = ["indicator,area,year_start,quarter,value"]
    for line in lines[1:]:
        code, area_name, period, value = line.split(",")
        q = Quarter.parse(period)
        iie_values.append(f"{code},{area_name},{q.year_start},{q.number},{value}")
    iie_values_csv = "\n".join(iie_values) + "\n"

    def iie(resource_cls: type[resources.ModelResource]) -> Callable[[], None]:
        def run() -> None:
            dataset = tablib.Dataset().load(iie_values_csv, format="csv")
            with transaction.atomic():
                result = resource_cls().import_data(dataset, dry_run=False, raise_errors=True)
                assert not result.has_errors()
        return run

    results["import-export row-by-row (values)"] = measure(iie(ValueResource), 1, reset_values, trace=False)
    results["import-export tuned bulk (values)"] = measure(iie(BulkValueResource), args.repeat, reset_values)

    # The same 10,000 action rows through django-import-export. It has no notion of a plan's
    # objective tree, so the plan and its 110 themes/objectives are made before the clock starts
    # (the legacy import above creates them itself), and it records no progress update for the
    # Status column: it does less work than the legacy import.
    def make_plan_for_iie() -> None:
        reset_plan()
        import_(xlsx, "b.xlsx")()
        Action.objects.filter(plan__strategy__partnership=p).delete()

    plan_holder: dict[str, ActionPlan] = {}

    def plan_objects() -> tuple[ActionPlan, list[Objective]]:
        if "plan" not in plan_holder:
            plan_holder["plan"] = ActionPlan.objects.get(strategy__partnership=p, year_start=2009)
        return plan_holder["plan"], list(Objective.objects.filter(plan=plan_holder["plan"]))

    class ActionResource(resources.ModelResource):
        objective = fields.Field(attribute="objective", column_name="objective",
                                 widget=widgets.ForeignKeyWidget(Objective, "title"))
        lead_agencies = fields.Field(attribute="lead_agencies", column_name="lead",
                                     widget=widgets.ManyToManyWidget(Agency, field="name"))

        class Meta:
            model = Action
            fields = ("ref", "objective", "description", "lead_agencies", "resources", "timescale", "outcome")
            import_id_fields = ()

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.plan = plan_holder["plan"]
            instance.set_timescale(instance.timescale)

        def get_queryset(self) -> Any:
            return super().get_queryset().filter(plan=plan_holder["plan"])

    class BulkActionResource(ActionResource):
        class Meta(ActionResource.Meta):
            use_bulk = True
            skip_diff = True
            force_init_instance = True
            batch_size = 1000

        def __init__(self) -> None:
            super().__init__()
            plan, objectives = plan_objects()
            self.fields["objective"].widget = CachedFK(Objective, "title", objectives)

        def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            super().import_instance(instance, row, **kwargs)
            instance.plan = plan_holder["plan"]
            instance.set_timescale(instance.timescale)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Plan")
    ws.append(["ref", "objective", "description", "lead", "resources", "timescale", "outcome"])
    for i in range(n):
        ws.append([f"A{i}", f"Objective {i // 100 + 1}", f"Action number {i} with some words", "Bench Police",
                   "£3500 venue & refreshments", "September 2009", f"Outcome {i}"])
    buf = io.BytesIO()
    wb.save(buf)
    iie_xlsx = buf.getvalue()

    def iie_actions(resource_cls: type[resources.ModelResource], rows: int | None = None) -> Callable[[], None]:
        def run() -> None:
            plan_objects()
            action_rows = tablib.Dataset().load(iie_xlsx, format="xlsx")
            if rows is not None:
                del action_rows[rows:]
            with transaction.atomic():
                result = resource_cls().import_data(action_rows, dry_run=False, raise_errors=True)
                assert not result.has_errors()
            assert Action.objects.filter(plan=plan_holder["plan"]).count() == (rows or n)
        return run

    def clear_actions() -> None:
        Action.objects.filter(plan__strategy__partnership=p).delete()

    make_plan_for_iie()
    few = min(n, args.baseline_rows)
    seconds, _ = measure(iie_actions(ActionResource, few), 1, clear_actions, trace=False)
    results[f"import-export row-by-row (actions) {few} rows"] = (seconds, float("nan"))
    results[f"  ... scaled to {n} rows (lower bound)"] = (seconds * n / few, float("nan"))
    results["import-export tuned bulk (actions)"] = measure(iie_actions(BulkActionResource), args.repeat, clear_actions)
    for name, (seconds, peak) in results.items():
        print(f"{name:48s} median {seconds:7.2f} s   peak {peak:7.1f} MB")


if __name__ == "__main__":
    main()
