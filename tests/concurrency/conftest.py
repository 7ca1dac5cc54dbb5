"""A live portal per database for the concurrency tests: gunicorn with several workers on a migrated
SQLite file and on a throwaway PostgreSQL database (skipped, with the reason, when PostgreSQL is not
reachable). Each is migrated, seeded and started once per test session and shared by every test (each
test writes to its own actions, quarters or partnership); the databases the selected tests need are
made at the same time, on first use, and stopped and dropped at the end of the session, a failed test
or a failed start included. The tests are marked `live`: `-m "not live"` leaves them out."""

from __future__ import annotations

import threading
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.concurrency.live import Portal, pg_unreachable, portal

KINDS = ("sqlite", "postgresql")


class Portals:
    """The session's live portals, started together the first time a test asks for one."""

    def __init__(self, kinds: list[str], folder: Path) -> None:
        self.kinds, self.folder = kinds, folder
        self.stack = ExitStack()
        self.running: dict[str, Portal] = {}
        self.failed: dict[str, BaseException] = {}
        self.skipped: dict[str, str] = {}
        self.started = False
        self.lock = threading.Lock()

    def _start(self, kind: str) -> None:
        stack = ExitStack()
        try:
            self.running[kind] = stack.enter_context(portal(kind, self.folder / kind))
        except BaseException as exc:  # re-raised in the tests that ask for this database
            self.failed[kind] = exc
            stack.close()
            return
        with self.lock:
            self.stack.push(stack.__exit__)

    def get(self, kind: str) -> Portal:
        if not self.started:
            self.started = True
            wanted = [k for k in self.kinds if not (k == "postgresql" and self._pg_skipped())]
            threads = [threading.Thread(target=self._start, args=(k,)) for k in wanted]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        if kind in self.skipped:
            pytest.skip(self.skipped[kind])
        if kind in self.failed:
            raise self.failed[kind]
        return self.running[kind]

    def _pg_skipped(self) -> bool:
        if reason := pg_unreachable():
            self.skipped["postgresql"] = reason
            return True
        return False


@pytest.fixture(scope="session")
def portals(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Portals:
    # Only the databases the selected tests use (`-k sqlite` starts no PostgreSQL).
    used = {item.callspec.params.get("live") for item in request.session.items if hasattr(item, "callspec")}
    started = Portals([k for k in KINDS if k in used], tmp_path_factory.mktemp("concurrency"))
    request.addfinalizer(started.stack.close)
    return started


@pytest.fixture(params=KINDS)
def live(request: pytest.FixtureRequest, portals: Portals) -> Portal:
    return portals.get(request.param)
