"""Generated plans of any size, written in bulk, for query-count tests (the shared personas stay small)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Status
from partnerships.models import Agency

STATUSES = [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETED, Status.NOT_STARTED]


def generate_plan(plan: ActionPlan, agencies: list[Agency], actions: int, updates_each: int,
                  objectives: int = 4) -> list[Action]:
    """Top-level objectives with two sub-objectives each; actions spread over the sub-objectives,
    each led by one agency, with `updates_each` quarterly updates."""
    tops = Objective.objects.bulk_create([
        Objective(plan=plan, ref=f"G{i}", label="Objective", title=f"Generated objective {i}", order=100 + i)
        for i in range(objectives)
    ])
    subs = Objective.objects.bulk_create([
        Objective(plan=plan, parent=top, level=1, ref=f"{top.ref}.{j}", label="", title=f"Sub-objective {top.ref}.{j}",
                  order=top.order * 10 + j)
        for top in tops for j in (1, 2)
    ])
    created = Action.objects.bulk_create([
        Action(plan=plan, objective=subs[i % len(subs)], ref=f"X{i}", order=i,
               description=f"Generated action {i}: deliver the awareness campaign with partners",
               outcome="Raised awareness", by_whom="Partners", timescale="September 2009",
               due_date=dt.date(2009, 9, 30) if i % 3 else None, cadence="" if i % 3 else "ongoing",
               status=STATUSES[i % len(STATUSES)])
        for i in range(actions)
    ])
    Action.lead_agencies.through.objects.bulk_create([
        Action.lead_agencies.through(action_id=a.pk, agency_id=agencies[i % len(agencies)].pk)
        for i, a in enumerate(created)
    ])
    now = timezone.now()
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=a, year_start=plan.year_start + (q // 4), quarter=q % 4 + 1,
                       status=STATUSES[(i + q) % len(STATUSES)], narrative=f"Quarter {q + 1} progress on {a.ref}",
                       recorded_at=now)
        for i, a in enumerate(created) for q in range(updates_each)
    ], batch_size=2000)
    return created
