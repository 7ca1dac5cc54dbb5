"""demo/extra_part4.py on top of the Bedfordshire seed: a Local Partnership Board with one category left
missing, a strategy whose review is due in December 2027, and two annual returns that add up, built from
the national statistics and labelled as demonstration data; loading again writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from demo import extra_part4
from demo.loader import FIXTURES_DIR, LoadStats, load_demo_data
from part4.models import AnnualReturn, Board, Category, Document
from part4.queries import coverage_of
from part4.returns import consistency_errors, published


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data(only=[(FIXTURES_DIR / "seed_001_bedfordshire.yaml").name])
        stats = LoadStats()
        extra_part4.load(stats)
        yield stats
        transaction.set_rollback(True)


@pytest.fixture
def board(loaded_once: LoadStats, db) -> Board:
    return Board.objects.get(partnership__slug="bedfordshire")


def test_the_board_is_labelled_and_misses_the_childrens_representative(board: Board) -> None:
    assert "(demonstration data)" in board.group.name
    missing = [c.category for c in coverage_of(board) if not c.filled]
    assert missing == [Category.CHILDREN]
    assert board.group.members.filter(agency__name="Central Bedfordshire Council").exists()


def test_the_strategy_review_is_due_three_years_after_its_2024_review(board: Board) -> None:
    strategy = board.documents.get(kind=Document.Kind.STRATEGY)
    clock = strategy.review_clock(list(strategy.versions.all()))
    assert clock is not None and clock.first_published == dt.date(2021, 12, 15)
    assert clock.due == dt.date(2027, 12, 14)
    assert "(demonstration data)" in strategy.title


def test_the_returns_are_the_national_figures_scaled_and_add_up(board: Board) -> None:
    returns = {r.year_start: r for r in AnnualReturn.objects.filter(board=board)}
    assert sorted(returns) == [2023, 2024]
    latest = returns[2024]
    assert latest.value("people_total") == round(76_850 * 294_200 / 56_490_000) == 400
    assert consistency_errors(latest.figures) == {} and consistency_errors(returns[2023].figures) == {}
    assert published(latest.value("people_trans")) == "fewer than 5"
    assert latest.notes.startswith("Demonstration data")


def test_loading_again_writes_nothing(loaded_once: LoadStats, db) -> None:
    assert loaded_once.created["Board"] == 1
    again = LoadStats()
    extra_part4.load(again)
    assert again.total_written == 0
