"""Rows of the permission matrix for the lead's one-page update (issue 11)."""

from __future__ import annotations

from django.db.models import Model

from tests.matrix import LEADS_WRITE, Page, expect

PAGES: list[Page] = [
    Page("actions:bulk_update", expect(200, member=403, viewer=403)),
    Page("actions:bulk_update", LEADS_WRITE, method="post"),
]
MODELS: list[type[Model]] = []
