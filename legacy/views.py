"""The import pages (admins: Perm.IMPORT_DATA): upload -> preview (nothing written) -> confirm,
and the original of an earlier import. The uploaded file waits in storage between the steps,
named by its SHA-256."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from legacy import readers
from legacy.forms import PreviewForm, UploadForm
from legacy.layouts.mapped import guess_mapping, header_cells
from legacy.models import ImportRecord
from legacy.readers import ReadError
from legacy.services import legacy_import, legacy_preview
from partnerships.periods import year_label
from partnerships.permissions import PartnershipRequest, Perm, import_record_for_user, partnership_view

SHOWN_ROWS = 500  # changed rows listed on the preview page; the rest are counted


def _pending_path(request: PartnershipRequest, token: str) -> str:
    return f"imports/pending/{request.partnership.pk}/{token}"


def _headers(data: bytes) -> list[str]:
    """The file's header row, for the column mapping (none when the file cannot be read)."""
    try:
        return header_cells(readers.read(data).tables)
    except ReadError:
        return []


def _index_context(request: PartnershipRequest, form: UploadForm, error: str = "") -> dict[str, Any]:
    records = ImportRecord.objects.in_partnership(request.partnership).select_related("imported_by")[:50]
    return {"form": form, "records": records, "error": error}


def _refused(request: PartnershipRequest, error: str) -> HttpResponse:
    return render(request, "legacy/index.html", _index_context(request, UploadForm(), error=error), status=400)


def _render_preview(request: PartnershipRequest, data: bytes, token: str, file_name: str, year: int,
                    layout: str | None, mapping: dict[str, str] | None) -> HttpResponse:
    try:
        result = legacy_preview(user=request.user, data=data, filename=file_name, partnership=request.partnership,
                                year_start=year, layout=layout or None, mapping=mapping)
    except ReadError as exc:
        return _refused(request, str(exc))
    headers = _headers(data)
    initial = {"token": token, "file_name": file_name, "year": year_label(year), "layout": result.layout}
    for name, header in (mapping or guess_mapping(headers)).items():
        initial[f"map_{name}"] = header
    form = PreviewForm(initial=initial, headers=headers)
    shown = [r for r in result.rows if r.op != "unchanged"]
    return render(request, "legacy/preview.html", {
        "preview": result, "form": form, "changed_rows": shown[:SHOWN_ROWS],
        "hidden_count": max(0, len(shown) - SHOWN_ROWS), "counts": result.counts(), "file_name": file_name,
        "year_label": year_label(year),
    })


def _pending(request: PartnershipRequest) -> tuple[PreviewForm, bytes]:
    """The preview form posted back, and the upload it names (404 once it has gone)."""
    token = request.POST.get("token", "")
    path = _pending_path(request, token) if len(token) == 64 and token.isalnum() else ""
    if not path or not default_storage.exists(path):
        raise Http404("The uploaded file has expired: upload it again.")
    with default_storage.open(path, "rb") as fh:
        data = fh.read()
    return PreviewForm(request.POST, headers=_headers(data)), data


@require_http_methods(["GET", "POST"])
@partnership_view(Perm.IMPORT_DATA)
def index(request: PartnershipRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "legacy/index.html", _index_context(request, UploadForm()))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "legacy/index.html", _index_context(request, form), status=400)
    data = form.cleaned_data["file"].read()
    token = hashlib.sha256(data).hexdigest()
    path = _pending_path(request, token)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(data))
    return _render_preview(request, data, token, form.cleaned_data["file"].name, form.cleaned_data["year"],
                           form.cleaned_data["layout"], None)


@require_POST
@partnership_view(Perm.IMPORT_DATA)
def preview(request: PartnershipRequest) -> HttpResponse:
    form, data = _pending(request)
    if not form.is_valid():
        return _refused(request, form.errors.as_text())
    mapping = form.mapping() if form.cleaned_data["layout"] == "mapped" else None
    return _render_preview(request, data, form.cleaned_data["token"], form.cleaned_data["file_name"],
                           form.cleaned_data["year"], form.cleaned_data["layout"], mapping)


@require_POST
@partnership_view(Perm.IMPORT_DATA)
def confirm(request: PartnershipRequest) -> HttpResponse:
    form, data = _pending(request)
    if not form.is_valid():
        return _refused(request, form.errors.as_text())
    mapping = form.mapping() if form.cleaned_data["layout"] == "mapped" else None
    try:
        _, record = legacy_import(user=request.user, data=data, filename=form.cleaned_data["file_name"],
                                  partnership=request.partnership, year_start=form.cleaned_data["year"],
                                  layout=form.cleaned_data["layout"], mapping=mapping)
    except (ReadError, ValueError) as exc:
        messages.error(request, f"Nothing was imported: {exc}")
        return redirect("legacy:index", partnership=request.partnership.slug)
    default_storage.delete(_pending_path(request, form.cleaned_data["token"]))
    messages.success(request, f"Imported {record.file_name}: {record.created} created, {record.changed} changed, "
                              f"{record.unchanged} unchanged.")
    return redirect("legacy:index", partnership=request.partnership.slug)


@require_GET
@partnership_view()
def download_original(request: PartnershipRequest, pk: int) -> FileResponse:
    record, _ = import_record_for_user(request, pk, need=Perm.IMPORT_DATA)
    return FileResponse(record.original.open("rb"), as_attachment=True, filename=record.file_name)
