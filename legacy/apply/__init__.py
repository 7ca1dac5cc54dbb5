"""Write a preview to the database in one transaction: all or nothing. One module per kind of
data (plan, BVPI 225, figures); bulk writes (legacy.apply.bulk) still give every created or
changed row its history record. A step of legacy.services.legacy_import, which checks who may."""

from __future__ import annotations

from django.db import transaction

from legacy.apply.bvpi import apply_bvpi
from legacy.apply.figures import apply_figures
from legacy.apply.plan import apply_plan
from legacy.diff import Preview
from partnerships.permissions import User

__all__ = ["ImportRefused", "apply_preview"]


class ImportRefused(ValueError):
    pass


def apply_preview(preview: Preview, *, user: User | None) -> dict[str, int]:
    """Writes the preview's rows, the history naming `user`; the counts of created, changed and
    unchanged rows."""
    if preview.problems:
        raise ImportRefused("the file has problems: nothing was imported")
    kinds = {r.kind for r in preview.rows}
    with transaction.atomic():
        if kinds & {"objective", "action"}:
            apply_plan(preview, user)
        if kinds & {"assessment", "answer", "monitoring"}:
            apply_bvpi(preview, user)
        if kinds & {"indicator", "value", "target"}:
            apply_figures(preview, user)
    return preview.counts()
