"""Pages of the marac app: each MARAC's quarters against the SafeLives benchmarks, a CSV import of a
quarter's figures (coordinators), a new MARAC (coordinators), and the export (always suppressed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from marac.charts import benchmark_svg
from marac.forms import ImportForm, MaracForm
from marac.items import CASES_PER_10000_WOMEN, CSV_COLUMNS, FEWER_THAN, ITEMS, REPEAT_RANGE
from marac.queries import export_rows, marac_quarters
from marac.services import marac_create, marac_quarter_import
from partnerships.permissions import PartnershipRequest, Perm, partnership_view
from portal.spreadsheet import csv_bytes, xlsx_bytes

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _index_url(request: PartnershipRequest) -> str:
    return reverse("marac:index", kwargs={"partnership": request.partnership.slug})


def _page(request: PartnershipRequest, *, import_form: ImportForm | None = None, marac_form: MaracForm | None = None,
          import_errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    may_edit = Perm.EDIT_INDICATORS in request.perms
    # Coordinators keep the figures whole; everyone else reads them as published.
    blocks = marac_quarters(request.partnership, suppress=not may_edit)
    context: dict[str, Any] = {
        "blocks": [(b, benchmark_svg(b)) for b in blocks], "items": ITEMS, "may_edit": may_edit,
        "recommended": CASES_PER_10000_WOMEN, "repeat_low": REPEAT_RANGE[0], "repeat_high": REPEAT_RANGE[1],
        "fewer_than": FEWER_THAN, "csv_columns": CSV_COLUMNS, "import_errors": import_errors or [],
    }
    if may_edit:
        context["import_form"] = import_form or ImportForm()
        context["marac_form"] = marac_form or MaracForm(partnership=request.partnership)
    return render(request, "marac/index.html", context, status=status)


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def index(request: PartnershipRequest) -> HttpResponse:
    return _page(request)


@require_POST
@partnership_view(Perm.EDIT_INDICATORS)
def quarter_import(request: PartnershipRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, import_form=form, status=400)
    try:
        result = marac_quarter_import(user=request.user, partnership=request.partnership,
                                      text=form.cleaned_data["csv_file"])
    except ValidationError as exc:
        return _page(request, import_form=form, import_errors=list(exc.messages), status=400)
    messages.success(request, f"Imported {result.rows} MARAC quarter{'s' if result.rows != 1 else ''}: "
                              f"{result.created} figures added, {result.changed} changed.")
    return HttpResponseRedirect(_index_url(request))


@require_POST
@partnership_view(Perm.EDIT_INDICATORS)
def marac_add(request: PartnershipRequest) -> HttpResponse:
    form = MaracForm(request.POST, partnership=request.partnership)
    if form.is_valid():
        try:
            marac = marac_create(user=request.user, partnership=request.partnership, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"MARAC {marac.name} added.")
            return HttpResponseRedirect(_index_url(request))
    return _page(request, marac_form=form, status=400)


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def export(request: PartnershipRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404("Export as .xlsx or .csv")
    rows = export_rows(marac_quarters(request.partnership, suppress=True))
    body = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows, title="MARAC data")
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    today = timezone.localdate()
    name = f"{request.partnership.slug}-marac-data-{today:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
