"""Sixteen coordinators posting progress at once against gunicorn with four workers, on SQLite and on
PostgreSQL: every post is answered (no 500), every update answered as saved is in the database (its
text in the update or in its history), one update per action and quarter (nothing doubled), and each
action's status is that of its latest update."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.concurrency.live import Portal, progress_writers

pytestmark = pytest.mark.live

WRITERS, POSTS = 16, 8


def test_concurrent_progress_posts_are_all_kept_once(live: Portal) -> None:
    actions = live.seeded["actions"][:4]
    posts = progress_writers(live, WRITERS, POSTS, actions)

    answers = [p.answer for p in posts]
    assert all(a is not None for a in answers), "a writer did not finish"
    failed = [(p.narrative, p.answer.status, p.answer.text[:300]) for p in posts if p.answer and not p.answer.saved]
    assert not failed, f"{len(failed)} of {len(posts)} posts not saved: {failed[:5]}\n{live.log_text()[-3000:]}"

    state = live.dump()
    mine = [u for u in state["updates"] if u["action"] in actions]
    keys = [(u["action"], u["year"], u["quarter"]) for u in mine]
    assert len(keys) == len(set(keys)), "two updates for one action and quarter"
    saved_by_key: dict[str, set[str]] = defaultdict(set)
    for p in posts:
        saved_by_key[f"{p.action}:2009:{p.quarter[-1]}"].add(p.narrative)
    assert len(mine) == len(saved_by_key)  # every action and quarter written to has its update
    for key, narratives in saved_by_key.items():
        kept = set(state["history"][key])
        assert narratives <= kept, f"{key}: saved but not in the database: {sorted(narratives - kept)}"
    for update in mine:
        assert update["narrative"] in saved_by_key[f"{update['action']}:{update['year']}:{update['quarter']}"]
    for pk in actions:
        action = state["actions"][str(pk)]
        assert action["status"] == action["latest_status"], f"action {pk}: {action}"
