"""The strategy's page: its versions, the board's consultation before publication (refused otherwise,
by name), and the review clock with its warning; the index and `part4.queries.warnings` warn ahead of
the date and when it has passed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from part4.models import Board, Document, Version
from part4.queries import warnings
from partnerships.models import Group
from tests.conftest import World


def url(name: str, **kwargs: object) -> str:
    return reverse(f"part4:{name}", kwargs={"partnership": "north", **kwargs})


def strategy(board: Board, published: dt.date) -> Document:
    document = Document.objects.create(board=board, kind="strategy", title="North safe accommodation strategy")
    Version.objects.create(document=document, label="Final", consulted_on=published, published_on=published)
    return document


def test_a_coordinator_records_a_version_consulted_before_publication(world: World, as_role, board: Board) -> None:
    client = as_role("coordinator")
    response = client.post(url("document_add", pk=board.pk), {"kind": "strategy", "title": "North strategy"})
    document = Document.objects.get()
    assert response["Location"] == url("document", pk=document.pk)
    page = client.post(url("version_add", pk=document.pk), {"label": "Final", "published_on": "2021-12-01",
                                                            "consulted_on": "2021-12-05"}).content.decode()
    assert "it must be consulted before" in page
    assert not Version.objects.exists()
    response = client.post(url("version_add", pk=document.pk), {
        "label": "Final", "published_on": "2021-12-01", "consulted_on": "2021-11-10",
        "consultation_outcome": "Supported, with more dispersed units", "url": "https://example.org/strategy.pdf"})
    assert response.status_code == 302
    assert Version.objects.get().history.count() == 1
    page = as_role("member").get(url("document", pk=document.pk)).content.decode()
    assert "the next is due by 30/11/2024" in page and "Record a version" not in page


def test_warnings_ahead_of_the_review_date_and_once_it_has_passed(world: World, board: Board, settings) -> None:
    settings.PART4_REVIEW_WARNING_DAYS = 90
    today = timezone.localdate()
    assert [w.message for w in warnings(world.north)] == [
        "North Council has not published its safe accommodation strategy."]
    document = strategy(board, today.replace(year=today.year - 3) + dt.timedelta(days=60))
    found = warnings(world.north)
    assert len(found) == 1 and not found[0].overdue and "days left" in found[0].message
    Version.objects.filter(document=document).update(published_on=today.replace(year=today.year - 4),
                                                     consulted_on=today.replace(year=today.year - 4))
    assert warnings(world.north)[0].overdue
    Version.objects.filter(document=document).update(published_on=today, consulted_on=today)
    assert warnings(world.north) == []


def test_the_index_warns_and_lists_the_boards(world: World, as_role, board: Board,
                                              django_assert_max_num_queries) -> None:
    today = timezone.localdate()
    strategy(board, today.replace(year=today.year - 3) + dt.timedelta(days=30))
    client = as_role("member")
    with django_assert_max_num_queries(12):
        page = client.get(url("index")).content.decode()
    assert "must be reviewed by" in page and "North Council" in page
    assert "Designate the board" not in page
    assert "Designate the board" in as_role("coordinator").get(url("index")).content.decode()


def test_a_coordinator_designates_a_group_as_the_board(world: World, as_role) -> None:
    response = as_role("coordinator").post(url("board_add"), {"group": world.sig.pk, "council": "North Council"})
    board = Board.objects.get()
    assert response["Location"] == url("board", pk=board.pk) and board.group == world.sig
    page = as_role("coordinator").post(url("board_add"), {"group": world.sig.pk, "council": "Again"}).content.decode()
    assert "Select a valid choice" in page and Board.objects.count() == 1


def test_index_queries_do_not_grow_with_boards(world: World, as_role, board: Board) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_role("member")
    strategy(board, timezone.localdate())

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("index")).status_code == 200
        return len(captured)

    few = count()
    for i in range(4):
        group = Group.objects.create(partnership=world.north, slug=f"g{i}", name=f"Group {i}")
        strategy(Board.objects.create(partnership=world.north, group=group, council=f"Council {i}"),
                 timezone.localdate())
    assert count() == few
