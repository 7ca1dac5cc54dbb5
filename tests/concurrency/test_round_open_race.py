"""Two coordinators open the same quarter's update round at once: one round is opened, the other is
told it already has been (a 400 with the message on the rounds page), never a 500; one round in the
database for each quarter tried."""

from __future__ import annotations

from functools import partial

import pytest
import requests

from tests.concurrency.live import Answer, Portal, at_once, csrf_token, post, signed_in

pytestmark = pytest.mark.live

ALREADY = "has already been opened"


def _open(live: Portal, client: requests.Session, token: str, quarter: str) -> Answer:
    return post(client, live.path("round_open"), {
        "csrfmiddlewaretoken": token, "period": f"{live.seeded['plan']}:{quarter}", "due_on": "",
    }, referer=live.path("rounds"))


def test_opening_one_round_twice_at_once(live: Portal) -> None:
    quarters = [f"2009-10 Q{n}" for n in (1, 2, 3, 4)]
    calls = []
    for quarter in quarters:
        for writer in (2, 3):
            client = signed_in(live, writer)
            token = csrf_token(client.get(live.path("rounds"), timeout=120).text)
            calls.append(partial(_open, live, client, token, quarter))
    answers: list[Answer] = at_once(*calls)

    rounds = live.dump()["rounds"]
    for i, quarter in enumerate(quarters):
        pair = answers[2 * i:2 * i + 2]
        assert all(a.status < 500 for a in pair), [(a.status, a.text[:500]) for a in pair]
        assert sorted(a.saved for a in pair) == [False, True], [(a.status, a.location) for a in pair]
        refused = next(a for a in pair if not a.saved)
        assert refused.status == 400 and ALREADY in refused.text, refused.text[:2000]
        number = int(quarter[-1])
        assert [r for r in rounds if r[1:] == [2009, number]] == [[live.seeded["plan"], 2009, number]]
