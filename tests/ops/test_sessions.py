"""Sessions end after 30 minutes without a request, 12 hours after signing in however busy, and when the
browser closes; every answer to a signed-in user is Cache-Control: no-store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ops import sessions
from tests.conftest import PASSWORD, World, add_update, client_for

PLAN = reverse("actions:plan", kwargs={"partnership": "north"})


def signed_in(world: World) -> Client:
    """Signed in through the sign-in form, as a person is."""
    client = Client()
    response = client.post(reverse("login"), {"login": world.coordinator.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def at(moment: dt.datetime) -> Any:
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_session_ends_after_30_minutes_without_a_request(world: World) -> None:
    client = signed_in(world)
    start = timezone.now()
    with at(start + dt.timedelta(minutes=29)):
        assert client.get(PLAN).status_code == 200
    with at(start + dt.timedelta(minutes=58)):  # 29 minutes after the last request: still signed in
        assert client.get(PLAN).status_code == 200
    with at(start + dt.timedelta(minutes=58 + 31)):
        response = client.get(PLAN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_session_cookie_ends_with_the_browser(world: World) -> None:
    client = signed_in(world)
    client.get(PLAN)
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # no date: the browser drops it on closing
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 30 * 60


def test_session_ends_12_hours_after_signing_in_however_busy(world: World) -> None:
    client = signed_in(world)
    started = client.session[sessions.SIGNED_IN_AT]
    with mock.patch.object(sessions, "now", return_value=started + 12 * 3600 - 60):
        assert client.get(PLAN).status_code == 200
    with mock.patch.object(sessions, "now", return_value=started + 12 * 3600 + 60):
        response = client.get(PLAN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert "You were signed out 12 hours after signing in" in page.content.decode()
    assert client.get(PLAN).status_code == 302  # signed out for good, not only for one request


def test_signing_in_again_starts_a_new_12_hours(world: World) -> None:
    first = signed_in(world)
    started = first.session[sessions.SIGNED_IN_AT]
    with mock.patch.object(sessions, "now", return_value=started + 13 * 3600):
        again = signed_in(world)
        assert again.session[sessions.SIGNED_IN_AT] == started + 13 * 3600
        assert again.get(PLAN).status_code == 200


def assert_no_store(response: Any) -> None:
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_signed_in_page_export_and_evidence_are_no_store(world: World, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.coordinator)
    assert_no_store(client.get(PLAN))
    assert_no_store(client.get(reverse("actions:plan_export", kwargs={"partnership": "north", "fmt": "csv"})))
    update = add_update(world.police_action, 2009, 1)
    update.evidence_file.save("minutes.txt", ContentFile(b"Minutes"), save=True)
    assert_no_store(client.get(reverse("actions:evidence", kwargs={
        "partnership": "north", "pk": world.police_action.pk, "update_pk": update.pk})))


def test_pages_for_nobody_signed_in_are_not_marked(db: None) -> None:
    response = Client().get(reverse("password_reset"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
