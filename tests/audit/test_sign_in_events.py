"""Sign-ins, failed sign-ins, sign-outs and lockouts go into the audit log of each partnership the person
belongs to, with the address they came from (through the proxy); a user name nobody has into no
partnership's log."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from partnerships.models import Membership, Role
from tests.audit.conftest import ADDRESS, events, sign_in
from tests.conftest import PASSWORD, World, client_for

Kind = AuditEvent.Kind


def test_sign_in_is_recorded_with_the_client_address(world: World) -> None:
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 302
    [event] = events(kind=Kind.SIGN_IN)
    assert (event.user, event.username, event.partnership, event.ip_address) == (
        world.lead, "len-lead", world.north, ADDRESS)


def test_sign_in_of_a_member_of_two_partnerships_is_in_both_logs(world: World) -> None:
    Membership.objects.create(user=world.lead, partnership=world.south, role=Role.MEMBER)
    sign_in(Client(), world.lead.username, PASSWORD)
    assert {e.partnership for e in events(kind=Kind.SIGN_IN)} == {world.north, world.south}


def test_failed_sign_in_is_recorded_against_the_account_named(world: World) -> None:
    assert sign_in(Client(), world.lead.username, "not-the-password").status_code == 200
    [event] = events(kind=Kind.SIGN_IN_FAILED)
    assert (event.user, event.username, event.partnership, event.ip_address) == (
        world.lead, "len-lead", world.north, ADDRESS)
    assert "not-the-password" not in str(event.details) + event.path


def test_failed_sign_in_as_nobody_is_in_no_partnerships_log(world: World) -> None:
    sign_in(Client(), "no-such-person", "guess")
    [event] = events(kind=Kind.SIGN_IN_FAILED)
    assert (event.user, event.username, event.partnership) == (None, "no-such-person", None)


def test_sign_out_is_recorded(world: World) -> None:
    client = client_for(world.coordinator)
    assert client.post(reverse("logout"), REMOTE_ADDR="198.51.100.4").status_code == 302
    [event] = events(kind=Kind.SIGN_OUT)
    assert (event.user, event.partnership, event.ip_address) == (world.coordinator, world.north, "198.51.100.4")


def test_a_lockout_is_recorded_once_and_refused_attempts_as_refused(world: World) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit):
        sign_in(Client(), world.lead.username, f"wrong-{attempt}")
    [lockout] = events(kind=Kind.LOCKED_OUT)
    assert (lockout.user, lockout.username, lockout.partnership, lockout.ip_address) == (
        world.lead, "len-lead", world.north, ADDRESS)
    assert lockout.details == {"failures": limit}
    # The right password, refused while the lockout lasts: a refused failure, not a second lockout.
    assert sign_in(Client(), world.lead.username, PASSWORD).status_code == 429
    assert len(events(kind=Kind.LOCKED_OUT)) == 1
    failures = events(kind=Kind.SIGN_IN_FAILED)
    assert len(failures) == limit + 1
    assert [f.details for f in failures] == [{}] * limit + [{"refused": "locked out"}]
    assert not events(kind=Kind.SIGN_IN)
