"""Hostile legacy files: how long each takes to be refused, and what the largest plan the budgets
allow costs to read and preview.

For each file in tests/data/legacy/bad and the big ones made by its make_bad.py (a 2 MB CSV of a
million columns, 1.1 million blank cells, an .xls built past the cells budget, a Word cell merged
down 3,000 rows), prints refused / read, the seconds and the message; then a 20,000-row x 25-column (header included)
CSV and .xlsx (500,000 cells, within every budget): seconds to read (in the reading child) and to
preview (read + layout + diff); and the web process's peak memory, which the reading child keeps
flat.

Run: .venv/bin/python bench/bench_hostile.py
"""

from __future__ import annotations

import importlib.util
import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "legacy" / "bad"


def main() -> None:
    # Django is set up here, not at the top: every reading child runs this script's top again.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench-hostile.sqlite3")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()
    from django.core.management import call_command

    from legacy import readers
    from legacy.services import legacy_preview
    from partnerships.models import Partnership

    call_command("migrate", verbosity=0)
    partnership, _ = Partnership.objects.get_or_create(slug="bench-hostile", defaults={"name": "Bench"})
    spec = importlib.util.spec_from_file_location("make_bad", BAD / "make_bad.py")
    assert spec and spec.loader
    make_bad = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_bad)

    inputs: dict[str, bytes] = {p.name: p.read_bytes() for p in sorted(BAD.iterdir()) if p.suffix != ".py"}
    inputs |= {
        "million_columns.csv": make_bad.wide_csv(1_000_000),
        "blank_cells_1_1_million.xlsx": make_bad.blank_cells(rows=20_000, per_row=55),
        "xls_5000_rows_201_wide.xls": make_bad.xls_wide_rows(5000, 200),
        "docx_merged_down_3000_rows.docx": make_bad.docx_vertical_merge(3000),
    }
    refused = read = 0
    for name, data in inputs.items():
        started = time.perf_counter()
        try:
            readers.read(data)
            outcome, read = "read", read + 1
        except readers.ReadError as exc:
            outcome, refused = f"refused: {str(exc)[:90]}", refused + 1
        print(f"{name:34} {len(data) / 1024:9.1f} KB {time.perf_counter() - started:6.2f} s  {outcome}")
    print(f"{len(inputs)} inputs: {refused} refused, {read} read (layout problems are found after reading)")

    from openpyxl import Workbook

    header = ["Ref", "Objective", "Action", "Lead", "Timescale"] + [f"Note {i}" for i in range(20)]
    rows = [[f"A{i}", f"Objective {i // 100}", f"Action number {i}", "Police", "Ongoing"] +
            [f"note {i}.{j}" for j in range(20)] for i in range(19_999)]
    csv = ("\n".join(",".join(r) for r in [header, *rows]) + "\n").encode()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Plan")
    for r in [header, *rows]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    for name, data in (("plan_20000x25.csv", csv), ("plan_20000x25.xlsx", buf.getvalue())):
        started = time.perf_counter()
        readers.read(data)
        read_s = time.perf_counter() - started
        started = time.perf_counter()
        preview = legacy_preview(user=None, data=data, filename=name, partnership=partnership, year_start=2009)
        preview_s = time.perf_counter() - started
        print(f"{name:34} {len(data) / 1024:9.1f} KB read {read_s:6.2f} s, preview {preview_s:6.2f} s"
              f" ({len(preview.rows)} rows, {len(preview.problems)} problems)")
    print(f"web process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
