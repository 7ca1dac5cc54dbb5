"""Sign-in lockout by user name and address together (django-axes): five failures lock that pair for 15
minutes with a message on the sign-in page, the right password included; the same user name from
another address, and another user from the same address, still sign in; an admin unlocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client
from django.urls import reverse

from ops.lockout import client_ip
from tests.conftest import PASSWORD, World

LOGIN = reverse("login")


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.7") -> Any:
    """A sign-in through the reverse proxy (127.0.0.1), which passes the client's address."""
    return client.post(LOGIN, {"login": username, "password": password}, REMOTE_ADDR="127.0.0.1",
                       HTTP_X_FORWARDED_FOR=address)


def fail_five_times(username: str, address: str = "203.0.113.7") -> None:
    for attempt in range(5):
        response = sign_in(Client(), username, f"wrong-{attempt}", address)
        assert response.status_code == (200 if attempt < 4 else 429), attempt


def test_five_failures_lock_the_user_name_from_that_address(world: World) -> None:
    fail_five_times(world.lead.username)
    response = sign_in(Client(), world.lead.username, PASSWORD)  # the right password, too late
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in as “len-lead” from your address is refused for 15 minutes after 5 failed attempts" in page
    assert 'name="password"' in page  # still the sign-in page
    assert 'name="login" value="len-lead"' in page  # allauth's form, the user name kept
    assert "_auth_user_id" not in Client().session
    attempt = AccessAttempt.objects.get(username=world.lead.username)
    assert attempt.ip_address == "203.0.113.7" and attempt.failures_since_start >= 5
    assert AccessFailureLog.objects.filter(username=world.lead.username, locked_out=True).exists()


def test_lockout_is_by_user_name_and_address_together(world: World) -> None:
    fail_five_times(world.lead.username, "203.0.113.7")
    # The same user name from another address (the officer at another station) is not locked.
    other_address = Client()
    assert sign_in(other_address, world.lead.username, PASSWORD, "198.51.100.20").status_code == 302
    # Another user behind the same council proxy address is not locked either.
    colleague = Client()
    assert sign_in(colleague, world.coordinator.username, PASSWORD, "203.0.113.7").status_code == 302


def last_failure_minutes_ago(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=minutes))


def test_lockout_lasts_15_minutes(world: World) -> None:
    fail_five_times(world.lead.username)
    last_failure_minutes_ago(14)
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 429


def test_lockout_ends_after_15_minutes(world: World) -> None:
    fail_five_times(world.lead.username)
    last_failure_minutes_ago(16)
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 302


def test_fewer_failures_then_success_start_the_count_again(world: World) -> None:
    for attempt in range(4):
        assert sign_in(Client(), world.lead.username, f"wrong-{attempt}").status_code == 200
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 302
    for attempt in range(4):
        assert sign_in(Client(), world.lead.username, f"wrong-again-{attempt}").status_code == 200
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 302


def test_an_admin_unlocks_in_the_admin_site(world: World) -> None:
    fail_five_times(world.lead.username)
    attempt = AccessAttempt.objects.get(username=world.lead.username)
    superuser = get_user_model().objects.create_superuser("root-admin", "root@example.org", PASSWORD)
    admin = Client()
    admin.force_login(superuser)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "len-lead" in listing.content.decode()
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=world.lead.username).exists()
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 302


@pytest.mark.parametrize(("peer", "forwarded", "expected"), [
    ("127.0.0.1", "203.0.113.7", "203.0.113.7"),               # through the proxy
    ("127.0.0.1", "10.9.9.9, 203.0.113.7", "203.0.113.7"),     # a client-sent header: the proxy's entry is last
    ("198.51.100.1", "203.0.113.7", "198.51.100.1"),           # not a trusted proxy: its header is ignored
    ("198.51.100.1", "", "198.51.100.1"),
    ("127.0.0.1", "not-an-address", "127.0.0.1"),
])
def test_client_address_is_believed_only_from_the_proxy(rf: Any, peer: str, forwarded: str, expected: str) -> None:
    request = rf.post(LOGIN, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
