"""The marac app's rows of the permission matrix (tests/test_permission_matrix.py picks them up)."""

from __future__ import annotations

from django.db.models import Model

from tests.matrix import READERS, Page

PAGES: list[Page] = [
    Page("marac:index", READERS),
]
MODELS: list[type[Model]] = []
