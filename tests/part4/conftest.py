"""A Local Partnership Board for the `world`'s north partnership: its SIG, designated for North Council."""

from __future__ import annotations

import pytest

from part4.models import Board
from tests.conftest import World


@pytest.fixture
def board(world: World) -> Board:
    return Board.objects.create(partnership=world.north, group=world.sig, council="North Council")
