"""Concurrent progress writers against a live portal, on SQLite and on PostgreSQL.

    .venv/bin/python bench/concurrency.py                     # 16 writers x 8 posts, both databases
    .venv/bin/python bench/concurrency.py --writers 2 --posts 8 --db sqlite

For each database: a throwaway database (a SQLite file in a temporary folder; a PostgreSQL database
created on CONCURRENCY_PG, default postgres://postgres@127.0.0.1:5432, and dropped), migrated and
seeded, gunicorn with --workers processes (tests/concurrency/live.py, as the concurrency tests start
it); then --writers coordinators post --posts progress updates each, all at once, over four actions
and four quarters (several writers meet on one action and quarter). Prints writers, requests, errors
(answers other than "saved"), 500s, and the rows checked afterwards: one update per action and quarter,
every saved text in the update or its history, each action's status that of its latest update."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.concurrency.live import Portal, pg_unreachable, portal, progress_writers  # noqa: E402


def check(live: Portal, posts: list, actions: list[int]) -> tuple[int, list[str]]:
    """The rows checked and what was wrong with them."""
    state = live.dump()
    wrong = []
    mine = [u for u in state["updates"] if u["action"] in actions]
    keys = Counter((u["action"], u["year"], u["quarter"]) for u in mine)
    wrong += [f"{k}: {n} updates" for k, n in keys.items() if n > 1]
    saved: dict[str, set[str]] = defaultdict(set)
    for p in posts:
        if p.answer is not None and p.answer.saved:
            saved[f"{p.action}:2009:{p.quarter[-1]}"].add(p.narrative)
    for key, narratives in saved.items():
        missing = narratives - set(state["history"].get(key, []))
        wrong += [f"{key}: saved but missing: {n}" for n in sorted(missing)]
    for pk in actions:
        a = state["actions"][str(pk)]
        if a["status"] != a["latest_status"]:
            wrong.append(f"action {pk}: status {a['status']}, latest update {a['latest_status']}")
    history_rows = sum(len(state["history"].get(k, [])) for k in saved)
    return len(mine) + history_rows + len(actions), wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--posts", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(f"{'database':<11} {'writers':>7} {'requests':>8} {'errors':>6} {'500s':>4} {'rows checked':>12} "
          f"{'wrong':>5} {'seconds':>7} {'req/s':>6}")
    for kind in kinds:
        if kind == "postgresql" and (reason := pg_unreachable()):
            print(f"{kind:<11} skipped: {reason}")
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-concurrency-{kind}-") as folder, \
                portal(kind, Path(folder), workers=args.workers) as live:
            actions = live.seeded["actions"][:4]
            started = time.perf_counter()
            posts = progress_writers(live, args.writers, args.posts, actions)
            seconds = time.perf_counter() - started
            answers = [p.answer for p in posts]
            errors = sum(1 for a in answers if a is None or not a.saved)
            five_hundreds = sum(1 for a in answers if a is not None and a.status >= 500)
            rows, wrong = check(live, posts, actions)
            print(f"{kind:<11} {args.writers:>7} {len(posts):>8} {errors:>6} {five_hundreds:>4} {rows:>12} "
                  f"{len(wrong):>5} {seconds:>7.1f} {len(posts) / seconds:>6.1f}")
            for line in wrong[:10]:
                print(f"    {line}")


if __name__ == "__main__":
    main()
