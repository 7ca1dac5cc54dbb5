"""The admin's spreadsheet export and import (django-import-export) through portal.spreadsheet, so an
exported cell never runs as a formula.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops one leading "=" (so
"==HYPERLINK(...)" stays a formula, "@SUM(...)" and "+cmd|..." pass untouched) and turns every cell into
text. These formats write the file with portal.spreadsheet instead: .csv with an apostrophe on
formula-like text only, .xlsx with string cells (quote-prefixed when formula-like) and numbers kept as
numbers. Reading a .csv or .xlsx back takes the apostrophe off again, so an export re-imports unchanged.
Only .csv and .xlsx are offered: tablib's other writers (.ods, .xls, .html ...) have no such escaping.
"""

from __future__ import annotations

from typing import Any

import tablib
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export.formats import base_formats

from portal.spreadsheet import Cell, csv_text, unescape_cell, xlsx_bytes


def _rows(dataset: tablib.Dataset) -> list[list[Cell]]:
    return [list(dataset.headers or []), *[list(row) for row in dataset]]


def _unescaped(dataset: tablib.Dataset) -> tablib.Dataset:
    out = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        out.append([unescape_cell(v) if isinstance(v, str) else v for v in row])
    return out


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        return csv_text(_rows(dataset))

    def create_dataset(self, in_stream: Any, **kwargs: Any) -> tablib.Dataset:
        return _unescaped(super().create_dataset(in_stream, **kwargs))


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return xlsx_bytes(_rows(dataset), title=dataset.title or "Export")

    def create_dataset(self, in_stream: Any) -> tablib.Dataset:
        return _unescaped(super().create_dataset(in_stream))


SAFE_FORMATS: list[type[base_formats.Format]] = [SafeCSV, SafeXLSX]


class SafeExportAdmin:
    """Mixin for an ImportExportModelAdmin (before it among the bases): only the safe formats."""

    formats = SAFE_FORMATS
    export_formats = SAFE_FORMATS
    import_formats = SAFE_FORMATS

    def get_export_data(self, file_format: base_formats.Format, request: HttpRequest, queryset: QuerySet,
                        **kwargs: Any) -> str | bytes:
        # As django-import-export's own, except that the .xlsx (binary) export gets native values:
        # it tells binary formats by exact class, which would make these subclasses write numbers as text.
        model_admin: Any = self  # an ImportExportModelAdmin (untyped)
        if not model_admin.has_export_permission(request):
            raise PermissionDenied
        data = model_admin.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(),
                                               **kwargs)
        export_data: str | bytes = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if isinstance(export_data, str) and encoding:
            export_data = export_data.encode(encoding)
        return export_data
