"""Saving a model whose unique constraints a person can clash with (a second panel member of the same
name, a second board for one council): checked, saved in a savepoint, and a clash reported as the form
error the caller names, with nothing written."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model


def save_or_clash(obj: Model, clash: dict[str, str]) -> None:
    """Validate `obj`'s own fields (relations and uniqueness are the caller's and the database's), save it
    in a savepoint, and turn a unique constraint's IntegrityError into ValidationError(clash)."""
    try:
        with transaction.atomic():
            obj.full_clean(exclude=[f.name for f in obj._meta.get_fields() if f.is_relation], validate_unique=False,
                           validate_constraints=False)
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(clash) from exc
