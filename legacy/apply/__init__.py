"""Write a preview to the database in one transaction: all or nothing. One module per kind of
data (plan, BVPI 225, figures); bulk writes (legacy.apply.bulk) still give every created or
changed row its history record. A step of legacy.services.legacy_import, which checks who may."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from legacy.apply.bvpi import apply_bvpi
from legacy.apply.figures import apply_figures
from legacy.apply.plan import apply_plan
from legacy.diff import Preview
from partnerships.models import Partnership
from partnerships.permissions import User

__all__ = ["CONCURRENT", "ImportRefused", "apply_preview", "lock_partnership"]

CONCURRENT = ("another import into {name} was written while this one was being prepared; nothing was imported: "
              "import the file again to see what is left to import")


class ImportRefused(ValueError):
    pass


def lock_partnership(partnership: Partnership) -> None:
    """Imports into one partnership are written one at a time: a second waits here until the first
    commits (PostgreSQL; SQLite's IMMEDIATE transactions queue writers already). Taken before the
    preview is made (the import command does), the second import then previews what the first wrote."""
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()


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
        # A row this preview took for new was written meanwhile by another import (a plan, a reference,
        # a quarter's update: each unique in the database): its preview was made before the lock.
        raise ImportRefused(CONCURRENT.format(name=preview.partnership.name)) from exc
    return preview.counts()
