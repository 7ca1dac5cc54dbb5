"""What every part of an apply shares: the preview's rows to create and to change, and the
change of existing rows in bulk (with their history)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from simple_history.utils import bulk_update_with_history

from legacy.diff import CHANGE, CREATE, RowChange
from partnerships.permissions import User

# Changes the preview names that are not fields of the row's model: the leads are link rows, and a
# move to another objective is written by the plan step itself.
_NOT_FIELDS = {"leads", "objective"}


def split_rows(rows: list[RowChange], kind: str) -> tuple[list[RowChange], list[RowChange]]:
    """The rows of this kind to create, and those to change."""
    of_kind = [r for r in rows if r.kind == kind]
    return [r for r in of_kind if r.op == CREATE], [r for r in of_kind if r.op == CHANGE]


def update_changed(model: type[Model], changed: list[RowChange], user: User | None,
                   extra: dict[str, dict[str, Any]] | None = None) -> None:
    """Writes each changed row's new values (and `extra`, by row key) to its object, in bulk, with a
    "~" history record each."""
    if not changed:
        return
    fields: set[str] = set()
    objs = []
    for r in changed:
        for name in r.changes:
            if name in _NOT_FIELDS:
                continue
            setattr(r.obj, name, r.values[name])
            fields.add(name)
        for name, value in (extra or {}).get(r.key, {}).items():
            setattr(r.obj, name, value)
            fields.add(name)
        objs.append(r.obj)
    if fields:
        bulk_update_with_history(objs, model, sorted(fields), batch_size=500, default_user=user)
