"""Reads of the Part 4 duty that pages elsewhere reuse: the review-clock warnings (for the part4 index
and the partnership's dashboard) and a board's category coverage (for the group page)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from part4.models import Board, Coverage, Document, ReviewClock, Version
from partnerships.models import Partnership

# How long ahead of the strategy's review date the portal starts warning (PART4_REVIEW_WARNING_DAYS).
DEFAULT_WARNING_DAYS = 180


def warning_days() -> int:
    return int(getattr(settings, "PART4_REVIEW_WARNING_DAYS", DEFAULT_WARNING_DAYS))


@dataclass(frozen=True)
class DutyWarning:
    board: Board
    document: Document | None
    message: str
    overdue: bool


@dataclass(frozen=True)
class DocumentState:
    document: Document
    versions: list[Version]
    clock: ReviewClock | None

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None


def documents_of(boards: list[Board]) -> dict[int, list[DocumentState]]:
    """Each board's documents with their versions and review clocks, in two queries."""
    documents = Document.objects.filter(board__in=boards).prefetch_related(
        Prefetch("versions", queryset=Version.objects.order_by("published_on", "id")))
    by_board: dict[int, list[DocumentState]] = defaultdict(list)
    for document in documents:
        versions = list(document.versions.all())
        by_board[document.board_id].append(DocumentState(document, versions, document.review_clock(versions)))
    return by_board


def warnings(partnership: Partnership, today: dt.date | None = None) -> list[DutyWarning]:
    """What the partnership must act on for the Part 4 duty: a board with no published strategy, a
    strategy whose review is due within PART4_REVIEW_WARNING_DAYS, or overdue (SI 2021/990 reg 4(1)).
    Three queries, however many boards."""
    boards = list(Board.objects.in_partnership(partnership).select_related("group"))
    return warnings_of(boards, documents_of(boards), today or timezone.localdate())


def warnings_of(boards: list[Board], states: dict[int, list[DocumentState]], today: dt.date) -> list[DutyWarning]:
    """`warnings` for boards whose documents_of the caller has read already."""
    found: list[DutyWarning] = []
    for board in boards:
        strategy = next((s for s in states[board.pk] if s.document.kind == Document.Kind.STRATEGY), None)
        if strategy is None or strategy.clock is None:
            found.append(DutyWarning(board, strategy.document if strategy else None,
                                 f"{board.council} has not published its safe accommodation strategy.", True))
            continue
        left = strategy.clock.days_left(today)
        if left < 0:
            found.append(DutyWarning(board, strategy.document,
                                 f"The review of {strategy.document} was due by {strategy.clock.due:%d/%m/%Y}: "
                                 "it is overdue.", True))
        elif left <= warning_days():
            found.append(DutyWarning(board, strategy.document,
                                 f"{strategy.document} must be reviewed by {strategy.clock.due:%d/%m/%Y} "
                                 f"({left} day{'s' if left != 1 else ''} left).", False))
    return found


def coverage_of(board: Board) -> list[Coverage]:
    seats = list(board.seats.select_related("member__person", "member__agency"))
    return board.coverage(seats)
