"""Writes for governance groups and their meetings. Each takes the acting `user` and holds them to
the permissions module (coordinators and admins edit groups), whoever calls it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.models import GROUP_TERMS_FIELDS, Agency, Group, Meeting, Person
from partnerships.permissions import Perm, User, require


@transaction.atomic
def group_change(*, group: Group, data: dict[str, Any], user: User) -> Group:
    """Change a group's terms of reference (the fields of partnerships.models.GROUP_TERMS_FIELDS)."""
    require(user, group.partnership, Perm.EDIT_GROUPS)
    unknown = set(data) - set(GROUP_TERMS_FIELDS)
    if unknown:
        raise TypeError(f"not group fields: {sorted(unknown)}")
    for name in ("area", "accountable_to"):
        related = data.get(name)
        if related is not None and related.partnership_id != group.partnership_id:
            raise ValidationError({name: "Choose one of this partnership's own."})
    for name, value in data.items():
        setattr(group, name, value)
    group.save()
    return group


def _check_people(group: Group, host_agency: Agency | None, attendees: list[Person]) -> None:
    if host_agency is not None and host_agency.partnership_id != group.partnership_id:
        raise ValidationError({"host_agency": "Choose one of this partnership's own agencies."})
    if any(p.partnership_id != group.partnership_id for p in attendees):
        raise ValidationError({"attendees": "Choose from this partnership's own people."})


@transaction.atomic
def meeting_record(*, group: Group, date: dt.date, host_agency: Agency | None, host_text: str,
                   attendees: list[Person], minutes: str, user: User) -> Meeting:
    require(user, group.partnership, Perm.EDIT_GROUPS)
    _check_people(group, host_agency, attendees)
    try:
        # A savepoint: the clash is reported as a form error and the outer transaction goes on.
        with transaction.atomic():
            meeting = Meeting.objects.create(group=group, date=date, host_agency=host_agency, host_text=host_text,
                                             minutes=minutes)
    except IntegrityError as exc:
        raise ValidationError({"date": f"{group} already has a meeting on {date:%d/%m/%Y}."}) from exc
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_change(*, meeting: Meeting, date: dt.date, host_agency: Agency | None, host_text: str,
                   attendees: list[Person], minutes: str, user: User) -> Meeting:
    require(user, meeting.group.partnership, Perm.EDIT_GROUPS)
    _check_people(meeting.group, host_agency, attendees)
    meeting.date, meeting.host_agency, meeting.host_text, meeting.minutes = date, host_agency, host_text, minutes
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:
        raise ValidationError({"date": f"{meeting.group} already has a meeting on {date:%d/%m/%Y}."}) from exc
    meeting.attendees.set(attendees)
    return meeting
