"""The data the concurrency tests write against, and what they read back, in a process of its own on
the live server's database (`python -m tests.concurrency.seed seed|dump`, DATABASE_URL and the other
settings from the environment). Prints JSON on standard output.

setup: migrates the empty database, then seeds it (one process: Django starts once).
serve: a dump for every line read on standard input, one JSON line each, until standard input closes
(the harness keeps one such process per live portal, so that a dump does not start Django again).

seed: one partnership with a 2009-10 plan of ACTIONS actions (refs 1..N, led by its police),
COORDINATORS coordinators, each with a signed-in session (as the sign-in page would leave it; no
password hashing), an admin, and a second partnership ("seedland") for the legacy import.
dump: each action's status, version and description; every progress update and every text its
history ever held; the update rounds; the counts of what an import writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from typing import Any

COORDINATORS = 16
ACTIONS = 12


def _session_for(user: Any) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from ops.sessions import SIGNED_IN_AT

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = time.time()
    session.create()
    assert session.session_key
    return session.session_key


def seed() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from actions.models import Action, ActionPlan, Objective, Strategy
    from partnerships.models import Agency, Area, Membership, Partnership, Role

    users = get_user_model().objects
    north = Partnership.objects.create(slug="north", name="North Domestic Abuse Partnership")
    police = Agency.objects.create(partnership=north, name="North Police", kind=Agency.Kind.POLICE)
    strategy = Strategy.objects.create(partnership=north, slug="strategy", title="North strategy",
                                       period_start=dt.date(2009, 4, 1), period_end=dt.date(2012, 3, 31))
    plan = ActionPlan.objects.create(strategy=strategy, year_start=2009, title="North action plan")
    objective = Objective.objects.create(plan=plan, ref="1", label="Objective", title="Partnership working", order=1)
    actions = []
    for n in range(1, ACTIONS + 1):
        action = Action(plan=plan, objective=objective, ref=f"1.{n}", description=f"Action 1.{n}", order=n)
        action.set_timescale("September 2009")
        action.save()
        action.lead_agencies.add(police)
        actions.append(action)
    sessions = []
    for n in range(COORDINATORS):
        user = users.create_user(f"coordinator{n:02}", email=f"coordinator{n:02}@example.org")
        Membership.objects.create(user=user, partnership=north, role=Role.COORDINATOR)
        sessions.append(_session_for(user))
    lead = users.create_user("len-lead", email="len@example.org")
    Membership.objects.create(user=lead, partnership=north, role=Role.LEAD, agency=police)

    seedland = Partnership.objects.create(slug="seedland", name="Seedland")
    Area.objects.create(partnership=seedland, slug="luton", name="Luton")
    Agency.objects.create(partnership=seedland, name="Seedland Police")
    admin = users.create_user("seed-admin", email="admin@example.org")
    Membership.objects.create(user=admin, partnership=seedland, role=Role.ADMIN)
    return {
        "partnership": north.slug, "plan": plan.pk, "objective": objective.pk, "police": police.pk,
        "actions": [a.pk for a in actions], "sessions": sessions, "import_partnership": seedland.slug,
        "import_user": admin.username,
    }


def dump() -> dict[str, Any]:
    from actions.models import Action, Objective, ProgressUpdate, UpdateRound
    from legacy.models import ImportRecord

    history = ProgressUpdate.history.model  # django-simple-history
    texts: dict[str, list[str]] = {}
    for action_id, year, quarter, narrative in history.objects.values_list(
        "action_id", "year_start", "quarter", "narrative"
    ):
        texts.setdefault(f"{action_id}:{year}:{quarter}", []).append(narrative)
    actions = {}
    for action in Action.objects.filter(plan__strategy__partnership__slug="north"):
        latest = action.latest_update()
        actions[str(action.pk)] = {
            "status": action.status, "version": action.version, "description": action.description,
            "latest_status": latest.status if latest else None,
        }
    seedland = {"plan__strategy__partnership__slug": "seedland"}
    return {
        "actions": actions,
        "updates": [
            {"action": a, "year": y, "quarter": q, "narrative": n, "status": s}
            for a, y, q, n, s in ProgressUpdate.objects.values_list(
                "action_id", "year_start", "quarter", "narrative", "status")
        ],
        "history": texts,
        "rounds": list(UpdateRound.objects.values_list("plan_id", "year_start", "quarter")),
        "imported": {
            "objectives": Objective.objects.filter(**seedland).count(),
            "actions": Action.objects.filter(**seedland).count(),
            "updates": ProgressUpdate.objects.filter(action__plan__strategy__partnership__slug="seedland").count(),
            "records": ImportRecord.objects.filter(partnership__slug="seedland").count(),
        },
    }


def setup() -> dict[str, Any]:
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0, stdout=StringIO())
    return seed()


def serve() -> None:
    from django.db import connections

    for line in sys.stdin:
        if line.strip() != "dump":
            raise SystemExit(f"seed serve: unknown request {line!r}")
        sys.stdout.write(json.dumps(dump()) + "\n")
        sys.stdout.flush()
        # Each dump reads what is committed by then, on a connection of its own.
        connections.close_all()


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    if argv[1] == "serve":
        serve()
        return
    result = {"seed": seed, "setup": setup, "dump": dump}[argv[1]]()
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
