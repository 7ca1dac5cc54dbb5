"""Bulk inserts for imports: rows and their "+" history records, without building a historical
model instance per row or compiling a value placeholder per cell.

`bulk_create_with_history` (django-simple-history) is correct but spends most of a 10,000-action
import in Django's insert compiler and in creating 10,000 historical model instances (see
bench/bench_import.py). This writes the same rows, and the same history rows as
simple_history's `bulk_history_create` would (history_type "+", history_date, history_user,
history_change_reason None as a save records it, every tracked field), with one multi-row INSERT ... RETURNING per batch.
Text cells are passed through as they are; every other value goes through its field's
get_db_prep_save, as Django's own bulk_create does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

def _converter(field: models.Field) -> Callable[[Any], Any]:
    """Text, whole numbers and None go to the database as they are; anything else (dates, decimals,
    files ...) through the field's own preparation."""
    conn = connections[DEFAULT_DB_ALIAS]
    plain = (str, int, type(None))

    def prepare(value: Any) -> Any:
        return value if type(value) in plain else field.get_db_prep_save(value, conn)

    return prepare


def _insert(model: type[models.Model], fields: list[models.Field], rows: list[tuple], pk: models.Field) -> list[Any]:
    """Inserts rows (values in `fields` order) and returns the new primary keys, in row order."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(1000, connection.features.max_query_params // max(1, len(fields)))) if connection.features.max_query_params else 1000
    ids: list[Any] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} RETURNING {qn(pk.column)}"
            cursor.execute(sql, [value for row in chunk for value in row])
            ids.extend(r[0] for r in cursor.fetchall())
    if len(ids) != len(rows):
        raise RuntimeError(f"{model.__name__}: {len(rows)} rows inserted, {len(ids)} keys returned")
    return ids


def insert_with_history(objs: Sequence[models.Model], model: type[models.Model], *, user=None) -> Sequence[models.Model]:
    """Inserts unsaved `objs` of `model` (their primary keys are set) and one "+" history record
    each, attributed to `user`. Runs inside the caller's transaction."""
    if not objs:
        return objs
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        from simple_history.utils import bulk_create_with_history

        return bulk_create_with_history(objs, model, batch_size=500, default_user=user)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    convert = [_converter(f) for f in fields]
    rows = []
    for obj in objs:
        # pre_save: auto_now / auto_now_add fields take their value here, as in Model.save().
        rows.append(tuple(c(f.pre_save(obj, True)) for f, c in zip(fields, convert)))
    ids = _insert(model, fields, rows, meta.pk)
    for obj, pk in zip(objs, ids):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias

    history = model.history.model
    tracked = {f.attname for f in history.tracked_fields}
    h_fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    fixed = {
        "history_date": history._meta.get_field("history_date").get_db_prep_save(now, connection),
        "history_change_reason": None,  # as a save records it
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    h_convert = [_converter(f) for f in h_fields]
    h_rows = []
    for obj in objs:
        h_rows.append(tuple(
            c(getattr(obj, f.attname)) if f.attname in tracked else fixed[f.attname]
            for f, c in zip(h_fields, h_convert)
        ))
    unknown = [f.attname for f in h_fields if f.attname not in tracked and f.attname not in fixed]
    if unknown:
        raise RuntimeError(f"{history.__name__}: no value for {', '.join(unknown)}")
    _insert(history, h_fields, h_rows, history._meta.pk)
    return objs


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    """Plain rows (values already in database form) into `model`'s table, by field attname."""
    if rows:
        meta = model._meta
        _insert(model, [_by_attname(meta, c) for c in columns], rows, meta.pk)


def _by_attname(meta, attname: str) -> models.Field:
    return next(f for f in meta.concrete_fields if f.attname == attname)
