"""Writes the plan part of a preview: the year's plan (made when there is none), its objectives
level by level, the actions with their leads, progress updates and year-end reviews."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Strategy, YearEndReview
from legacy.apply.bulk import insert_rows, insert_values_with_history, insert_with_history
from legacy.apply.milestones import apply_milestones
from legacy.apply.rows import split_rows, update_changed
from legacy.diff import CHANGE, Preview, RowChange
from partnerships.periods import Quarter, year_bounds, year_label
from partnerships.permissions import User

_LEADS = {"lead_agencies": "agency_id", "lead_people": "person_id"}  # link -> its target column


def apply_plan(preview: Preview, user: User | None) -> None:
    plan = _plan_for(preview)
    rows = preview.rows
    objectives = _apply_objectives(plan, rows, user)
    _create_agencies(rows, user)
    actions = _apply_actions(plan, rows, objectives, user)

    new_u, changed_u = split_rows(rows, "update")
    values = []
    for r in new_u:
        q = Quarter(r.values["year_start"], r.values["quarter"])
        recorded = timezone.make_aware(dt.datetime.combine(q.end, dt.time(12, 0)))
        values.append({"action_id": actions[r.parent_key], "recorded_at": recorded, "author_id": None, **r.values})
    insert_values_with_history(ProgressUpdate, values, user=user)
    update_changed(ProgressUpdate, changed_u, user)

    new_r, changed_r = split_rows(rows, "review")
    insert_values_with_history(YearEndReview, [{"action_id": actions[r.parent_key], **r.values} for r in new_r],
                               user=user)
    update_changed(YearEndReview, changed_r, user)
    # Actions whose cells the layout reads as several dated steps get them as milestones (once).
    apply_milestones(plan, preview.layout, user=user)


def _create_agencies(rows: list[RowChange], user: User | None) -> None:
    """The agencies the admin chose to create for lead parts matching none ("create agency"): one
    object per part, shared by every action naming it, saved here so the lead links get its id."""
    new = {id(a): a for r in rows if r.kind == "action" for a in r.values.get("lead_agencies", []) if a.pk is None}
    for agency in new.values():  # a handful at most: each saved with its history record
        agency._history_user = user if isinstance(user, get_user_model()) else None
        agency.save()


def _plan_for(preview: Preview) -> ActionPlan:
    """The plan of the year; a new one (in the strategy covering the year, or a new strategy) when
    there is none."""
    if preview.plan is not None:
        return preview.plan
    start, end = year_bounds(preview.year_start)
    strategy = Strategy.objects.filter(partnership=preview.partnership, period_start__lte=start,
                                       period_end__gte=end).first()
    title = preview.plan_title or f"Imported plan {year_label(preview.year_start)}"
    if strategy is None:
        if preview.strategy_years and preview.strategy_years[0] <= preview.year_start < preview.strategy_years[1]:
            # The title names the strategy's years ("2024-2028"): the strategy runs over them.
            start, end = dt.date(preview.strategy_years[0], 4, 1), dt.date(preview.strategy_years[1], 3, 31)
        strategy = Strategy.objects.create(
            partnership=preview.partnership, slug=f"imported-{preview.year_start}", title=title[:300],
            period_start=start, period_end=end,
        )
    return ActionPlan.objects.create(strategy=strategy, year_start=preview.year_start, title=title[:300])


def _apply_objectives(plan: ActionPlan, rows: list[RowChange], user: User | None) -> dict[str, Objective]:
    """The plan's objectives by ref, after creating and changing the preview's."""
    objectives = {o.ref: o for o in Objective.objects.filter(plan=plan)}
    new_o, changed_o = split_rows(rows, "objective")
    # Parents first: the layouts list an objective before its children; create level by level.
    for level in sorted({r.values.get("level", 0) for r in new_o}):
        batch = []
        for r in new_o:
            if r.values.get("level", 0) != level:
                continue
            values = {k: v for k, v in r.values.items() if v is not None}
            parent = objectives.get(r.parent_key) if r.parent_key else None
            batch.append(Objective(plan=plan, ref=r.key, parent=parent, **values))
        for obj in insert_with_history(batch, Objective, user=user):
            objectives[obj.ref] = obj
    update_changed(Objective, changed_o, user)
    return {o.ref: o for o in Objective.objects.filter(plan=plan)}


def _apply_actions(plan: ActionPlan, rows: list[RowChange], objectives: dict[str, Objective],
                   user: User | None) -> dict[str, int]:
    """The plan's action ids by ref, after creating and changing the preview's actions and their leads."""
    new_a, changed_a = split_rows(rows, "action")
    new_ids = insert_values_with_history(Action, [
        {"plan_id": plan.pk, "ref": r.key, "objective_id": objectives[r.parent_key].pk}
        | {k: v for k, v in r.values.items() if k not in _LEADS}
        for r in new_a
    ], user=user)
    extra = {r.key: {"objective": objectives[r.parent_key]} for r in changed_a if "objective" in r.changes}
    for r in changed_a:
        r.obj.version += 1
        extra.setdefault(r.key, {})["version"] = r.obj.version
    update_changed(Action, changed_a, user, extra)
    # The plan's actions by ref: those just created, and those already there (the preview holds them).
    actions = {r.key: pk for r, pk in zip(new_a, new_ids, strict=True)} | {
        r.key: r.obj.pk for r in rows if r.kind == "action" and r.obj is not None}
    # Leads: replace the sets for new actions and for those whose leads changed.
    touched = [*new_a, *(r for r in changed_a if "leads" in r.changes)]
    for name, target in _LEADS.items():
        through = getattr(Action, name).through
        through.objects.filter(action_id__in=[actions[r.key] for r in touched if r.op == CHANGE]).delete()
        links = sorted({(actions[r.key], x.pk) for r in touched for x in r.values[name]})
        insert_rows(through, ["action_id", target], links)
    _snapshot_m2m(plan, set(new_ids) | {r.obj.pk for r in changed_a})
    return actions


def _snapshot_m2m(plan: ActionPlan, action_ids: set[int]) -> None:
    """The leads and responsible groups of each action this import wrote a history record for,
    on that record, as django-simple-history does on a save (m2m_fields): bulk writes skip the
    signals it listens to, and the action page and the stale-edit check compare these snapshots."""
    if not action_ids:
        return
    latest = dict(
        Action.history.filter(plan_id=plan.pk).values("id").annotate(last=Max("history_id")).values_list("id", "last")
    )
    for field in Action.history.model._history_m2m_fields:
        through = getattr(Action, field.name).through
        target = field.m2m_reverse_name()  # e.g. agency_id
        history_model = getattr(Action.history.model, field.name).model  # HistoricalAction_lead_agencies ...
        plan_links = through.objects.filter(action__plan=plan).values_list("id", "action_id", target)
        links = [(pk, action_id, target_id) for pk, action_id, target_id in plan_links if action_id in action_ids]
        insert_rows(history_model, ["id", "action_id", target, "history_id"],
                    [(pk, action_id, target_id, latest[action_id]) for pk, action_id, target_id in links])
