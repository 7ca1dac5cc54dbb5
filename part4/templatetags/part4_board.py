"""The group page's Part 4 panel: whether the group is a Local Partnership Board and which of the Act's
categories its members fill (two queries; none more for a group that is not a board but the first)."""

from __future__ import annotations

from typing import Any

from django import template

from part4.models import Board
from part4.queries import coverage_of
from partnerships.models import Group

register = template.Library()


@register.simple_tag
def part4_board(group: Group) -> dict[str, Any] | None:
    board = Board.objects.filter(group=group).first()
    if board is None:
        return None
    coverage = coverage_of(board)
    return {"board": board, "coverage": coverage, "missing": [c for c in coverage if not c.filled]}
