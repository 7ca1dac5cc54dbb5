"""Two `manage.py import_legacy` processes import the same file into the same partnership at once:
both finish cleanly, or one is refused with a message (no traceback); nothing is doubled: the plan
holds what one import writes, as a third run confirms by changing nothing."""

from __future__ import annotations

import subprocess
from functools import partial

import pytest

from tests.concurrency.live import PYTHON, ROOT, Portal, at_once

pytestmark = pytest.mark.live

FILE = ROOT / "tests" / "data" / "legacy" / "seed_003_camden.csv"


def _import(live: Portal) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", "import_legacy", str(FILE), "--partnership", live.seeded["import_partnership"],
         "--year", "2007-08", "--user", live.seeded["import_user"]],
        cwd=ROOT, env=live.env, capture_output=True, text=True, timeout=300,
    )


def test_two_imports_of_one_file_at_once(live: Portal) -> None:
    runs: list[subprocess.CompletedProcess[str]] = at_once(partial(_import, live), partial(_import, live))

    for run in runs:
        assert "Traceback" not in run.stderr, run.stderr[-3000:]
        if run.returncode != 0:
            assert "another import" in run.stderr, run.stderr[-3000:]
    assert any(run.returncode == 0 for run in runs), [r.stderr[-2000:] for r in runs]
    imported = live.dump()["imported"]
    assert imported["actions"] > 0 and imported["objectives"] > 0
    assert imported["records"] == sum(run.returncode == 0 for run in runs)

    again = _import(live)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "imported: 0 created, 0 changed" in again.stdout
    assert live.dump()["imported"] | {"records": 0} == imported | {"records": 0}
