"""The part4 objects a request may reach, held to partnerships.permissions' rules: members read the
board, its documents and its annual returns (small counts suppressed); coordinators and admins designate
the board (Perm.EDIT_GROUPS, as for any group) and enter documents and returns (Perm.EDIT_PLAN). Another
partnership's object answers 404 whatever the role; a reader asking to write gets 403."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from part4.models import AnnualReturn, Board, Document
from partnerships.permissions import Forbidden, May, PartnershipRequest, Perm


def _held(request: PartnershipRequest, need: Perm | None) -> May:
    if need is not None and need not in request.perms:
        raise Forbidden(need)
    return request.perms


def board_for_user(request: PartnershipRequest, pk: int, need: Perm | None = Perm.VIEW_PLAN) -> tuple[Board, May]:
    board = get_object_or_404(Board.objects.in_partnership(request.partnership).select_related("group"), pk=pk)
    return board, _held(request, need)


def document_for_user(request: PartnershipRequest, pk: int,
                      need: Perm | None = Perm.VIEW_PLAN) -> tuple[Document, May]:
    document = get_object_or_404(Document.objects.in_partnership(request.partnership).select_related("board"),
                                 pk=pk)
    return document, _held(request, need)


def return_for_user(request: PartnershipRequest, pk: int,
                    need: Perm | None = Perm.VIEW_PLAN) -> tuple[AnnualReturn, May]:
    annual_return = get_object_or_404(
        AnnualReturn.objects.in_partnership(request.partnership).select_related("board"), pk=pk)
    return annual_return, _held(request, need)
