"""Issuing as one step, with real concurrent writers (threads, each on its own database connection,
committing for real): the quarter is locked before the return is rendered, progress arriving during
the render is refused, progress being saved when the issue starts is in the return, two clicks
issue one return, and a render that fails releases the lock.

On PostgreSQL (DATABASE_URL) the tests run in the suite's own process. SQLite's test database is in
memory, where threads cannot wait for each other's write lock: there the same tests run in a child
pytest on a SQLite file (test_the_races_hold_on_a_sqlite_file, at the end)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection, transaction

from actions.models import ActionPlan, ProgressUpdate, QuarterLock, Status
from actions.services import QuarterLocked, progress_record
from partnerships.periods import Quarter
from reports.models import IssuedReturn
from reports.render import RenderError
from reports.services import AlreadyIssued, return_issue
from tests.reports.conftest import pdf_text

IN_MEMORY = connection.vendor == "sqlite" and connection.settings_dict["TEST"].get("NAME") is None
threads = pytest.mark.skipif(IN_MEMORY, reason="run on a SQLite file by test_the_races_hold_on_a_sqlite_file")
pytestmark = pytest.mark.django_db(transaction=True)  # each thread sees only what the others committed

Q2 = Quarter(2009, 2)


@pytest.fixture
def plan(world) -> ActionPlan:
    return ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)


class Worker(threading.Thread):
    """Runs fn on a connection of its own; keeps what it returned or raised."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.fn, self.result = fn, None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:  # the test looks at it
            self.error = exc
        finally:
            connection.close()

    def outcome(self, timeout: float = 300) -> Any:
        self.join(timeout)
        assert not self.is_alive(), "the worker did not finish"
        return self.error or self.result


def issue(plan: ActionPlan, world: Any) -> Callable[[], IssuedReturn]:
    # With the plan in full as an annex: each action's latest update is printed there (the board pack's
    # plan section is one line per action).
    return lambda: return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator, annex=True)


def wait_for(condition: Callable[[], bool], timeout: float = 120) -> None:
    event = threading.Event()
    for _ in range(int(timeout * 20)):
        close_old_connections()
        if condition():
            return
        event.wait(0.05)
    raise AssertionError("timed out waiting")


@threads
def test_two_issues_at_once_store_one_return_and_tell_the_second_it_is_already_issued(world, plan):
    workers = [Worker(issue(plan, world)) for _ in range(2)]
    for worker in workers:
        worker.start()
    outcomes = [worker.outcome() for worker in workers]

    issued = [o for o in outcomes if isinstance(o, IssuedReturn)]
    refused = [o for o in outcomes if not isinstance(o, IssuedReturn)]
    assert len(issued) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], AlreadyIssued) and "already issued" in refused[0].messages[0]
    assert IssuedReturn.objects.filter(group=world.sig, year_start=2009, quarter=2).count() == 1
    assert QuarterLock.objects.filter(plan=plan, reopened_at=None).count() == 1


@threads
def test_progress_posted_while_the_return_renders_is_refused_with_the_locked_quarter_message(world, plan):
    issuing = Worker(issue(plan, world))
    issuing.start()
    # The lock is committed before the render starts: wait for it, then post while the PDF is laid out.
    wait_for(lambda: QuarterLock.objects.filter(plan=plan, year_start=2009, quarter=2).exists())
    assert not IssuedReturn.objects.exists()  # the return is still being rendered
    with pytest.raises(QuarterLocked, match="was issued to the groups on"):
        progress_record(action=world.police_action, user=world.lead, quarter=Q2, status=Status.AT_RISK,
                        narrative="Posted during the render")

    issued = issuing.outcome()
    assert isinstance(issued, IssuedReturn), issued
    assert not ProgressUpdate.objects.filter(narrative="Posted during the render").exists()
    assert "Posted during the render" not in pdf_text(bytes(IssuedReturn.objects.get(pk=issued.pk).pdf))


@threads
def test_progress_being_saved_when_the_issue_starts_is_in_the_return(world, plan):
    saved, go_on = threading.Event(), threading.Event()

    def record_slowly() -> None:
        with transaction.atomic():
            progress_record(action=world.police_action, user=world.lead, quarter=Q2, status=Status.ON_TRACK,
                            narrative="Saved as the return was issued")
            saved.set()
            go_on.wait(60)  # the issue starts while this update is written but not yet committed

    recording = Worker(record_slowly)
    recording.start()
    assert saved.wait(60)
    issuing = Worker(issue(plan, world))
    issuing.start()
    # The issue waits for the update's transaction (the action's row on PostgreSQL, the write lock on
    # SQLite) before it locks the quarter: it is still waiting seconds later.
    issuing.join(8)
    held_back = issuing.is_alive() and not QuarterLock.objects.exists()
    go_on.set()
    assert held_back
    assert recording.outcome() is None

    issued = issuing.outcome()
    assert isinstance(issued, IssuedReturn), issued
    assert "Saved as the return was issued" in pdf_text(bytes(IssuedReturn.objects.get(pk=issued.pk).pdf))


def test_a_render_that_fails_releases_the_lock_and_says_so(world, plan, settings):
    settings.REPORT_RENDER_TIMEOUT = 0.001  # no PDF can be laid out in a millisecond

    with pytest.raises(RenderError, match="Nothing was issued; 2009-10 Q2 is open for progress again"):
        return_issue(plan=plan, quarter=Q2, group=world.sig, user=world.coordinator)

    assert not IssuedReturn.objects.exists()
    assert not QuarterLock.objects.filter(plan=plan).exists()
    progress_record(action=world.police_action, user=world.lead, quarter=Q2, status=Status.ON_TRACK,
                    narrative="Recorded after the failed issue")  # the quarter is open
    assert ProgressUpdate.objects.filter(narrative="Recorded after the failed issue").exists()


@pytest.mark.skipif(not IN_MEMORY, reason="this run's database is the one the tests above ran on")
def test_the_races_hold_on_a_sqlite_file(tmp_path):
    env = {**os.environ, "PORTAL_TEST_SQLITE_FILE": str(tmp_path / "test.sqlite3")}
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", "not sqlite_file",
         "--ds=tests.reports.sqlite_file_settings", "--nomigrations"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=900)
    print(run.stdout[-2000:])
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout
