"""The part4 services hold whoever calls them to the permissions module and to the partnership: a
member cannot write, another partnership's group cannot be designated, a return's figures are checked
as a whole and nothing is half-written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from part4 import services
from part4.models import AnnualReturn, Board, Document
from partnerships.models import Group
from partnerships.permissions import Forbidden
from tests.conftest import World


def test_a_member_cannot_write(world: World, board: Board) -> None:
    with pytest.raises(Forbidden):
        services.return_save(board=board, year_start=2024, figures={"people_total": 1}, submitted_on=None,
                             notes="", user=world.member)
    with pytest.raises(Forbidden):
        services.document_start(board=board, kind="strategy", title="S", user=world.lead)
    assert not AnnualReturn.objects.exists() and not Document.objects.exists()


def test_another_partnerships_group_cannot_be_designated(world: World) -> None:
    south = Group.objects.create(partnership=world.south, slug="lpb", name="South LPB")
    with pytest.raises(ValidationError) as raised:
        services.board_designate(partnership=world.north, group=south, council="North Council", has_districts=False,
                                 appointed_on=None, user=world.coordinator)
    assert raised.value.message_dict == {"group": ["Choose one of this partnership's own groups."]}
    assert not Board.objects.exists()


def test_a_return_that_does_not_add_up_is_not_written(world: World, board: Board) -> None:
    with pytest.raises(ValidationError) as raised:
        services.return_save(board=board, year_start=2024, figures={"beds_total": 3, "beds_refuge": 4},
                             submitted_on=None, notes="", user=world.coordinator)
    assert "beds_total" in raised.value.message_dict
    assert not AnnualReturn.objects.exists()
    saved = services.return_save(board=board, year_start=2024, figures={"beds_total": 4, "beds_refuge": 4,
                                                                        "people_men": None},
                                 submitted_on=None, notes="", user=world.coordinator)
    assert saved.figures == {"beds_total": 4, "beds_refuge": 4}
    again = services.return_save(board=board, year_start=2024, figures={"beds_total": 5}, submitted_on=None,
                                 notes="corrected", user=world.coordinator)
    assert again.pk == saved.pk and again.history.count() == 2
