"""A live portal per database for the concurrency tests: gunicorn with several workers on a migrated
SQLite file and on a throwaway PostgreSQL database (skipped, with the reason, when PostgreSQL is not
reachable). Built once per test session and database; each test writes to its own actions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.concurrency.live import Portal, pg_unreachable, portal


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    kind = request.param
    if kind == "postgresql" and (reason := pg_unreachable()):
        pytest.skip(reason)
    with portal(kind, tmp_path_factory.mktemp(f"concurrency-{kind}")) as running:
        yield running
