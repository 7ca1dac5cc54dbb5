"""Pages of the part4 app: the duty at a glance (index), a Local Partnership Board and the Act's categories
it fills, its needs assessment and strategy with their versions and review clock, and its annual returns.

Who may do what is part4.access (members read; coordinators and admins write). The return's page and
its export are published outputs: a count of fewer than 5 shows as "fewer than 5" there (part4.returns)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import BaseForm
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from part4 import services
from part4.access import board_for_user, document_for_user, return_for_user
from part4.export import EXPORT_TYPES, export_return, return_rows
from part4.forms import AnnualReturnForm, BoardForm, DocumentForm, ReturnYearForm, SeatForm, VersionForm
from part4.models import VERSION_FIELDS, AnnualReturn, Board, Coverage, Document, Seat, Version
from part4.queries import documents_of, warnings, warnings_of
from part4.returns import missing_mandatory
from partnerships.periods import year_label
from partnerships.permissions import PartnershipRequest, Perm, partnership_view


def _url(name: str, request: PartnershipRequest, **kwargs: Any) -> str:
    return reverse(f"part4:{name}", kwargs={"partnership": request.partnership.slug, **kwargs})


def _form_errors(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def index(request: PartnershipRequest) -> HttpResponse:
    return _index_page(request)


def _index_page(request: PartnershipRequest, board_form: BoardForm | None = None) -> HttpResponse:
    boards = list(Board.objects.in_partnership(request.partnership).select_related("group").annotate(
        return_count=Count("annual_returns", distinct=True)))
    seats = _coverages(boards)
    states = documents_of(boards)
    rows = [{"board": b, "coverage": seats[b.pk], "missing": [c for c in seats[b.pk] if not c.filled],
             "documents": states[b.pk], "clock": next((s.clock for s in states[b.pk] if s.clock), None)}
            for b in boards]
    if board_form is None and Perm.EDIT_GROUPS in request.perms:
        board_form = BoardForm(partnership=request.partnership)
    return render(request, "part4/index.html", {
        "rows": rows, "warnings": warnings_of(boards, states, timezone.localdate()), "board_form": board_form,
    })


def _coverages(boards: list[Board]) -> dict[int, list[Coverage]]:
    seats = list(Seat.objects.filter(board__in=boards).select_related("member__person", "member__agency"))
    return {b.pk: b.coverage([s for s in seats if s.board_id == b.pk]) for b in boards}


@require_POST
@partnership_view(Perm.EDIT_GROUPS)
def board_add(request: PartnershipRequest) -> HttpResponse:
    form = BoardForm(request.POST, partnership=request.partnership)
    if form.is_valid():
        data = form.cleaned_data
        try:
            board = services.board_designate(partnership=request.partnership, group=data["group"],
                                             council=data["council"], has_districts=data["has_districts"],
                                             appointed_on=data["appointed_on"], user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"{board.group} is now the {board}.")
            return HttpResponseRedirect(_url("board", request, pk=board.pk))
    return _index_page(request, board_form=form)


def _board_page(request: PartnershipRequest, board: Board, *, seat_form: SeatForm | None = None,
                document_form: DocumentForm | None = None, year_form: ReturnYearForm | None = None) -> HttpResponse:
    can_edit_board = Perm.EDIT_GROUPS in request.perms
    can_edit = Perm.EDIT_PLAN in request.perms
    seats = list(board.seats.select_related("member__person", "member__agency"))
    coverage = board.coverage(seats)
    documents = documents_of([board])[board.pk]
    kinds_started = {s.document.kind for s in documents}
    return render(request, "part4/board.html", {
        "board": board, "coverage": coverage, "missing": [c for c in coverage if not c.filled], "seats": seats,
        "documents": documents,
        "kinds_to_start": [k for k in Document.Kind if k not in kinds_started] if can_edit else [],
        "returns": list(board.annual_returns.order_by("-year_start")),
        "can_edit_board": can_edit_board, "can_edit": can_edit,
        "seat_form": seat_form or (SeatForm(board=board) if can_edit_board else None),
        "document_form": document_form or (DocumentForm() if can_edit else None),
        "year_form": year_form or (ReturnYearForm() if can_edit else None),
    })


@require_GET
@partnership_view()
def board(request: PartnershipRequest, pk: int) -> HttpResponse:
    board, _ = board_for_user(request, pk)
    return _board_page(request, board)


@require_POST
@partnership_view()
def seat_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    board, _ = board_for_user(request, pk, Perm.EDIT_GROUPS)
    form = SeatForm(request.POST, board=board)
    if form.is_valid():
        try:
            seat = services.seat_add(board=board, member=form.cleaned_data["member"],
                                     category=form.cleaned_data["category"], user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"{seat.member.person} counted as: {seat.get_category_display().lower()}.")
            return HttpResponseRedirect(_url("board", request, pk=board.pk) + "#categories")
    return _board_page(request, board, seat_form=form)


@require_POST
@partnership_view()
def seat_remove(request: PartnershipRequest, pk: int, seat_pk: int) -> HttpResponse:
    board, _ = board_for_user(request, pk, Perm.EDIT_GROUPS)
    seat = get_object_or_404(board.seats.select_related("member__person"), pk=seat_pk)
    services.seat_remove(seat=seat, user=request.user)
    messages.success(request, f"{seat.member.person} no longer counted as: {seat.get_category_display().lower()}.")
    return HttpResponseRedirect(_url("board", request, pk=board.pk) + "#categories")


@require_POST
@partnership_view()
def document_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    board, _ = board_for_user(request, pk, Perm.EDIT_PLAN)
    form = DocumentForm(request.POST)
    kind = request.POST.get("kind", "")
    if kind not in Document.Kind.values:
        form.add_error(None, "Say which document: the needs assessment or the strategy.")
    if form.is_valid():
        try:
            document = services.document_start(board=board, kind=kind, title=form.cleaned_data["title"],
                                               user=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return HttpResponseRedirect(_url("document", request, pk=document.pk))
    return _board_page(request, board, document_form=form)


def _document_page(request: PartnershipRequest, document: Document,
                   version_form: VersionForm | None = None) -> HttpResponse:
    versions = list(document.versions.order_by("published_on", "id"))
    clock = document.review_clock(versions)
    today = timezone.localdate()
    return render(request, "part4/document.html", {
        "document": document, "board": document.board, "versions": versions, "clock": clock,
        "days_left": clock.days_left(today) if clock else None,
        "warnings": [w for w in warnings(request.partnership) if w.document and w.document.pk == document.pk],
        "version_form": version_form or (VersionForm() if Perm.EDIT_PLAN in request.perms else None),
    })


@require_GET
@partnership_view()
def document(request: PartnershipRequest, pk: int) -> HttpResponse:
    document, _ = document_for_user(request, pk)
    return _document_page(request, document)


@require_POST
@partnership_view()
def version_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    document, _ = document_for_user(request, pk, Perm.EDIT_PLAN)
    form = VersionForm(request.POST, instance=Version(document=document))
    if form.is_valid():
        try:
            version = services.version_record(document=document, user=request.user,
                                              data={n: form.cleaned_data[n] for n in VERSION_FIELDS})
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"{version} recorded.")
            return HttpResponseRedirect(_url("document", request, pk=document.pk))
    return _document_page(request, document, version_form=form)


def _previous(annual_return: AnnualReturn) -> AnnualReturn | None:
    return AnnualReturn.objects.filter(board_id=annual_return.board_id, year_start=annual_return.year_start - 1).first()


@require_GET
@partnership_view()
def annual_return(request: PartnershipRequest, pk: int) -> HttpResponse:
    annual_return, may = return_for_user(request, pk)
    previous = _previous(annual_return)
    rows = list(return_rows(annual_return, previous))
    return render(request, "part4/return.html", {
        "annual_return": annual_return, "board": annual_return.board, "previous": previous,
        "year": year_label(annual_return.year_start),
        "previous_year": year_label(annual_return.year_start - 1),
        "sections": rows,
        "missing": missing_mandatory(annual_return.figures),
        "can_edit": Perm.EDIT_PLAN in may,
    })


def _return_form_page(request: PartnershipRequest, board: Board, form: AnnualReturnForm,
                      year_form: ReturnYearForm | None, annual_return: AnnualReturn | None) -> HttpResponse:
    return render(request, "part4/return_form.html", {
        "board": board, "form": form, "year_form": year_form, "annual_return": annual_return,
        "year": year_label(annual_return.year_start) if annual_return else None,
    })


def _save_return(request: PartnershipRequest, board: Board, year_start: int,
                 form: AnnualReturnForm) -> AnnualReturn | None:
    try:
        return services.return_save(board=board, year_start=year_start, figures=form.figures(),
                                    submitted_on=form.cleaned_data["submitted_on"], notes=form.cleaned_data["notes"],
                                    user=request.user)
    except ValidationError as exc:
        _form_errors(form, exc)
        return None


@require_http_methods(["GET", "POST"])
@partnership_view()
def return_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    board, _ = board_for_user(request, pk, Perm.EDIT_PLAN)
    if request.method != "POST":
        return _return_form_page(request, board, AnnualReturnForm(), ReturnYearForm(request.GET or None), None)
    year_form, form = ReturnYearForm(request.POST), AnnualReturnForm(request.POST)
    if year_form.is_valid() and form.is_valid():
        year_start = year_form.cleaned_data["year"]
        if board.annual_returns.filter(year_start=year_start).exists():
            year_form.add_error("year", f"{board.council} has a return for {year_label(year_start)} already: "
                                        "change that one.")
        else:
            saved = _save_return(request, board, year_start, form)
            if saved is not None:
                messages.success(request, f"The return for {year_label(year_start)} is saved.")
                return HttpResponseRedirect(_url("return", request, pk=saved.pk))
    return _return_form_page(request, board, form, year_form, None)


@require_http_methods(["GET", "POST"])
@partnership_view()
def return_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    annual_return, _ = return_for_user(request, pk, Perm.EDIT_PLAN)
    board = annual_return.board
    if request.method != "POST":
        initial = {**annual_return.figures, "submitted_on": annual_return.submitted_on, "notes": annual_return.notes}
        return _return_form_page(request, board, AnnualReturnForm(initial=initial), None, annual_return)
    form = AnnualReturnForm(request.POST)
    if form.is_valid() and _save_return(request, board, annual_return.year_start, form) is not None:
        messages.success(request, f"The return for {year_label(annual_return.year_start)} is saved.")
        return HttpResponseRedirect(_url("return", request, pk=annual_return.pk))
    return _return_form_page(request, board, form, None, annual_return)


@require_GET
@partnership_view()
def return_export(request: PartnershipRequest, pk: int, fmt: str) -> HttpResponse:
    annual_return, _ = return_for_user(request, pk)
    if fmt not in EXPORT_TYPES:
        raise Http404("Export as .xlsx or .csv")
    previous = _previous(annual_return)
    response = HttpResponse(export_return(annual_return, previous, fmt), content_type=EXPORT_TYPES[fmt])
    name = f"{request.partnership.slug}-{annual_return.board.pk}-part4-return-{year_label(annual_return.year_start)}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
