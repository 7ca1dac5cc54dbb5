"""Writes of the Part 4 duty. Each takes the acting `user` and holds them to partnerships.permissions
(`require`), whoever calls it; objects named in the data are checked to be the partnership's own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from part4.models import VERSION_FIELDS, AnnualReturn, Board, Category, Document, Seat, Version
from part4.returns import CODES
from partnerships.models import Group, GroupMember, Partnership
from partnerships.permissions import Perm, User, require
from partnerships.saving import save_or_clash


@transaction.atomic
def board_designate(*, partnership: Partnership, group: Group, council: str, has_districts: bool,
                    appointed_on: dt.date | None, user: User) -> Board:
    require(user, partnership, Perm.EDIT_GROUPS)
    if group.partnership_id != partnership.pk:
        raise ValidationError({"group": "Choose one of this partnership's own groups."})
    if Board.objects.filter(group=group).exists():
        raise ValidationError({"group": f"{group} is already a Local Partnership Board."})
    board = Board(partnership=partnership, group=group, council=council.strip(), has_districts=has_districts,
                  appointed_on=appointed_on)
    save_or_clash(board, {"council": f"This partnership already has a board for {council}."})
    return board


@transaction.atomic
def seat_add(*, board: Board, member: GroupMember, category: str, user: User) -> Seat:
    require(user, board.partnership, Perm.EDIT_GROUPS)
    if member.group_id != board.group_id:
        raise ValidationError({"member": f"Choose a member of {board.group}."})
    if category not in Category.values:
        raise ValidationError({"category": "Choose one of the Act's categories."})
    seat = Seat(board=board, member=member, category=category)
    save_or_clash(seat, {"category": f"{member.person} already represents {Category(category).label.lower()}."})
    return seat


@transaction.atomic
def seat_remove(*, seat: Seat, user: User) -> None:
    require(user, seat.board.partnership, Perm.EDIT_GROUPS)
    seat.delete()


@transaction.atomic
def document_start(*, board: Board, kind: str, title: str, user: User) -> Document:
    require(user, board.partnership, Perm.EDIT_PLAN)
    document = Document(board=board, kind=kind, title=title.strip())
    save_or_clash(document, {"kind": f"{board} has its {Document.Kind(kind).label.lower()} already."})
    return document


@transaction.atomic
def version_record(*, document: Document, data: dict[str, Any], user: User, version: Version | None = None) -> Version:
    """A new version of the document, or (version given) a correction of one."""
    require(user, document.board.partnership, Perm.EDIT_PLAN)
    unknown = set(data) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"not fields of Version: {sorted(unknown)}")
    if version is None:
        version = Version(document=document)
    elif version.document_id != document.pk:
        raise ValidationError("That version is not this document's.")
    for name, value in data.items():
        setattr(version, name, value)
    save_or_clash(version, {"label": f"{document} has a version {version.label} already."})
    return version


@transaction.atomic
def return_save(*, board: Board, year_start: int, figures: dict[str, int | None], submitted_on: dt.date | None,
                notes: str, user: User) -> AnnualReturn:
    """The year's return with these figures (an item None is not given), checked as a whole."""
    require(user, board.partnership, Perm.EDIT_PLAN)
    unknown = set(figures) - set(CODES)
    if unknown:
        raise ValidationError({"figures": f"Not items of the return: {', '.join(sorted(unknown))}."})
    annual_return = AnnualReturn.objects.select_for_update().filter(board=board, year_start=year_start).first()
    if annual_return is None:
        annual_return = AnnualReturn(board=board, year_start=year_start)
    annual_return.figures = {code: value for code, value in figures.items() if value is not None}
    annual_return.submitted_on = submitted_on
    annual_return.notes = notes
    save_or_clash(annual_return, {"year_start": f"{board} has a return for that year already."})
    return annual_return
