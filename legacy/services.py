"""Import workflow: read (safety + reader) -> layout -> diff (preview) -> apply, recorded."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from legacy import layouts, safety
from legacy.apply import apply_preview
from legacy.diff import Preview, diff
from legacy.layouts.base import Context
from legacy.models import ImportRecord
from legacy.readers import ReadError, Table
from partnerships.models import Partnership


logger = logging.getLogger(__name__)


@dataclass
class ReadFile:
    file_format: str
    tables: list[Table]
    detected_layout: str


def legacy_read(*, data: bytes, filename: str = "") -> ReadFile:
    """Checks and reads the file; ReadError with a clear message when it cannot be imported."""
    fmt, tables = safety.read_tables(data, filename)
    return ReadFile(fmt, tables, layouts.detect(tables))


def parse_mapping(text: str) -> dict[str, str]:
    """'action=Action,lead=Lead agency' -> {'action': 'Action', 'lead': 'Lead agency'}."""
    from legacy.layouts.mapped import FIELDS

    mapping = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "=" not in part:
            raise ReadError(f"'{part}' is not field=Header")
        name, header = (x.strip() for x in part.split("=", 1))
        if name not in FIELDS:
            raise ReadError(f"'{name}' is not a field: use {', '.join(FIELDS)}")
        mapping[name] = header
    return mapping


def legacy_preview(*, data: bytes, filename: str, partnership: Partnership, year_start: int,
                   layout: str | None = None, mapping: dict[str, str] | None = None) -> Preview:
    read = legacy_read(data=data, filename=filename)
    name = layout or read.detected_layout
    try:
        module = layouts.get_layout(name)
    except KeyError as exc:
        raise ReadError(f"'{name}' is not a layout: use {', '.join(n for n, _ in layouts.layout_choices())}") from exc
    try:
        parsed = module.parse(read.tables, Context(year_start=year_start, mapping=mapping or {}))
    except Exception as exc:  # noqa: BLE001 - a file shaped like nothing the layout expects: refused, and logged
        logger.exception("layout %s failed on %s", name, filename)
        raise ReadError(f"The file's tables do not fit the layout '{name}' ({exc.__class__.__name__}): "
                        "choose another layout, or 'My own layout' and map the columns.") from exc
    preview = diff(parsed, partnership, year_start)
    preview.file_format = read.file_format  # type: ignore[attr-defined]
    return preview


@transaction.atomic
def legacy_import(*, data: bytes, filename: str, partnership: Partnership, year_start: int, user=None,
                  layout: str | None = None, mapping: dict[str, str] | None = None) -> tuple[Preview, ImportRecord]:
    """Preview again (the database may have moved since the admin looked) and apply, all or nothing."""
    preview = legacy_preview(data=data, filename=filename, partnership=partnership, year_start=year_start,
                             layout=layout, mapping=mapping)
    counts = apply_preview(preview, user=user)
    record = ImportRecord(
        partnership=partnership, imported_by=user, year_start=year_start, file_name=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(), file_format=preview.file_format, layout=preview.layout,  # type: ignore[attr-defined]
        created=counts["create"], changed=counts["change"], unchanged=counts["unchanged"],
    )
    record.original.save(filename.rsplit("/", 1)[-1][:100] or "import", ContentFile(data), save=False)
    record.save()
    return preview, record
