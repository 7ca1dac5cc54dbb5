"""Pages are compressed for browsers that accept gzip (WhiteNoise compresses only the static files)."""

from __future__ import annotations

import gzip

from django.urls import reverse

from tests.conftest import World, client_for


def test_plan_page_is_gzipped_for_a_browser_that_accepts_it(world: World) -> None:
    client = client_for(world.coordinator)
    url = reverse("actions:plan", kwargs={"partnership": "north"})
    plain = client.get(url)
    assert plain.status_code == 200 and not plain.has_header("Content-Encoding")
    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    page = gzip.decompress(compressed.content).decode()
    assert world.police_action.description in page
    assert len(compressed.content) < len(plain.content) / 2
