"""SQLite, when a writer holds the database past the busy timeout: a progress post is answered 503
"busy, try again" with Retry-After (not 500) and writes nothing; the same post once the lock is gone is
saved. A second gunicorn on the live portal's database file, DEBUG off as in production, with a busy
timeout of one second; the write lock is held by a plain sqlite3 connection (BEGIN IMMEDIATE), as
another process (an import, a task worker) would hold it."""

from __future__ import annotations

import sqlite3

import pytest

from tests.concurrency.live import Portal, csrf_token, gunicorn, post, signed_in

pytestmark = pytest.mark.live


def test_a_write_past_the_busy_timeout_is_told_to_try_again(live: Portal) -> None:
    if live.kind != "sqlite":
        pytest.skip("SQLite's busy timeout; PostgreSQL writers wait on row locks instead")
    pk = live.seeded["actions"][10]
    client = signed_in(live, 4)
    token = csrf_token(client.get(live.path("action", pk), timeout=120).text)
    env = live.env | {"DEBUG": "0", "SQLITE_BUSY_TIMEOUT": "1", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0",
                      "STATIC_ROOT": str(live.log.parent / "static")}
    data = {"csrfmiddlewaretoken": token, "quarter": "2009-10 Q2", "status": "at_risk",
            "narrative": "sent while the database was busy", "barriers": "", "evidence": ""}
    with gunicorn(env, live.log.parent / "busy.log", workers=1) as base:
        url = live.path("progress", pk).replace(live.url, base)
        holder = sqlite3.connect(live.env["DATABASE_URL"].removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            busy = post(client, url, data, referer=url)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert busy.status == 503, (busy.status, busy.text[:2000], (live.log.parent / "busy.log").read_text())
        assert "The portal is busy: try again" in busy.text
        assert "Nothing was saved" in busy.text
        assert [u for u in live.dump()["updates"] if u["action"] == pk] == []

        again = post(client, url, data, referer=url)
        assert again.saved, (again.status, again.text[:2000])
    assert [u["narrative"] for u in live.dump()["updates"] if u["action"] == pk] == ["sent while the database was busy"]
