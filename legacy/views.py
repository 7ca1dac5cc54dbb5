"""The import pages (admins: Perm.IMPORT_DATA): upload -> preview (nothing written) -> confirm,
and the original of an earlier import. The uploaded file waits in storage between the steps
(legacy.pending), named by its SHA-256, and is deleted once it is refused or imported.

Each request reads the file once (in the reading child, within its budget) and hands the tables
to both the preview and the column-mapping form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from legacy import pending, readers
from legacy.forms import PreviewForm, UploadForm, header_choices
from legacy.layouts.mapped import guess_mapping, header_cells
from legacy.models import ImportRecord
from legacy.readers import ReadError, ReadFile
from legacy.services import legacy_import, legacy_preview
from partnerships.models import Agency
from partnerships.periods import year_label
from partnerships.permissions import PartnershipRequest, Perm, import_record_for_user, partnership_view

SHOWN_ROWS = 500  # changed rows listed on the preview page; the rest are counted


def _index_context(request: PartnershipRequest, form: UploadForm, error: str = "") -> dict[str, Any]:
    records = ImportRecord.objects.in_partnership(request.partnership).select_related("imported_by")[:50]
    return {"form": form, "records": records, "error": error}


def _refused(request: PartnershipRequest, error: str, token: str = "") -> HttpResponse:
    """The upload page with why the file was refused; the pending upload is deleted (the admin
    uploads the file again once it is fixed)."""
    if token:
        pending.delete(request.partnership, token)
    return render(request, "legacy/index.html", _index_context(request, UploadForm(), error=error), status=400)


def _render_preview(request: PartnershipRequest, data: bytes, read: ReadFile, token: str, file_name: str,
                    year: int, layout: str | None, mapping: dict[str, str] | None,
                    status_map: dict[str, str] | None = None, lead_map: dict[str, str] | None = None) -> HttpResponse:
    try:
        result = legacy_preview(user=request.user, data=data, filename=file_name, partnership=request.partnership,
                                year_start=year, layout=layout or None, mapping=mapping, read=read,
                                status_map=status_map, lead_map=lead_map)
    except ReadError as exc:
        return _refused(request, str(exc), token)
    headers = header_cells(read.tables)
    initial = {"token": token, "file_name": file_name, "year": year_label(year), "layout": result.layout}
    offered = {value for value, _ in header_choices(headers)}
    for name, header in (mapping or guess_mapping(headers)).items():
        if header in offered:  # a guess among headers the form does not offer would fail the confirm
            initial[f"map_{name}"] = header
    words = list(result.status_words.items())
    for i, (word, found) in enumerate(words):
        initial[f"status_word_{i}"] = word
        initial[f"status_{i}"] = found.status or ""
    leads = list(result.lead_parts.items())
    for i, (part, _) in enumerate(leads):
        initial[f"lead_part_{i}"] = part
        initial[f"lead_{i}"] = (lead_map or {}).get(part, "")
    form = PreviewForm(initial=initial, headers=headers, status_words=[w for w, _ in words],
                       lead_parts=[(part, found.text, found.candidates) for part, found in leads],
                       agencies=_agencies(request))
    shown = [r for r in result.rows if r.op != "unchanged"]
    return render(request, "legacy/preview.html", {
        "preview": result, "form": form, "changed_rows": shown[:SHOWN_ROWS],
        "hidden_count": max(0, len(shown) - SHOWN_ROWS), "counts": result.counts(), "file_name": file_name,
        "year_label": year_label(year),
        "status_rows": [(found, *fields) for (_, found), fields in zip(words, form.status_fields(), strict=True)],
        "lead_rows": [(found, *fields) for (_, found), fields in zip(leads, form.lead_fields(), strict=True)],
    })


def _agencies(request: PartnershipRequest) -> list[Agency]:
    return list(Agency.objects.in_partnership(request.partnership).order_by("name"))


def _pending(request: PartnershipRequest) -> tuple[str, bytes]:
    """The token posted back and the upload it names (404 once it has gone)."""
    token = request.POST.get("token", "")
    data = pending.load(request.partnership, token)
    if data is None:
        raise Http404("The uploaded file has expired: upload it again.")
    return token, data


@require_http_methods(["GET", "POST"])
@partnership_view(Perm.IMPORT_DATA)
def index(request: PartnershipRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "legacy/index.html", _index_context(request, UploadForm()))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "legacy/index.html", _index_context(request, form), status=400)
    data = form.cleaned_data["file"].read()
    token = pending.save(request.partnership, data)
    try:
        read = readers.read(data)
    except ReadError as exc:
        return _refused(request, str(exc), token)
    return _render_preview(request, data, read, token, form.cleaned_data["file"].name, form.cleaned_data["year"],
                           form.cleaned_data["layout"], None)


@require_POST
@partnership_view(Perm.IMPORT_DATA)
def preview(request: PartnershipRequest) -> HttpResponse:
    token, data = _pending(request)
    try:
        read = readers.read(data)
    except ReadError as exc:
        return _refused(request, str(exc), token)
    form = PreviewForm(request.POST, headers=header_cells(read.tables), agencies=_agencies(request))
    if not form.is_valid():
        return _refused(request, form.errors.as_text(), token)
    mapping = form.mapping() if form.cleaned_data["layout"] == "mapped" else None
    return _render_preview(request, data, read, token, form.cleaned_data["file_name"], form.cleaned_data["year"],
                           form.cleaned_data["layout"], mapping, form.status_map(), form.lead_map())


@require_POST
@partnership_view(Perm.IMPORT_DATA)
def confirm(request: PartnershipRequest) -> HttpResponse:
    token, data = _pending(request)
    try:
        read = readers.read(data)
        form = PreviewForm(request.POST, headers=header_cells(read.tables), agencies=_agencies(request))
        if not form.is_valid():
            return _refused(request, form.errors.as_text(), token)
        mapping = form.mapping() if form.cleaned_data["layout"] == "mapped" else None
        _, record = legacy_import(user=request.user, data=data, filename=form.cleaned_data["file_name"],
                                  partnership=request.partnership, year_start=form.cleaned_data["year"],
                                  layout=form.cleaned_data["layout"], mapping=mapping, read=read,
                                  status_map=form.status_map(), lead_map=form.lead_map())
    except (ReadError, ValueError) as exc:
        pending.delete(request.partnership, token)
        messages.error(request, f"Nothing was imported: {exc}")
        return redirect("legacy:index", partnership=request.partnership.slug)
    pending.delete(request.partnership, token)
    messages.success(request, f"Imported {record.file_name}: {record.created} created, {record.changed} changed, "
                              f"{record.unchanged} unchanged.")
    return redirect("legacy:index", partnership=request.partnership.slug)


@require_GET
@partnership_view()
def download_original(request: PartnershipRequest, pk: int) -> FileResponse:
    record, _ = import_record_for_user(request, pk, need=Perm.IMPORT_DATA)
    return FileResponse(record.original.open("rb"), as_attachment=True, filename=record.file_name)
