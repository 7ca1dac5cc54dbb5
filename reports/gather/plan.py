"""The action plan in a return: each action as it stood at the end of the quarter (and of the one
before), its line in the return, the summary per top-level objective (section 1) and the whole plan in
reading order (section 5).

As it stood: an action's status is that of its latest progress update for the quarter or an earlier
one ("no update yet" when it has none); its reference, wording, timescale, due date, objective and
place in the plan are those of its history record at the quarter's end. An action added after the
quarter ended is not in the return, unless the whole plan was entered into the portal after that
(a legacy import): then every action counts as first recorded. An action with no history record at
all (written in bulk without one) is read as it is now. Leads and responsibility groups are read as
they are now."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from actions.models import STATUS_LABELS, Action, ActionPlan, Objective, ProgressUpdate
from partnerships.periods import Quarter
from reports.return_data import ActionLine, LatestUpdate, ObjectiveSummary, PlanSection, StatusCell

# The status of an action with no progress update up to the quarter: the return says so, never guesses.
NO_UPDATE = "no_update"
REPORT_STATUS_LABELS: dict[str, str] = {NO_UPDATE: "No update yet", **STATUS_LABELS}

# The fields of an action a return reads as they stood at the quarter's end (from its history).
AS_AT_FIELDS = ("ref", "description", "timescale", "due_date", "objective_id", "order")

DueDates = list[tuple[dt.date | None, dt.datetime]]


def quarter_end_moment(quarter: Quarter) -> dt.datetime:
    """The last moment of the quarter's last day, in the portal's time zone."""
    return timezone.make_aware(dt.datetime.combine(quarter.end, dt.time.max))


@dataclass
class Standing:
    """An action as at the end of the return's quarter: its status then and at the end of the
    quarter before, and its latest update up to then."""

    status: str
    status_before: str
    latest: ProgressUpdate | None
    barriers_before: str = ""  # of the latest update up to the quarter before

    @property
    def last_update_index(self) -> int | None:
        return self.latest.period.index if self.latest else None


def plan_actions(plan: ActionPlan) -> list[Action]:
    """The plan's actions in its order, with their leads, responsibility groups and milestones (five queries)."""
    return list(
        Action.objects.filter(plan=plan)
        .order_by("order", "id")
        .only("id", "objective_id", "ref", "order", "description", "by_whom", "timescale", "due_date", "status")
        .prefetch_related("lead_agencies", "lead_people", "responsibility_groups", "milestones")
    )


def plan_objectives(plan: ActionPlan) -> list[Objective]:
    return list(Objective.objects.filter(plan=plan).order_by("order", "id"))


