"""Write a preview to the database in one transaction: all or nothing. One module per kind of
data (plan, BVPI 225, figures); bulk writes (legacy.apply.bulk) still give every created or
changed row its history record. A step of legacy.services.legacy_import, which checks who may."""

from __future__ import annotations

from django.apps import apps
from django.db import IntegrityError, connection, transaction

from legacy.apply.bvpi import apply_bvpi
from legacy.apply.figures import apply_figures
from legacy.apply.plan import apply_plan
from legacy.diff import Preview
from partnerships.models import Partnership
from partnerships.permissions import User

__all__ = ["CONCURRENT", "ImportRefused", "apply_preview", "lock_partnership"]

CONCURRENT = ("another import into {name} was written while this one was being prepared; nothing was imported: "
              "run it again to see what is left to import")


class ImportRefused(ValueError):
    pass


def lock_partnership(partnership: Partnership) -> None:
    """Imports into one partnership are written one at a time: a second import waits here for the
    first to commit (PostgreSQL; SQLite's IMMEDIATE transactions already queue whole imports, preview
    included), then is refused if the first was written after its own transaction began, since its
    preview may not have seen those rows; run again, it previews afresh."""
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")  # PostgreSQL: when this transaction began
        began = cursor.fetchone()[0]
    records = apps.get_model("legacy", "ImportRecord").objects
    if records.filter(partnership=partnership, imported_at__gte=began).exists():
        raise ImportRefused(CONCURRENT.format(name=partnership.name))


def apply_preview(preview: Preview, *, user: User | None) -> dict[str, int]:
    """Writes the preview's rows, the history naming `user`; the counts of created, changed and
    unchanged rows."""
    if preview.problems:
        raise ImportRefused("the file has problems: nothing was imported")
    kinds = {r.kind for r in preview.rows}
    lock_partnership(preview.partnership)
    try:
        with transaction.atomic():
            if kinds & {"objective", "action"}:
                apply_plan(preview, user)
            if kinds & {"assessment", "answer", "monitoring"}:
                apply_bvpi(preview, user)
            if kinds & {"indicator", "value", "target"}:
                apply_figures(preview, user)
    except IntegrityError as exc:
        # A row this preview took for new was written meanwhile (a plan, a reference, a quarter's
        # update: each unique in the database), by an import that did not wait for the lock.
        raise ImportRefused(CONCURRENT.format(name=preview.partnership.name)) from exc
    return preview.counts()
