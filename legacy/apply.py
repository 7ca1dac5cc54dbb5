"""Write a preview to the database in one transaction: all or nothing. Bulk writes go through
django-simple-history's bulk helpers so every created or changed row still has its history."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, Strategy, YearEndReview
from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225MonitoringEntry, Bvpi225Question, Indicator, Target, Value
from legacy.bulk import insert_rows, insert_values_with_history, insert_with_history
from legacy.diff import CHANGE, CREATE, Preview, RowChange
from partnerships.periods import Quarter, year_bounds, year_label


class ImportRefused(ValueError):
    pass


def _plan(preview: Preview, user, title: str) -> ActionPlan:
    if preview.plan is not None:
        return preview.plan
    start, end = year_bounds(preview.year_start)
    strategy = Strategy.objects.filter(partnership=preview.partnership, period_start__lte=start, period_end__gte=end).first()
    if strategy is None:
        strategy = Strategy.objects.create(
            partnership=preview.partnership, slug=f"imported-{preview.year_start}", title=f"Imported plan {year_label(preview.year_start)}",
            period_start=start, period_end=end,
        )
    return ActionPlan.objects.create(strategy=strategy, year_start=preview.year_start, title=title or strategy.title)


def _split(rows: list[RowChange], kind: str) -> tuple[list[RowChange], list[RowChange]]:
    return ([r for r in rows if r.kind == kind and r.op == CREATE], [r for r in rows if r.kind == kind and r.op == CHANGE])


def _update(model, changed: list[RowChange], user, extra: dict | None = None) -> None:
    if not changed:
        return
    fields: set[str] = set()
    objs = []
    for r in changed:
        for name in r.changes:
            if name in ("leads",):
                continue
            if name == "objective":
                continue
            setattr(r.obj, name, r.values[name])
            fields.add(name)
        for name, value in (extra or {}).get(r.key, {}).items():
            setattr(r.obj, name, value)
            fields.add(name)
        objs.append(r.obj)
    if fields:
        bulk_update_with_history(objs, model, sorted(fields), batch_size=500, default_user=user)


@transaction.atomic
def apply_preview(preview: Preview, *, user=None, plan_title: str = "") -> dict[str, int]:
    if preview.problems:
        raise ImportRefused("the file has problems: nothing was imported")
    rows = preview.rows
    if any(r.kind in ("objective", "action") for r in rows):
        _apply_plan(preview, user, plan_title)
    if any(r.kind in ("assessment", "answer", "monitoring") for r in rows):
        _apply_bvpi(preview, user)
    if any(r.kind in ("indicator", "value", "target") for r in rows):
        _apply_figures(preview, user)
    return preview.counts()


def _apply_plan(preview: Preview, user, plan_title: str) -> None:
    plan = _plan(preview, user, plan_title)
    rows = preview.rows
    objectives = {o.ref: o for o in Objective.objects.filter(plan=plan)}
    new_o, changed_o = _split(rows, "objective")
    # Parents first: the layouts list an objective before its children; create level by level.
    for level in sorted({r.values.get("level", 0) for r in new_o}):
        batch = []
        for r in new_o:
            if r.values.get("level", 0) != level:
                continue
            values = {k: v for k, v in r.values.items() if v is not None}
            batch.append(Objective(plan=plan, ref=r.key, parent=objectives.get(r.parent_key) if r.parent_key else None, **values))
        for obj in insert_with_history(batch, Objective, user=user):
            objectives[obj.ref] = obj
    _update(Objective, changed_o, user)
    objectives = {o.ref: o for o in Objective.objects.filter(plan=plan)}

    new_a, changed_a = _split(rows, "action")
    m2m_keys = ("lead_agencies", "lead_people")
    new_ids = insert_values_with_history(Action, [
        {"plan_id": plan.pk, "ref": r.key, "objective_id": objectives[r.parent_key].pk}
        | {k: v for k, v in r.values.items() if k not in m2m_keys}
        for r in new_a
    ], user=user)
    extra = {r.key: {"objective": objectives[r.parent_key]} for r in changed_a if "objective" in r.changes}
    for r in changed_a:
        r.obj.version += 1
        extra.setdefault(r.key, {})["version"] = r.obj.version
    _update(Action, changed_a, user, extra)
    # The plan's actions by ref: those just created, and those already there (the preview holds them).
    actions = {r.key: pk for r, pk in zip(new_a, new_ids)} | {
        r.key: r.obj.pk for r in rows if r.kind == "action" and r.obj is not None}
    # Leads: replace the sets for new actions and for those whose leads changed.
    touched = [*new_a, *(r for r in changed_a if "leads" in r.changes)]
    for name in m2m_keys:
        through = getattr(Action, name).through
        target = "agency_id" if name == "lead_agencies" else "person_id"
        through.objects.filter(action_id__in=[actions[r.key] for r in touched if r.op == CHANGE]).delete()
        insert_rows(through, ["action_id", target], sorted({(actions[r.key], x.pk) for r in touched for x in r.values[name]}))

    _snapshot_m2m(plan, set(new_ids) | {r.obj.pk for r in changed_a})

    new_u, changed_u = _split(rows, "update")
    values = []
    for r in new_u:
        q = Quarter(r.values["year_start"], r.values["quarter"])
        recorded = timezone.make_aware(dt.datetime.combine(q.end, dt.time(12, 0)))
        values.append({"action_id": actions[r.parent_key], "recorded_at": recorded, "author_id": None, **r.values})
    insert_values_with_history(ProgressUpdate, values, user=user)
    _update(ProgressUpdate, changed_u, user)

    new_r, changed_r = _split(rows, "review")
    insert_values_with_history(YearEndReview, [{"action_id": actions[r.parent_key], **r.values} for r in new_r], user=user)
    _update(YearEndReview, changed_r, user)


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
        links = [(pk, action_id, target_id)
                 for pk, action_id, target_id in through.objects.filter(action__plan=plan).values_list("id", "action_id", target)
                 if action_id in action_ids]
        insert_rows(history_model, ["id", "action_id", target, "history_id"],
                    [(pk, action_id, target_id, latest[action_id]) for pk, action_id, target_id in links])


def _apply_bvpi(preview: Preview, user) -> None:
    rows = preview.rows
    head = next(r for r in rows if r.kind == "assessment")
    if head.op == CREATE:
        assessment = Bvpi225Assessment.objects.create(partnership=preview.partnership, area=preview.area,
                                                      year_start=preview.year_start, **head.values)
    else:
        assessment = head.obj
        if head.op == CHANGE:
            assessment.purpose = head.values["purpose"]
            assessment.save(update_fields=["purpose"])
    questions = {f"Q{q.number}": q for q in Bvpi225Question.objects.all()}
    new_a, changed_a = _split(rows, "answer")
    insert_with_history([Bvpi225Answer(assessment=assessment, question=questions[r.key], **r.values) for r in new_a],
                        Bvpi225Answer, user=user)
    _update(Bvpi225Answer, changed_a, user)
    answers = {f"Q{a.question.number}": a for a in Bvpi225Answer.objects.filter(assessment=assessment).select_related("question")}
    new_m, changed_m = _split(rows, "monitoring")
    insert_with_history([Bvpi225MonitoringEntry(answer=answers[r.parent_key], **r.values) for r in new_m],
                        Bvpi225MonitoringEntry, user=user)
    _update(Bvpi225MonitoringEntry, changed_m, user)


def _apply_figures(preview: Preview, user) -> None:
    now = timezone.now()
    created = [Indicator(partnership=preview.partnership, **r.values) for r in preview.rows if r.kind == "indicator"]
    insert_with_history(created, Indicator, user=user)
    by_code = {i.code: i for i in created}
    for kind, model in (("value", Value), ("target", Target)):
        new, changed = _split(preview.rows, kind)
        extra = {"recorded_by_id": getattr(user, "pk", None), "recorded_at": now} if model is Value else {"kind": Target.Kind.LOCAL}
        rows = []
        for r in new:
            values = {k: v for k, v in r.values.items() if k not in ("indicator", "area")}
            indicator = r.values["indicator"] or by_code[r.parent_key]
            area = r.values["area"]
            rows.append(values | {"indicator_id": indicator.pk, "area_id": area.pk if area else None} | extra)
        insert_values_with_history(model, rows, user=user)
        _update(model, changed, user)
