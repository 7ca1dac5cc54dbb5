"""Writes the figures part of a preview: indicators a plan's figures table names for the first
time, then values (recorded by the importing user, now) and local targets."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone

from indicators.models import Indicator, Target, Value
from legacy.apply.bulk import insert_values_with_history, insert_with_history
from legacy.apply.rows import split_rows, update_changed
from legacy.diff import Preview
from partnerships.permissions import User


def apply_figures(preview: Preview, user: User | None) -> None:
    now = timezone.now()
    created = [Indicator(partnership=preview.partnership, **r.values) for r in preview.rows if r.kind == "indicator"]
    insert_with_history(created, Indicator, user=user)
    by_code = {i.code: i for i in created}
    kinds: tuple[tuple[str, type[Model], dict[str, Any]], ...] = (
        ("value", Value, {"recorded_by_id": getattr(user, "pk", None), "recorded_at": now}),
        ("target", Target, {"kind": Target.Kind.LOCAL}),
    )
    for kind, model, extra in kinds:
        new, changed = split_rows(preview.rows, kind)
        rows = []
        for r in new:
            values = {k: v for k, v in r.values.items() if k not in ("indicator", "area")}
            indicator = r.values["indicator"] or by_code[r.parent_key]
            area = r.values["area"]
            rows.append(values | {"indicator_id": indicator.pk, "area_id": area.pk if area else None} | extra)
        insert_values_with_history(model, rows, user=user)
        update_changed(model, changed, user)
