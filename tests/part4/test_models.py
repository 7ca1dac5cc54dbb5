"""The strategy's review clock (SI 2021/990 reg 4(1): a review within each three-year period from first
publication), a version's consultation of the board before publication (s57(4)), and a board's coverage
of the Act's categories (s58)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from part4.models import Board, Category, Document, Seat, Version
from partnerships.models import GroupMember, Person
from tests.conftest import World


def _v(label: str, published: dt.date | None, reviewed: dt.date | None = None) -> Version:
    return Version(label=label, consulted_on=published, published_on=published, reviewed_on=reviewed)


def test_the_review_is_due_three_years_from_first_publication() -> None:
    strategy = Document(kind=Document.Kind.STRATEGY)
    clock = strategy.review_clock([_v("Final", dt.date(2021, 12, 15))])
    assert clock is not None and clock.due == dt.date(2024, 12, 14)
    assert clock.days_left(dt.date(2024, 12, 1)) == 13


def test_a_review_in_the_period_moves_the_clock_to_the_end_of_the_next_period() -> None:
    strategy = Document(kind=Document.Kind.STRATEGY)
    clock = strategy.review_clock([_v("Final", dt.date(2021, 12, 15)), _v("Refresh", None, dt.date(2024, 6, 1))])
    assert clock is not None and clock.due == dt.date(2027, 12, 14)
    assert clock.last_review == dt.date(2024, 6, 1)


def test_a_review_after_its_period_does_not_make_up_for_the_missed_one() -> None:
    strategy = Document(kind=Document.Kind.STRATEGY)
    clock = strategy.review_clock([_v("Final", dt.date(2021, 12, 15)), _v("Late", dt.date(2025, 3, 1))])
    assert clock is not None and clock.due == dt.date(2024, 12, 14)


def test_no_clock_for_a_needs_assessment_or_an_unpublished_strategy() -> None:
    assert Document(kind=Document.Kind.NEEDS_ASSESSMENT).review_clock([_v("1", dt.date(2021, 6, 1))]) is None
    assert Document(kind=Document.Kind.STRATEGY).review_clock([_v("Draft", None)]) is None


def test_a_version_published_before_the_board_was_consulted_is_refused() -> None:
    version = Version(label="Final", published_on=dt.date(2021, 12, 1), consulted_on=dt.date(2021, 12, 2))
    with pytest.raises(ValidationError) as raised:
        version.clean()
    assert "after publication on 01/12/2021" in raised.value.message_dict["consulted_on"][0]
    with pytest.raises(ValidationError) as raised:
        Version(label="Final", published_on=dt.date(2021, 12, 1)).clean()
    assert "s57(4)" in raised.value.message_dict["consulted_on"][0]


def test_coverage_names_the_missing_categories(world: World, board: Board) -> None:
    nurse = GroupMember.objects.create(group=world.sig, person=Person.objects.create(partnership=world.north,
                                                                                     name="Nia Nurse"))
    Seat.objects.create(board=board, member=nurse, category=Category.HEALTH)
    coverage = board.coverage(list(board.seats.all()))
    assert [c.category for c in coverage if c.filled] == [Category.HEALTH]
    assert Category.DISTRICT not in [c.category for c in coverage]  # a unitary council has no districts
    board.has_districts = True
    assert len([c for c in board.coverage([]) if not c.filled]) == len(Category)
