"""The action plan in a return: each action as at the end of the quarter (and of the one before),
its line in the return, the summary per top-level objective (section 1) and the whole plan in
reading order (section 5)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Status
from partnerships.periods import Quarter
from reports.return_data import ActionLine, LatestUpdate, ObjectiveSummary, PlanSection, StatusCell


@dataclass
class Standing:
    """An action as at the end of the return's quarter: its status then and at the end of the
    quarter before, and its latest update up to then."""

    status: str
    status_before: str
    latest: ProgressUpdate | None

    @property
    def last_update_index(self) -> int | None:
        return self.latest.period.index if self.latest else None


def plan_actions(plan: ActionPlan) -> list[Action]:
    """The plan's actions in its order, with their leads (three queries)."""
    return list(
        Action.objects.filter(plan=plan)
        .order_by("order", "id")
        .only("id", "objective_id", "ref", "order", "description", "by_whom", "timescale", "due_date", "status")
        .prefetch_related("lead_agencies", "lead_people")
    )


def plan_objectives(plan: ActionPlan) -> list[Objective]:
    return list(Objective.objects.filter(plan=plan).order_by("order", "id"))


def action_standings(actions: list[Action], plan: ActionPlan, quarter: Quarter) -> dict[int, Standing]:
    """Each action's standing, from one query: every update up to the end of the quarter, oldest first."""
    updates = (
        ProgressUpdate.objects.filter(action__plan=plan)
        .filter(Q(year_start__lt=quarter.year_start) | Q(year_start=quarter.year_start, quarter__lte=quarter.number))
        .order_by("action_id", "year_start", "quarter", "recorded_at", "id")
        .only("id", "action_id", "year_start", "quarter", "status", "narrative", "barriers", "recorded_at")
    )
    updates_of: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in updates:
        updates_of[update.action_id].append(update)
    previous = quarter.previous()
    return {action.pk: _standing(action, updates_of.get(action.pk, []), previous) for action in actions}


def _standing(action: Action, updates: list[ProgressUpdate], previous: Quarter) -> Standing:
    if not updates:
        # No update recorded at all: the action's own status (e.g. set on import) stands.
        return Standing(status=action.status, status_before=action.status, latest=None)
    earlier = [u for u in updates if u.period.index <= previous.index]
    before = earlier[-1].status if earlier else Status.NOT_STARTED
    return Standing(status=updates[-1].status, status_before=before, latest=updates[-1])


def action_line(action: Action, standing: Standing) -> ActionLine:
    latest = standing.latest
    leads = [str(a) for a in action.lead_agencies.all()] + [str(p) for p in action.lead_people.all()]
    return ActionLine(
        pk=action.pk, ref=action.ref, description=action.description, lead=", ".join(leads) or action.by_whom,
        timescale=action.timescale, due_date=action.due_date, status=standing.status,
        status_label=latest.get_status_display() if latest else action.get_status_display(),
        latest=LatestUpdate(period=latest.period.label, narrative=latest.narrative, barriers=latest.barriers)
        if latest else None,
        last_update_period=latest.period.label if latest else "",
    )


def objective_summaries(
    tree: list[tuple[Objective, int]], root_of: dict[int, int], actions: list[Action], standings: dict[int, Standing],
) -> tuple[list[ObjectiveSummary], ObjectiveSummary]:
    """Actions by status per top-level objective (each counts under its objective's top-level
    ancestor), now and at the end of the previous quarter; and the same for all objectives."""
    roots = [objective for objective, depth in tree if depth == 0]
    now: dict[int, Counter[str]] = {o.pk: Counter() for o in roots}
    before: dict[int, Counter[str]] = {o.pk: Counter() for o in roots}
    for action in actions:
        root = root_of[action.objective_id]
        now[root][standings[action.pk].status] += 1
        before[root][standings[action.pk].status_before] += 1
    rows = [_summary_row(o.heading, o.title, now[o.pk], before[o.pk]) for o in roots]
    total = _summary_row("All", "All objectives", sum(now.values(), Counter()), sum(before.values(), Counter()))
    return rows, total


def _summary_row(heading: str, title: str, now: Counter[str], before: Counter[str]) -> ObjectiveSummary:
    cells = [StatusCell(status=status, now=now[status], before=before[status]) for status in Status.values]
    return ObjectiveSummary(heading=heading, title=title, cells=cells, total=sum(now.values()))


def plan_sections(tree: list[tuple[Objective, int]], actions: list[Action],
                  lines: dict[int, ActionLine]) -> list[PlanSection]:
    """The full plan under the plan's own objective labels, in reading order (depth first)."""
    lines_of: dict[int, list[ActionLine]] = defaultdict(list)
    for action in actions:
        lines_of[action.objective_id].append(lines[action.pk])
    return [
        PlanSection(heading=o.heading, title=o.title, level=min(depth, 3), actions=lines_of.get(o.pk, []))
        for o, depth in tree
    ]
