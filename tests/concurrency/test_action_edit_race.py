"""Two coordinators save the same action at once, both from a form loaded at the same version: one is
saved, the other gets the stale-edit page (409, naming who changed what), never a 500; the action moves
on by exactly one version and holds the winner's text. Repeated on several actions in parallel, so that
the two saves meet on different workers."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from tests.concurrency.live import Answer, Portal, at_once, csrf_token, form_version, post, signed_in

pytestmark = pytest.mark.live

STALE = "changed this action while you were editing"


def _load(live: Portal, writer: int, pk: int) -> tuple[Any, str, int]:
    client = signed_in(live, writer)
    page = client.get(live.path("edit", pk), timeout=120).text
    return client, csrf_token(page), form_version(page)


def _save(live: Portal, loaded: tuple[Any, str, int], pk: int, description: str) -> Answer:
    client, token, version = loaded
    return post(client, live.path("edit", pk), {
        "csrfmiddlewaretoken": token, "version": version, "ref": "", "objective": live.seeded["objective"],
        "description": description, "timescale": "September 2009", "lead_agencies": live.seeded["police"],
    }, referer=live.path("edit", pk))


def test_two_coordinators_saving_one_action_at_once(live: Portal) -> None:
    actions = live.seeded["actions"][4:10]
    before = {pk: live.dump()["actions"][str(pk)]["version"] for pk in actions}
    calls = []
    for pk in actions:
        for writer in (0, 1):
            loaded = _load(live, writer, pk)
            calls.append(partial(_save, live, loaded, pk, f"Edited by coordinator {writer} of action {pk}"))
    answers = at_once(*calls)

    state = live.dump()["actions"]
    for i, pk in enumerate(actions):
        pair: list[Answer] = answers[2 * i:2 * i + 2]
        assert all(a.status < 500 for a in pair), [(a.status, a.text[:500]) for a in pair]
        saved = [n for n, a in enumerate(pair) if a.saved]
        assert len(saved) == 1, [(a.status, a.location) for a in pair]
        loser = pair[1 - saved[0]]
        assert loser.status == 409 and STALE in loser.text, loser.text[:2000]
        assert state[str(pk)]["version"] == before[pk] + 1
        assert state[str(pk)]["description"] == f"Edited by coordinator {saved[0]} of action {pk}"
