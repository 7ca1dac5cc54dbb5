"""Writes for indicators and BVPI 225. Forms check input first; these functions keep the invariants
(one value per indicator, area and period; a yes answer needs its evidence) and hold the acting
`user` to the permissions module, whoever calls them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from indicators.models import (
    ANSWER_FIELDS,
    YES_NEEDS_EVIDENCE,
    Bvpi225Answer,
    Bvpi225Assessment,
    Bvpi225MonitoringEntry,
    Bvpi225Question,
    Indicator,
    Target,
    Value,
)
from partnerships.models import Area, Partnership
from partnerships.periods import Period, split_period
from partnerships.permissions import Forbidden, Perm, User, may_sign_off_bvpi, require


def _check_area(indicator: Indicator, area: Area | None) -> None:
    if area is not None and area.partnership_id != indicator.partnership_id:
        raise ValidationError({"area": "That area is not part of this partnership."})


@transaction.atomic
def value_record(*, indicator: Indicator, area: Area | None, period: Period, value: Decimal, note: str = "",
                 user: User, year_to_date: bool = False) -> Value:
    """Record a new value; a value already there for that area and period is refused (change it instead)."""
    require(user, indicator.partnership, Perm.EDIT_INDICATORS)
    _check_area(indicator, area)
    year_start, quarter = split_period(period)
    try:
        # A savepoint: the clash is reported as a form error and the outer transaction goes on.
        with transaction.atomic():
            return Value.objects.create(  # type: ignore[misc]  # user: require() let only a member through
                indicator=indicator, area=area, year_start=year_start, quarter=quarter, value=value, note=note,
                recorded_by=user, recorded_at=timezone.now(), year_to_date=year_to_date and quarter is not None,
            )
    except IntegrityError as exc:
        raise ValidationError("There is already a value for that area and period: change it instead.") from exc


@transaction.atomic
def value_change(*, value: Value, area: Area | None, period: Period, new_value: Decimal, note: str = "",
                 user: User, year_to_date: bool = False) -> Value:
    require(user, value.indicator.partnership, Perm.EDIT_INDICATORS)
    _check_area(value.indicator, area)
    value.area = area
    value.year_start, value.quarter = split_period(period)
    value.value = new_value
    value.note = note
    value.year_to_date = year_to_date and value.quarter is not None
    value.recorded_by = user  # type: ignore[assignment]  # require() let only a signed-in member through
    value.recorded_at = timezone.now()
    try:
        with transaction.atomic():
            value.save()
    except IntegrityError as exc:
        raise ValidationError("There is already a value for that area and period.") from exc
    return value


@transaction.atomic
def target_record(*, indicator: Indicator, kind: str, area: Area | None, period: Period, value: Decimal,
                  note: str = "", user: User) -> Target:
    require(user, indicator.partnership, Perm.EDIT_INDICATORS)
    _check_area(indicator, area)
    year_start, quarter = split_period(period)
    try:
        with transaction.atomic():
            return Target.objects.create(indicator=indicator, kind=kind, area=area, year_start=year_start,
                                         quarter=quarter, value=value, note=note)
    except IntegrityError as exc:
        raise ValidationError("There is already a target of that kind for that area and period.") from exc


@transaction.atomic
def target_change(*, target: Target, kind: str, area: Area | None, period: Period, value: Decimal,
                  note: str = "", user: User) -> Target:
    require(user, target.indicator.partnership, Perm.EDIT_INDICATORS)
    _check_area(target.indicator, area)
    target.kind = kind
    target.area = area
    target.year_start, target.quarter = split_period(period)
    target.value = value
    target.note = note
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise ValidationError("There is already a target of that kind for that area and period.") from exc
    return target


# BVPI 225


@transaction.atomic
def bvpi_answer_change(*, answer: Bvpi225Answer, user: User, **fields: Any) -> bool:
    """Change an answer's fields (those of ANSWER_FIELDS). Returns True when an earlier sign-off was
    withdrawn because the year-end answer or its evidence changed (what was signed off is no longer
    what the answer says)."""
    require(user, answer.assessment.partnership, Perm.EDIT_BVPI)
    unknown = set(fields) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"not answer fields: {sorted(unknown)}")
    new_answer = fields.get("year_end_answer", answer.year_end_answer)
    evidence = fields.get("backed_up_by", answer.backed_up_by)
    if new_answer and not (evidence or "").strip():
        raise ValidationError({"backed_up_by": YES_NEEDS_EVIDENCE})
    substance_changed = new_answer != answer.year_end_answer or evidence != answer.backed_up_by
    for name, val in fields.items():
        setattr(answer, name, val)
    withdrawn = bool(substance_changed and (answer.signed_off_by or answer.signed_off_on))
    if withdrawn:
        answer.signed_off_by = ""
        answer.signed_off_on = None
    answer.save()
    return withdrawn


@transaction.atomic
def bvpi_monitoring_add(*, answer: Bvpi225Answer, label: str, date: dt.date, text: str,
                        user: User) -> Bvpi225MonitoringEntry:
    require(user, answer.assessment.partnership, Perm.EDIT_BVPI)
    try:
        with transaction.atomic():
            return Bvpi225MonitoringEntry.objects.create(answer=answer, label=label, date=date, text=text)
    except IntegrityError as exc:
        raise ValidationError({"date": "This answer already has a monitoring entry on that date."}) from exc


@transaction.atomic
def bvpi_sign_off(*, answer: Bvpi225Answer, user: User) -> Bvpi225Answer:
    """Record who signed the answer off and when: a coordinator or a group chair (may_sign_off_bvpi)."""
    require(user, answer.assessment.partnership)
    if not may_sign_off_bvpi(user, answer.assessment.partnership):
        raise Forbidden(Perm.SIGN_OFF_BVPI)
    if answer.year_end_answer is None:
        raise ValidationError("Give the year-end answer before signing it off.")
    answer.signed_off_by = user.get_full_name() or user.get_username()  # type: ignore[union-attr]
    answer.signed_off_on = timezone.localdate()
    answer.save(update_fields=["signed_off_by", "signed_off_on"])
    return answer


@transaction.atomic
def bvpi_assessment_start(*, partnership: Partnership, area: Area, year_start: int,
                          user: User) -> Bvpi225Assessment:
    """Open an area's assessment for a year: every question, with an empty answer."""
    require(user, partnership, Perm.EDIT_BVPI)
    if area.partnership_id != partnership.pk:
        raise ValidationError({"area": "That area is not part of this partnership."})
    if Bvpi225Assessment.objects.filter(area=area, year_start=year_start).exists():
        raise ValidationError("That year's assessment has already been started for this area.")
    questions = list(Bvpi225Question.objects.order_by("number"))
    if not questions:
        raise ValidationError("The BVPI 225 questions have not been loaded yet.")
    previous = Bvpi225Assessment.objects.filter(area=area, year_start__lt=year_start).order_by("-year_start").first()
    assessment = Bvpi225Assessment.objects.create(
        partnership=partnership, area=area, year_start=year_start, purpose=previous.purpose if previous else "",
    )
    bulk_create_with_history([Bvpi225Answer(assessment=assessment, question=q) for q in questions], Bvpi225Answer)
    return assessment
