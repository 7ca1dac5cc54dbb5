"""Writes for MARAC data: a MARAC, and a quarter's figures imported from CSV (all or nothing)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from indicators.models import Indicator, Value
from marac.items import CSV_COLUMNS, ITEM_BY_COLUMN, ITEMS
from marac.models import Marac
from partnerships.models import Area, Partnership
from partnerships.numbers import parse_whole
from partnerships.periods import PeriodError, Quarter
from partnerships.permissions import Perm, User, require

MAX_ROWS = 500
MAX_COUNT = 100_000


@dataclass
class ImportResult:
    rows: int
    created: int
    changed: int


@transaction.atomic
def marac_create(*, user: User, partnership: Partnership, area: Area, name: str,
                 adult_female_population: int, population_source: str = "") -> Marac:
    require(user, partnership, Perm.EDIT_INDICATORS)
    if area.partnership_id != partnership.pk:
        raise ValidationError({"area": "That area is not part of this partnership."})
    if Marac.objects.filter(area=area).exists():
        raise ValidationError({"area": f"{area.name} already has a MARAC."})
    if Marac.objects.filter(partnership=partnership, name=name).exists():
        raise ValidationError({"name": f"There is already a MARAC called {name}."})
    return Marac.objects.create(partnership=partnership, area=area, name=name,
                                adult_female_population=adult_female_population,
                                population_source=population_source)


def indicators_for(partnership: Partnership) -> dict[str, Indicator]:
    """The partnership's MARAC item indicators by code, created on demand (counts, polarity unknown)."""
    existing = {i.code: i for i in Indicator.objects.in_partnership(partnership).filter(
        code__in=[item.code for item in ITEMS])}
    for order, item in enumerate(ITEMS, start=100):
        if item.code not in existing:
            existing[item.code] = Indicator.objects.create(
                partnership=partnership, code=item.code, name=item.name, unit=Indicator.Unit.COUNT,
                polarity=Indicator.Polarity.UNKNOWN, source_text="MARAC quarterly data (SafeLives items)",
                order=order, suppress_small_counts=item.is_equality,
                definition=f"SafeLives quarterly MARAC data item: {item.name.lower()}, cases discussed in the quarter.",
            )
    return existing


def _parse(text: str, maracs: dict[str, Marac]) -> tuple[list[tuple[Marac, Quarter, dict[str, int]]], list[str]]:
    """The rows, or the errors: each names its row (the header is row 1) and column."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        return [], ["The file is empty: the first row must name the columns " + ", ".join(CSV_COLUMNS) + "."]
    missing = [c for c in ("marac", "quarter") if c not in header]
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    errors = []
    if missing:
        errors.append(f"Row 1: the columns {', '.join(missing)} are missing.")
    if unknown:
        errors.append(f"Row 1: unknown columns {', '.join(unknown)}; the columns are {', '.join(CSV_COLUMNS)}.")
    if errors:
        return [], errors
    rows, seen = [], set()
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            errors.append(f"More than {MAX_ROWS} rows: split the file.")
            break
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        marac = maracs.get(row.get("marac", "").casefold())
        if marac is None:
            names = ", ".join(m.name for m in maracs.values()) or "none yet: add one first"
            errors.append(f"Row {number}, column marac: no MARAC called {row.get('marac')!r} (the MARACs: {names}).")
        try:
            quarter = Quarter.parse(row.get("quarter", ""))
        except PeriodError as exc:
            errors.append(f"Row {number}, column quarter: {exc}")
            quarter = None
        counts: dict[str, int] = {}
        for column in ITEM_BY_COLUMN:
            value = row.get(column, "")
            if value == "":
                continue  # not recorded this quarter
            count = parse_whole(value.replace(",", ""))
            if count is None or count > MAX_COUNT:
                errors.append(f"Row {number}, column {column}: {value!r} is not a count (a whole number from 0 "
                              f"to {MAX_COUNT:,}).")
                continue
            counts[column] = count
        cases = counts.get("cases_discussed")
        if cases is not None:
            for column, count in counts.items():
                if column not in ("cases_discussed", "children") and count > cases:
                    errors.append(f"Row {number}, column {column}: {count} is more than the {cases} cases discussed.")
        if marac is not None and quarter is not None:
            if (marac.pk, quarter.index) in seen:
                errors.append(f"Row {number}: {marac.name} {quarter.label} is already in the file.")
            seen.add((marac.pk, quarter.index))
            rows.append((marac, quarter, counts))
    if not rows and not errors:
        errors.append("The file has no rows of figures under its header.")
    return rows, errors


@transaction.atomic
def marac_quarter_import(*, user: User, partnership: Partnership, text: str) -> ImportResult:
    """Every row or none: a bad row raises ValidationError listing every problem. Each figure is a Value
    of the MARAC's area (its history records who changed what); an empty cell leaves a figure as it was."""
    recorder = require(user, partnership, Perm.EDIT_INDICATORS).user
    maracs = {m.name.casefold(): m for m in Marac.objects.in_partnership(partnership).select_related("area")}
    rows, errors = _parse(text, maracs)
    if errors:
        raise ValidationError(errors)
    indicators = indicators_for(partnership)
    existing = {
        (v.indicator_id, v.area_id, v.year_start, v.quarter): v
        for v in Value.objects.filter(indicator__in=indicators.values(),
                                      area__in=[marac.area for marac, _, _ in rows])
    }
    created = changed = 0
    now = timezone.now()
    for marac, quarter, counts in rows:
        for column, count in counts.items():
            indicator = indicators[ITEM_BY_COLUMN[column].code]
            value = existing.get((indicator.pk, marac.area_id, quarter.year_start, quarter.number))
            if value is None:
                Value.objects.create(indicator=indicator, area=marac.area, year_start=quarter.year_start,
                                     quarter=quarter.number, value=count, recorded_by=recorder, recorded_at=now,
                                     note="MARAC quarterly data import")
                created += 1
            elif value.value != count:
                value.value, value.recorded_by, value.recorded_at = count, recorder, now
                value.save(update_fields=["value", "recorded_by", "recorded_at"])
                changed += 1
    return ImportResult(rows=len(rows), created=created, changed=changed)