def actions_as_at(plan: ActionPlan, actions: list[Action], moment: dt.datetime,
                  objective_ids: set[int]) -> tuple[list[Action], dict[int, DueDates]]:
    """The actions as they stood at `moment`, in the plan's order then, and each one's due dates in its
    history up to `moment` (oldest first). Two queries: the plan's first record and the actions'
    history records up to `moment` plus their first ones. The instances are changed in place: they
    are this gathering's own."""
    plan_since = (ActionPlan.history.filter(id=plan.pk).order_by("history_date", "history_id")
                  .values_list("history_date", flat=True).first())
    entered_later = plan_since is None or plan_since > moment
    rows = (
        Action.history.filter(plan_id=plan.pk)
        .filter(Q(history_date__lte=moment) | Q(history_type="+"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", *AS_AT_FIELDS)
    )
    then: dict[int, tuple] = {}
    first: dict[int, tuple] = {}
    due_dates: dict[int, DueDates] = defaultdict(list)
    for row in rows:
        action_id, when = row[0], row[1]
        first.setdefault(action_id, row)
        if when <= moment:
            then[action_id] = row
            due_dates[action_id].append((row[3 + AS_AT_FIELDS.index("due_date")], when))
    kept = []
    for action in actions:
        if action.pk not in first:
            kept.append(action)  # no history recorded at all (written in bulk): as it is now, the only record
            continue
        row = then.get(action.pk) or (first[action.pk] if entered_later else None)
        if row is None or row[2] == "-":
            continue  # added after the quarter (or deleted then and since restored)
        for name, value in zip(AS_AT_FIELDS, row[3:], strict=True):
            if name == "objective_id" and value not in objective_ids:
                continue  # its objective then is gone: it reads under today's
            setattr(action, name, value)
        kept.append(action)
    kept.sort(key=lambda a: (a.order, a.pk))
    return kept, due_dates


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
    return {action.pk: _standing(updates_of.get(action.pk, []), previous) for action in actions}


def _standing(updates: list[ProgressUpdate], previous: Quarter) -> Standing:
    """The latest update's status; "no update yet" without one (never today's status of the action)."""
    if not updates:
        return Standing(status=NO_UPDATE, status_before=NO_UPDATE, latest=None)
    earlier = [u for u in updates if u.period.index <= previous.index]
    before = earlier[-1].status if earlier else NO_UPDATE
    return Standing(status=updates[-1].status, status_before=before, latest=updates[-1],
                    barriers_before=earlier[-1].barriers if earlier else "")


# Word's list bullets come through the seeds as a letter "o", "○" or "-" at a line's start.
_BULLET = re.compile(r"^[ \t]*(?:o|○|▪|§|-|\*)[ \t]+", re.MULTILINE)
_LEAD_PREFIX = re.compile(r"^\s*leads?\s*:\s*", re.IGNORECASE)


def bulleted(text: str) -> str:
    """The text with Word's stand-in bullets printed as bullets."""
    return _BULLET.sub("• ", text)


def action_line(action: Action, standing: Standing) -> ActionLine:
    latest = standing.latest
    leads = [str(a) for a in action.lead_agencies.all()] + [str(p) for p in action.lead_people.all()]
    # The template prints "Lead:": a by-whom text that starts with its own "Lead:" loses that one.
    lead = ", ".join(leads) or _LEAD_PREFIX.sub("", action.by_whom)
    return ActionLine(
        pk=action.pk, ref=action.ref, description=bulleted(action.description), lead=lead,
        groups=", ".join(g.short_name or g.name for g in action.responsibility_groups.all()),
        timescale=action.timescale, due_date=action.due_date, status=standing.status,
        status_label=REPORT_STATUS_LABELS[standing.status],
        latest=LatestUpdate(period=latest.period.label, narrative=bulleted(latest.narrative),
                            barriers=bulleted(latest.barriers))
        if latest else None,
        last_update_period=latest.period.label if latest else "",
    )


def objective_summaries(
    tree: list[tuple[Objective, int]], root_of: dict[int, int], actions: list[Action], standings: dict[int, Standing],
    *, skip_empty: bool = False,
) -> tuple[list[ObjectiveSummary], ObjectiveSummary]:
    """Actions by status per top-level objective (each counts under its objective's top-level
    ancestor), now and at the end of the previous quarter; and the same for all objectives.
    skip_empty leaves out the objectives none of the actions is under."""
    roots = [objective for objective, depth in tree if depth == 0]
    now: dict[int, Counter[str]] = {o.pk: Counter() for o in roots}
    before: dict[int, Counter[str]] = {o.pk: Counter() for o in roots}
    for action in actions:
        root = root_of[action.objective_id]
        now[root][standings[action.pk].status] += 1
        before[root][standings[action.pk].status_before] += 1
    rows = [_summary_row(o.heading, o.title, now[o.pk], before[o.pk]) for o in roots
            if not skip_empty or now[o.pk]]
    total = _summary_row("All", "All objectives", sum(now.values(), Counter()), sum(before.values(), Counter()))
    return rows, total


def _summary_row(heading: str, title: str, now: Counter[str], before: Counter[str]) -> ObjectiveSummary:
    cells = [StatusCell(status=status, now=now[status], before=before[status], status_label=label)
             for status, label in REPORT_STATUS_LABELS.items()]
    return ObjectiveSummary(heading=heading, title=title, cells=cells, total=sum(now.values()))


def plan_sections(tree: list[tuple[Objective, int]], actions: list[Action],
                  lines: dict[int, ActionLine], *, skip_empty: bool = False) -> list[PlanSection]:
    """The full plan under the plan's own objective labels, in reading order (depth first).
    skip_empty leaves out the objectives with none of the actions under them at any depth."""
    lines_of: dict[int, list[ActionLine]] = defaultdict(list)
    for action in actions:
        lines_of[action.objective_id].append(lines[action.pk])
    sections = [
        PlanSection(heading=o.heading, title=o.title, level=min(depth, 3), actions=lines_of.get(o.pk, []))
        for o, depth in tree
    ]
    if not skip_empty:
        return sections
    # An objective is kept when it or one of the objectives after it, deeper, has actions.
    kept: list[PlanSection] = []
    depths = [depth for _, depth in tree]
    for i, section in enumerate(sections):
        j = i
        while j < len(sections) and (j == i or depths[j] > depths[i]):
            if sections[j].actions:
                kept.append(section)
                break
            j += 1
    return kept
