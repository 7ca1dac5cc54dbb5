from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from legacy.forms import PreviewForm, UploadForm
from legacy.layouts.mapped import guess_mapping, header_row
from legacy.models import ImportRecord
from legacy.readers import ReadError
from legacy.services import legacy_import, legacy_preview, legacy_read
from partnerships.periods import year_label
from partnerships.permissions import Perm, partnership_view


def _pending_path(request: HttpRequest, token: str) -> str:
    return f"imports/pending/{request.partnership.pk}/{token}"


def _headers(data: bytes) -> list[str]:
    try:
        found = header_row(legacy_read(data=data).tables)
    except ReadError:
        return []
    return found[0].rows[found[1]].cells if found else []


def _render_preview(request: HttpRequest, data: bytes, token: str, file_name: str, year: int, layout: str | None,
                    mapping: dict[str, str] | None) -> HttpResponse:
    try:
        result = legacy_preview(data=data, filename=file_name, partnership=request.partnership, year_start=year,
                                layout=layout or None, mapping=mapping)
    except ReadError as exc:
        return render(request, "legacy/index.html", _index_context(request, UploadForm(), error=str(exc)), status=400)
    headers = _headers(data)
    initial = {"token": token, "file_name": file_name, "year": year_label(year), "layout": result.layout}
    for name, header in (mapping or guess_mapping(headers)).items():
        initial[f"map_{name}"] = header
    form = PreviewForm(initial=initial, headers=headers)
    shown = [r for r in result.rows if r.op != "unchanged"]
    return render(request, "legacy/preview.html", {
        "preview": result, "form": form, "changed_rows": shown[:500], "hidden_count": max(0, len(shown) - 500),
        "counts": result.counts(), "file_name": file_name, "year_label": year_label(year),
    })


def _index_context(request: HttpRequest, form: UploadForm, error: str = "") -> dict:
    records = ImportRecord.objects.in_partnership(request.partnership).select_related("imported_by")[:50]
    return {"form": form, "records": records, "error": error}


@partnership_view(Perm.IMPORT_DATA)
def index(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            token = hashlib.sha256(data).hexdigest()
            path = _pending_path(request, token)
            if not default_storage.exists(path):
                default_storage.save(path, ContentFile(data))
            return _render_preview(request, data, token, form.cleaned_data["file"].name, form.cleaned_data["year"],
                                   form.cleaned_data["layout"], None)
        return render(request, "legacy/index.html", _index_context(request, form), status=400)
    return render(request, "legacy/index.html", _index_context(request, UploadForm()))


def _pending(request: HttpRequest) -> tuple[PreviewForm, bytes]:
    token = request.POST.get("token", "")
    path = _pending_path(request, token) if len(token) == 64 and token.isalnum() else ""
    if not path or not default_storage.exists(path):
        raise Http404("The uploaded file has expired: upload it again.")
    with default_storage.open(path, "rb") as fh:
        data = fh.read()
    return PreviewForm(request.POST, headers=_headers(data)), data


@require_POST
@partnership_view(Perm.IMPORT_DATA)
def preview(request: HttpRequest) -> HttpResponse:
    form, data = _pending(request)
    if not form.is_valid():
        return render(request, "legacy/index.html", _index_context(request, UploadForm(), error=form.errors.as_text()), status=400)
    mapping = form.mapping() if form.cleaned_data["layout"] == "mapped" else None
    return _render_preview(request, data, form.cleaned_data["token"], form.cleaned_data["file_name"],
                           form.cleaned_data["year"], form.cleaned_data["layout"], mapping)


@require_POST
@partnership_view(Perm.IMPORT_DATA)
def confirm(request: HttpRequest) -> HttpResponse:
    form, data = _pending(request)
    if not form.is_valid():
        return render(request, "legacy/index.html", _index_context(request, UploadForm(), error=form.errors.as_text()), status=400)
    mapping = form.mapping() if form.cleaned_data["layout"] == "mapped" else None
    try:
        result, record = legacy_import(data=data, filename=form.cleaned_data["file_name"], partnership=request.partnership,
                                       year_start=form.cleaned_data["year"], user=request.user,
                                       layout=form.cleaned_data["layout"], mapping=mapping)
    except (ReadError, ValueError) as exc:
        messages.error(request, f"Nothing was imported: {exc}")
        return redirect("legacy:index", partnership=request.partnership.slug)
    default_storage.delete(_pending_path(request, form.cleaned_data["token"]))
    messages.success(request, f"Imported {record.file_name}: {record.created} created, {record.changed} changed, "
                              f"{record.unchanged} unchanged.")
    return redirect("legacy:index", partnership=request.partnership.slug)


@partnership_view(Perm.IMPORT_DATA)
def download_original(request: HttpRequest, pk: int) -> FileResponse:
    record = get_object_or_404(ImportRecord.objects.in_partnership(request.partnership), pk=pk)
    return FileResponse(record.original.open("rb"), as_attachment=True, filename=record.file_name)
