"""Who changed what on an action, read off its history records (django-simple-history): the change
history on the action page, and what moved on since a stale edit form was loaded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from actions.models import EDITABLE_FIELDS, EDITABLE_M2M, Action, ProgressUpdate, YearEndReview
from partnerships.periods import Quarter

# Bookkeeping fields: a change to them alone is not news to the reader.
HIDDEN_HISTORY_FIELDS = {"id", "updated_at", "version", "order"}

# A history record (simple_history builds its model per tracked model, so it has no one type).
Record = Any
# field -> id -> the name to show for it
Names = Mapping[int, str]


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def _label(model: type[Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


def _value(model: type[Model], name: str, value: object, lookups: Mapping[str, Names]) -> str:
    if value in (None, ""):
        return "(empty)"
    choices = getattr(model._meta.get_field(name), "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if name in lookups:
        return lookups[name].get(value, f"#{value}")  # type: ignore[call-overload]
    return str(value)


def _names(ids: list[int], names: Names) -> str:
    return ", ".join(names.get(i, "?") for i in ids) or "(none)"


def _who(record: Record) -> str:
    user = record.history_user
    if user is None:
        return "the system"
    return str(user.get_full_name() or user.get_username())


def _m2m_snapshots(model: type[Model], records: list[Record],
                   m2m: Mapping[str, str]) -> dict[str, dict[int, list[int]]]:
    """field -> history_id -> sorted target ids, for every record at once (one query per field),
    so that comparing consecutive records costs no query each."""
    history_ids = [r.history_id for r in records]
    snapshots: dict[str, dict[int, list[int]]] = {}
    for name, key in m2m.items():
        m2m_history = getattr(model.history.model, name).model  # type: ignore[attr-defined]
        rows = m2m_history.objects.filter(history_id__in=history_ids).values_list("history_id", f"{key}_id")
        snapshot: dict[int, list[int]] = defaultdict(list)
        for history_id, target in rows:
            snapshot[history_id].append(target)
        snapshots[name] = {h: sorted(ids) for h, ids in snapshot.items()}
    return snapshots


def _bursts(records: list[Record]) -> list[tuple[Record, Record]]:
    """(first, last) of each run of records one person made together: a save and the changes to its
    leads (Django sets a many-to-many field by removing, then adding: two more records) read as one
    change, from the state before the run to the state after it."""
    runs: list[list[Record]] = []
    for record in records:
        last = runs[-1][-1] if runs else None
        if (last is not None and record.history_type == "~" and last.history_type != "-"
                and record.history_user_id == last.history_user_id
                and (record.history_date - last.history_date).total_seconds() < 2):
            runs[-1].append(record)
        else:
            runs.append([record])
    return [(run[0], run[-1]) for run in runs]


def _changes(model: type[Model], previous: Record, record: Record, lookups: Mapping[str, Names],
             m2m: Mapping[str, tuple[str, Names]],
             snapshots: dict[str, dict[int, list[int]]]) -> list[tuple[str, str, str]]:
    """(label, before, after) for every field and link that differs between two records."""
    fields = [f.name for f in model._meta.fields if f.name not in HIDDEN_HISTORY_FIELDS]
    delta = record.diff_against(previous, included_fields=fields)
    changes = [
        (_label(model, c.field), _value(model, c.field, c.old, lookups), _value(model, c.field, c.new, lookups))
        for c in delta.changes
    ]
    for name, (_key, names) in m2m.items():
        before = snapshots[name].get(previous.history_id, [])
        after = snapshots[name].get(record.history_id, [])
        if before != after:
            changes.append((_label(model, name), _names(before, names), _names(after, names)))
    return changes


def _history_of(records: list[Record], model: type[Model], describe: Callable[[Record], str],
                lookups: Mapping[str, Names], m2m: Mapping[str, tuple[str, Names]] | None = None) -> list[HistoryEntry]:
    """Entries for one object's history records (oldest first in `records`), with field diffs."""
    m2m = m2m or {}
    entries = []
    previous = None
    snapshots = _m2m_snapshots(model, records, {n: key for n, (key, _) in m2m.items()}) if m2m and records else {}
    for first, record in _bursts(records):
        if first.history_type == "+":
            # A creation and the leads set with it: one entry, and the state after both.
            entries.append(HistoryEntry(first.history_date, _who(first), f"Created {describe(first)}", []))
        elif record.history_type == "-":
            entries.append(HistoryEntry(record.history_date, _who(record), f"Deleted {describe(record)}", []))
        elif previous is not None:
            # One entry for the run: the state after its last record against the state before it.
            changes = _changes(model, previous, record, lookups, m2m, snapshots)
            if changes:
                entries.append(HistoryEntry(record.history_date, _who(record), f"Changed {describe(record)}", changes))
        previous = record
    return entries


def action_history(action: Action, agencies: Names, people: Names, groups: Names) -> list[HistoryEntry]:
    """Who changed what when, for the action, its progress updates (deleted ones too) and its review,
    newest first; the names of agencies, people and groups come from the caller's maps."""
    objectives = {o.pk: o.heading for o in action.plan.objectives.only("pk", "label", "ref")}
    records = list(action.history.select_related("history_user").order_by("history_date", "history_id")[:200])
    link_names = {"lead_agencies": agencies, "lead_people": people, "responsibility_groups": groups}
    entries = _history_of(
        records, Action, lambda r: f"{action.plan.action_label.lower()} {r.ref}".strip(),
        {"objective": objectives, "plan": {action.plan_id: str(action.plan)}},
        m2m={name: (key, link_names[name]) for name, key in EDITABLE_M2M.items()},
    )
    update_records: dict[int, list[Record]] = defaultdict(list)
    for r in ProgressUpdate.history.filter(action_id=action.pk).select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        update_records[r.id].append(r)
    for recs in update_records.values():
        entries += _history_of(
            recs, ProgressUpdate, lambda r: f"progress update for {Quarter(r.year_start, r.quarter).label}", {},
        )
    review_records = list(
        YearEndReview.history.filter(action_id=action.pk).select_related("history_user")
        .order_by("history_date")
    )
    entries += _history_of(review_records, YearEndReview, lambda r: "year-end review", {})
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _display(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(str(v) for v in value)) or "(none)"
    return str(value)


def changes_since(action: Action, version: int) -> tuple[list[FieldChange], str]:
    """What changed on the action since the form showing `version` was loaded, and who changed it last."""
    seen = action.history.filter(version=version).order_by("-history_date", "-history_id").first()
    current = action.history.order_by("-history_date", "-history_id").first()
    who = "Someone"
    if current and current.history_user:
        who = current.history_user.get_full_name() or current.history_user.get_username()
    if not seen or not current or seen.pk == current.pk:
        return [], who
    delta = current.diff_against(seen, included_fields=EDITABLE_FIELDS + list(EDITABLE_M2M))
    changes = []
    for change in delta.changes:
        model_field = Action._meta.get_field(change.field)
        related: Any = model_field.related_model
        if change.field in EDITABLE_M2M:
            key = EDITABLE_M2M[change.field]
            new = _display([str(o) for o in related.objects.filter(pk__in=[row[key] for row in change.new])])
            old = _display([str(o) for o in related.objects.filter(pk__in=[row[key] for row in change.old])])
        elif change.field == "objective":
            new = _display(action.objective)
            old = _display(related.objects.filter(pk=change.old).first())
        else:
            new, old = _display(change.new), _display(change.old)
        changes.append(FieldChange(change.field, _label(Action, change.field), old, new))
    return changes, who
