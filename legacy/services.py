"""Import workflow: read (safety + reader) -> layout -> diff (preview) -> apply, recorded.

Both services act for a `user` and hold them to partnerships.permissions (Perm.IMPORT_DATA: a
partnership's admins): 404 for a partnership they are not in, Forbidden (403) for another role.
`user=None` is the operator at the command line (`manage.py import_legacy` without --user), who
holds the server and so the database: nothing is checked, and the import is recorded as by no one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from actions.models import ActionPlan
from legacy import layouts, readers
from legacy.apply import apply_preview, lock_partnership
from legacy.diff import Preview, diff
from legacy.layouts import Context
from legacy.models import ImportRecord, StatusWord
from legacy.readers import ReadError, ReadFile
from partnerships.models import Partnership
from partnerships.permissions import Perm, User, require

logger = logging.getLogger(__name__)


def _may_import(user: User | None, partnership: Partnership) -> None:
    if user is not None:
        require(user, partnership, Perm.IMPORT_DATA)


def _strategy_start(partnership: Partnership, year_start: int) -> dt.date | None:
    """The start of the strategy the partnership's plan for the year belongs to, if it has one."""
    return (ActionPlan.objects.filter(strategy__partnership=partnership, year_start=year_start)
            .values_list("strategy__period_start", flat=True).first())


def remembered_status_map(partnership: Partnership) -> dict[str, str]:
    """The partnership's answers of earlier imports' value maps: status word -> status ("" none)."""
    return dict(StatusWord.objects.in_partnership(partnership).values_list("word", "status"))


def _remember_status_words(partnership: Partnership, preview: Preview, status_map: dict[str, str],
                           user: User | None) -> None:
    """Keeps the admin's answers for the words of this file: an answer the portal would read on
    its own anyway is forgotten (so a later change to the reading applies), any other is kept."""
    keep, forget = [], []
    by = user if isinstance(user, get_user_model()) else None
    for word, status in status_map.items():
        found = preview.status_words.get(word)
        if found is None:
            continue  # not a word of this file
        if found.understood and status == (found.read or ""):
            forget.append(word)
        else:
            keep.append(StatusWord(partnership=partnership, word=word, status=status, updated_by=by))
    StatusWord.objects.in_partnership(partnership).filter(word__in=forget).delete()
    StatusWord.objects.bulk_create(keep, update_conflicts=True, unique_fields=["partnership", "word"],
                                   update_fields=["status", "updated_by", "updated_at"])


def legacy_preview(*, user: User | None, data: bytes, filename: str, partnership: Partnership, year_start: int,
                   layout: str | None = None, mapping: dict[str, str] | None = None,
                   read: ReadFile | None = None, status_map: dict[str, str] | None = None,
                   lead_map: dict[str, str] | None = None) -> Preview:
    """What importing the file would create, change and leave unchanged, and every problem; writes
    nothing. ReadError with a clear message when the file cannot be read, or its tables do not fit
    the layout (detected from the headers when not given). `read` is the file already read
    (readers.read(data)), when the caller needed its tables too. `status_map` (status word ->
    status, "" for none) is the admin's value map, over the partnership's remembered answers."""
    _may_import(user, partnership)
    if read is None:
        read = readers.read(data)
    name = layout or layouts.detect(read.tables)
    try:
        module = layouts.get_layout(name)
    except KeyError as exc:
        raise ReadError(f"'{name}' is not a layout: use {', '.join(n for n, _ in layouts.layout_choices())}") from exc
    try:
        ctx = Context(year_start=year_start, mapping=mapping or {},
                      strategy_start=_strategy_start(partnership, year_start),
                      status_map=remembered_status_map(partnership) | (status_map or {}))
        parsed = module.parse(read.tables, ctx)
    except Exception as exc:  # noqa: BLE001 - a file shaped like nothing the layout expects: refused, and logged
        logger.exception("layout %s failed on %s", name, filename)
        raise ReadError(f"The file's tables do not fit the layout '{name}' ({exc.__class__.__name__}): "
                        "choose another layout, or 'My own layout' and map the columns.") from exc
    return diff(parsed, partnership, year_start, file_format=read.file_format, lead_map=lead_map)


def legacy_import(*, user: User | None, data: bytes, filename: str, partnership: Partnership, year_start: int,
                  layout: str | None = None, mapping: dict[str, str] | None = None,
                  read: ReadFile | None = None, status_map: dict[str, str] | None = None,
                  lead_map: dict[str, str] | None = None) -> tuple[Preview, ImportRecord]:
    """Preview again (the database may have moved since the admin looked) and apply, all or
    nothing; the import is recorded with the original file, and the value map's answers are
    remembered for the partnership's next import."""
    _may_import(user, partnership)
    # The file is read before the transaction begins: reading takes up to its time budget, and
    # no write lock is held meanwhile.
    if read is None:
        read = readers.read(data)
    with transaction.atomic():
        # One import into a partnership at a time, taken before the preview: a second import waits and
        # previews what the first wrote (nothing doubled, no refusal for a race).
        lock_partnership(partnership)
        preview = legacy_preview(user=user, data=data, filename=filename, partnership=partnership,
                                 year_start=year_start, layout=layout, mapping=mapping, read=read,
                                 status_map=status_map, lead_map=lead_map)
        counts = apply_preview(preview, user=user)
        _remember_status_words(partnership, preview, status_map or {}, user)
        record = ImportRecord(
            partnership=partnership, imported_by=user if isinstance(user, get_user_model()) else None,
            year_start=year_start, file_name=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(), file_format=preview.file_format, layout=preview.layout,
            created=counts["create"], changed=counts["change"], unchanged=counts["unchanged"],
        )
        record.original.save(filename.rsplit("/", 1)[-1][:100] or "import", ContentFile(data), save=False)
        record.save()
    return preview, record
