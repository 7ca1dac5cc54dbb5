"""Bulk inserts for imports: rows and their "+" history records, without building a historical
model instance per row or compiling a value placeholder per cell.

`bulk_create_with_history` (django-simple-history) is correct but spends most of a 10,000-action
import in Django's insert compiler and in creating 10,000 historical model instances (see
bench/bench_import.py). This writes the same rows, and the same history rows as
simple_history's `bulk_history_create` would (history_type "+", history_date, history_user,
history_change_reason None as a save records it, every tracked field): on PostgreSQL with one
COPY ... FROM STDIN (keys drawn from the table's sequence), elsewhere with one multi-row
INSERT ... RETURNING per batch. Text cells are passed through as they are; every other value goes
through its field's get_db_prep_save, as Django's own bulk_create does.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.options import Options
from django.utils import timezone

from partnerships.permissions import User

Field = models.Field[Any, Any]


def _converter(field: Field) -> Callable[[Any], Any]:
    """Text, whole numbers and None go to the database as they are; anything else (dates, decimals,
    files ...) through the field's own preparation."""
    conn = connections[DEFAULT_DB_ALIAS]  # the connection itself: `connection` is a proxy, slow per cell
    plain = (str, int, type(None))

    def prepare(value: Any) -> Any:
        return value if type(value) in plain else field.get_db_prep_save(value, conn)

    return prepare


def _column(field: Field) -> str:
    if field.column is None:
        raise TypeError(f"{field} has no column")
    return field.column


# Values PostgreSQL's COPY text format takes as their str(); anything else goes through INSERT.
_COPYABLE = (str, int, float, Decimal, dt.date, dt.time, uuid.UUID)


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(model: type[models.Model], fields: list[Field], rows: list[tuple[Any, ...]], pk: Field) -> list[Any] | None:
    """PostgreSQL: keys drawn from the table's sequence, then one COPY ... FROM STDIN (several times
    faster than a multi-row INSERT, whose parameters psycopg2 quotes one by one). None when a value
    is of a type COPY's text format is not sure to read back the same."""
    if not all(v is None or isinstance(v, _COPYABLE) for row in rows for v in row):
        return None
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if not hasattr(cursor.cursor, "copy_expert"):
            return None
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [table, _column(pk), len(rows)])
        ids = [r[0] for r in cursor.fetchall()]
        text = "".join(
            "\t".join([str(pk_value), *map(_copy_text, row)]) + "\n" for pk_value, row in zip(ids, rows, strict=True)
        )
        columns = ", ".join(qn(_column(f)) for f in [pk, *fields])
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO(text))
    return ids


def _insert(model: type[models.Model], fields: list[Field], rows: list[tuple[Any, ...]], pk: Field) -> list[Any]:
    """Inserts rows (values in `fields` order) and returns the new primary keys, in row order."""
    if connection.vendor == "postgresql" and pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField"):
        copied = _copy(model, fields, rows, pk)
        if copied is not None:
            return copied
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(_column(f)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    max_params = connection.features.max_query_params
    size = max(1, min(1000, max_params // max(1, len(fields)))) if max_params else 1000
    ids: list[Any] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} RETURNING {qn(_column(pk))}"
            cursor.execute(sql, [value for row in chunk for value in row])
            ids.extend(r[0] for r in cursor.fetchall())
    if len(ids) != len(rows):
        raise RuntimeError(f"{model.__name__}: {len(rows)} rows inserted, {len(ids)} keys returned")
    return ids


def insert_with_history[M: models.Model](objs: Sequence[M], model: type[M], *,
                                         user: User | None = None) -> Sequence[M]:
    """Inserts unsaved `objs` of `model` (their primary keys are set) and one "+" history record
    each, attributed to `user`. Runs inside the caller's transaction."""
    if not objs:
        return objs
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # pre_save: auto_now / auto_now_add fields take their value here, as in Model.save().
    values = [{f.attname: f.pre_save(obj, True) for f in fields} for obj in objs]
    ids = insert_values_with_history(model, values, user=user)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def insert_values_with_history(model: type[models.Model], values: list[dict[str, Any]], *,
                               user: User | None = None) -> list[Any]:
    """Inserts one row per dict (field attname -> value; a field left out takes its default, as a
    new model instance would; auto_now fields take the time now) and its "+" history record;
    returns the new primary keys in order. No model instance is built: for tens of thousands of rows."""
    if not values:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in fields]
    unknown = set().union(*values) - set(attnames)
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    now = timezone.now()
    raw = _with_defaults(fields, values, now)
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        from simple_history.utils import bulk_create_with_history

        instances = [model(**dict(zip(attnames, r, strict=True))) for r in raw]
        objs = bulk_create_with_history(instances, model, batch_size=500, default_user=user)
        return [o.pk for o in objs]

    history = model.history.model  # type: ignore[attr-defined]  # django-simple-history adds it at runtime
    h_fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    plan = _history_plan(history, h_fields, attnames, meta.pk.attname, now, user)
    convert = [_converter(f) for f in fields]
    rows = [tuple(c(v) for c, v in zip(convert, r, strict=True)) for r in raw]
    ids = _insert(model, fields, rows, meta.pk)
    # The history row holds the same (already prepared) values, and the new key as its id.
    h_rows = [
        tuple(pk if kind == "pk" else row[arg] if kind == "row" else arg for kind, arg in plan)
        for row, pk in zip(rows, ids, strict=True)
    ]
    _insert(history, h_fields, h_rows, history._meta.pk)
    return ids


def _with_defaults(fields: list[Field], values: list[dict[str, Any]], now: dt.datetime) -> list[list[Any]]:
    """Each dict as a row of `fields`: a field left out takes its default; auto_now fields the time now."""
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now if isinstance(f, models.DateTimeField) else timezone.localdate(now)
        else:
            defaults[f.attname] = f.get_default()
    attnames = [f.attname for f in fields]
    auto = {f.attname for f in fields if getattr(f, "auto_now", False)}
    return [[defaults[a] if a in auto or a not in d else d[a] for a in attnames] for d in values]


def _history_plan(history: Any, h_fields: list[Field], attnames: list[str], pk_attname: str,
                  now: dt.datetime, user: User | None) -> list[tuple[str, Any]]:
    """Where each history column's value comes from: ("pk", None) the new row's key, ("row", i) the
    row's i-th value, ("fixed", value) the same for every row (when, who, "+"). RuntimeError for a
    history column nothing fills. `history` is the model's simple_history historical model."""
    tracked = {f.attname for f in history.tracked_fields}
    fixed = {
        "history_date": history._meta.get_field("history_date").get_db_prep_save(now, connection),
        "history_change_reason": None,  # as a save records it
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    missing = [f.attname for f in h_fields if f.attname not in tracked and f.attname not in fixed]
    if missing:
        raise RuntimeError(f"{history.__name__}: no value for {', '.join(missing)}")
    index = {a: i for i, a in enumerate(attnames)}
    return [
        ("pk", None) if f.attname == pk_attname else ("row", index[f.attname]) if f.attname in tracked
        else ("fixed", fixed[f.attname]) for f in h_fields
    ]


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain rows (values already in database form) into `model`'s table, by field attname."""
    if rows:
        meta = model._meta
        _insert(model, [_by_attname(meta, c) for c in columns], rows, meta.pk)


def _by_attname(meta: Options[Any], attname: str) -> Field:
    return next(f for f in meta.concrete_fields if f.attname == attname)
