"""Evidence files and import originals are only ever downloaded through the views that check the user's
partnership: no URL serves MEDIA_ROOT, not even with DEBUG on (the development server's settings)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches, reverse

import portal.urls
from legacy.models import ImportRecord
from tests.conftest import World, add_update, client_for


@pytest.fixture
def debug_urls(settings: Any, tmp_path: Path) -> Iterator[None]:
    """The URLconf as the development server builds it: with DEBUG on."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


def test_evidence_file_is_not_served_from_media_even_with_debug_on(world: World, debug_urls: None) -> None:
    update = add_update(world.police_action, 2009, 1)
    update.evidence_file.save("minutes.txt", ContentFile(b"Minutes of the SIG"), save=True)
    assert Path(update.evidence_file.path).exists()
    media_url = f"/media/{update.evidence_file.name}"

    for user in (world.viewer, world.coordinator, world.outsider):
        assert client_for(user).get(media_url).status_code == 404

    # The view that checks the partnership serves it to north's members and nobody else.
    view_url = reverse("actions:evidence", kwargs={"partnership": "north", "pk": world.police_action.pk,
                                                    "update_pk": update.pk})
    response = client_for(world.member).get(view_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Minutes of the SIG"  # type: ignore[attr-defined]
    assert client_for(world.outsider).get(view_url).status_code == 404


def test_import_original_is_not_served_from_media_even_with_debug_on(world: World, debug_urls: None) -> None:
    record = ImportRecord(partnership=world.north, year_start=2009, file_name="plan.csv", sha256="a" * 64,
                          file_format="csv", layout="portal", imported_by=world.admin)
    record.original.save("plan.csv", ContentFile(b"Ref,Action\n1,Train staff\n"), save=True)
    assert Path(record.original.path).exists()
    for user in (world.admin, world.outsider):
        assert client_for(user).get(f"/media/{record.original.name}").status_code == 404
    view_url = reverse("legacy:original", kwargs={"partnership": "north", "pk": record.pk})
    assert client_for(world.admin).get(view_url).status_code == 200
    assert client_for(world.outsider).get(view_url).status_code == 404
