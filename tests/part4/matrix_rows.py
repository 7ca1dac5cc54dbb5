"""The part4 app's rows of the permission matrix (tests/test_permission_matrix.py picks them up): members
read the boards, documents and returns; coordinators and admins write (viewers read published reports
only, so get 403 here)."""

from __future__ import annotations

from django.db.models import Model

from part4.models import AnnualReturn, Board, Document, Seat, Version
from partnerships.models import Group, GroupMember, Partnership, Person
from tests.matrix import COORDINATORS, COORDINATORS_WRITE, READERS, Kwargs, Page, expect


def _board(p: Partnership) -> Board:
    group, _ = Group.objects.get_or_create(partnership=p, slug="lpb", defaults={"name": "Local Partnership Board"})
    board, _ = Board.objects.get_or_create(partnership=p, group=group, defaults={"council": f"{p.name} Council"})
    return board


def a_board(p: Partnership) -> Kwargs:
    return {"pk": _board(p).pk}


def a_seat(p: Partnership) -> Kwargs:
    board = _board(p)
    person, _ = Person.objects.get_or_create(partnership=p, name="Board Member")
    member, _ = GroupMember.objects.get_or_create(group=board.group, person=person)
    seat, _ = Seat.objects.get_or_create(board=board, member=member, category="health")
    return {"pk": board.pk, "seat_pk": seat.pk}


def seat_data(p: Partnership) -> Kwargs:
    board = _board(p)
    person, _ = Person.objects.get_or_create(partnership=p, name="Board Member")
    member, _ = GroupMember.objects.get_or_create(group=board.group, person=person)
    return {"member": member.pk, "category": "victims"}


def a_document(p: Partnership) -> Kwargs:
    document, _ = Document.objects.get_or_create(board=_board(p), kind="strategy",
                                                 defaults={"title": "Safe accommodation strategy"})
    return {"pk": document.pk}


def a_return(p: Partnership) -> Kwargs:
    annual_return, _ = AnnualReturn.objects.get_or_create(board=_board(p), year_start=2023,
                                                          defaults={"figures": {"people_total": 3}})
    return {"pk": annual_return.pk}


def a_return_xlsx(p: Partnership) -> Kwargs:
    return {**a_return(p), "fmt": "xlsx"}


def board_data(p: Partnership) -> Kwargs:
    group, _ = Group.objects.get_or_create(partnership=p, slug="dasg", defaults={"name": "DA Strategy Group"})
    return {"group": group.pk, "council": "Another Council", "has_districts": "on"}


VERSION = {"label": "Final", "consulted_on": "2021-11-01", "published_on": "2021-12-01"}
FIGURES = {"year": "2024-25", "people_total": "10", "people_women": "6", "people_children": "4"}
WRITE_404 = expect(302, lead=403, member=403, viewer=403)

PAGES: list[Page] = [
    Page("part4:index", READERS),
    Page("part4:board_add", COORDINATORS_WRITE, method="post", data=board_data, cross=expect(200, lead=403, member=403,
                                                                                            viewer=403)),
    Page("part4:board", READERS, a_board),
    Page("part4:seat_add", WRITE_404, a_board, "post", seat_data),
    Page("part4:seat_remove", WRITE_404, a_seat, "post"),
    Page("part4:document_add", WRITE_404, a_board, "post", lambda p: {"kind": "needs_assessment",
                                                                     "title": "Needs assessment 2021"}),
    Page("part4:return_add", COORDINATORS, a_board),
    Page("part4:return_add", WRITE_404, a_board, "post", lambda p: FIGURES),
    Page("part4:document", READERS, a_document),
    Page("part4:version_add", WRITE_404, a_document, "post", lambda p: VERSION),
    Page("part4:return", READERS, a_return),
    Page("part4:return_edit", COORDINATORS, a_return),
    Page("part4:return_edit", WRITE_404, a_return, "post", lambda p: {"people_total": "5", "people_women": "5"}),
    Page("part4:return_export", READERS, a_return_xlsx),
]
MODELS: list[type[Model]] = [Board, Seat, Document, Version, AnnualReturn]
